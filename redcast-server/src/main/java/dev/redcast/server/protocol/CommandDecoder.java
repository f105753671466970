package dev.redcast.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.protocol.IdempotencyKeys;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.io.IOException;

/**
 * Thread-safe (stateless). Turns one client text frame into a {@link Command}, or throws a {@link
 * ProtocolException} that says exactly what is wrong. Unknown fields are ignored, as PROTOCOL.md
 * promises; wrong types never are.
 */
public final class CommandDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Largest {@code history}/{@code limit} a client may ask for in one command. */
    public static final int MAX_HISTORY_LIMIT = 1000;

    private CommandDecoder() {}

    public static Command decode(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProtocolException.badRequest("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw ProtocolException.badRequest("unreadable frame: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw ProtocolException.badRequest("a command must be a JSON object", null);
        }
        Long id = id(root);
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw ProtocolException.badRequest("missing field 'type'", id);
        }
        if (!type.isTextual()) {
            throw ProtocolException.badRequest("field 'type' must be a string", id);
        }
        return switch (type.textValue()) {
            case "subscribe" ->
                    new Command.Subscribe(
                            id,
                            channel(root, id),
                            bool(root, "pattern", id),
                            since(root, id),
                            count(root, "history", 0, id),
                            bool(root, "persist", id),
                            root.has("token") ? token(root, id) : null);
            case "unsubscribe" ->
                    new Command.Unsubscribe(id, channel(root, id), bool(root, "pattern", id));
            case "publish" ->
                    new Command.Publish(
                            id,
                            channel(root, id),
                            payload(root, id),
                            true,
                            idempotencyKey(root, id));
            case "history" ->
                    new Command.History(
                            id,
                            channel(root, id),
                            count(root, "limit", Command.History.DEFAULT_LIMIT, id),
                            optionalLong(root, "before", id));
            case "presence" -> new Command.Presence(id, channel(root, id));
            case "channels" ->
                    new Command.Channels(
                            id, optionalLong(root, "limit", id), optionalText(root, "cursor", id));
            case "ping" -> new Command.Ping(id);
            case "refresh" -> new Command.Refresh(id, token(root, id));
            default ->
                    throw ProtocolException.badRequest(
                            "unknown command type '" + abbreviate(type.textValue()) + "'", id);
        };
    }

    private static Long id(JsonNode root) {
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            throw ProtocolException.badRequest("field 'id' must be an integer", null);
        }
        return id.longValue();
    }

    private static String channel(JsonNode root, Long id) {
        JsonNode node = root.get("channel");
        if (node == null || node.isNull()) {
            throw ProtocolException.badRequest("missing field 'channel'", id);
        }
        if (!node.isTextual()) {
            throw ProtocolException.badRequest("field 'channel' must be a string", id);
        }
        String problem = ChannelNames.publicProblem(node.textValue());
        if (problem != null) {
            throw ProtocolException.badRequest(problem, id);
        }
        return node.textValue();
    }

    private static String token(JsonNode root, Long id) {
        JsonNode node = root.get("token");
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw ProtocolException.badRequest("field 'token' must be a non-empty string", id);
        }
        if (node.textValue().length() > Command.Refresh.MAX_TOKEN_CHARS) {
            throw ProtocolException.badRequest(
                    "token longer than " + Command.Refresh.MAX_TOKEN_CHARS + " characters", id);
        }
        return node.textValue();
    }

    private static String payload(JsonNode root, Long id) {
        JsonNode node = root.get("payload");
        if (node == null || node.isNull()) {
            throw ProtocolException.badRequest("missing field 'payload'", id);
        }
        if (!node.isTextual()) {
            throw ProtocolException.badRequest(
                    "field 'payload' must be a string (encode JSON payloads as a string)", id);
        }
        return node.textValue();
    }

    private static String idempotencyKey(JsonNode root, Long id) {
        String key = optionalText(root, "idempotency_key", id);
        String problem = key == null ? null : IdempotencyKeys.problem(key);
        if (problem != null) {
            throw ProtocolException.badRequest(problem, id);
        }
        return key;
    }

    private static boolean bool(JsonNode root, String field, Long id) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ProtocolException.badRequest("field '" + field + "' must be true or false", id);
        }
        return node.booleanValue();
    }

    private static int count(JsonNode root, String field, int absent, Long id) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw ProtocolException.badRequest(
                    "field '" + field + "' must be a whole number >= 0", id);
        }
        if (node.intValue() > MAX_HISTORY_LIMIT) {
            throw new ProtocolException(
                    ErrorCode.LIMIT_EXCEEDED,
                    "field '"
                            + field
                            + "' is at most "
                            + MAX_HISTORY_LIMIT
                            + ", got "
                            + node.intValue(),
                    id);
        }
        return node.intValue();
    }

    private static Long optionalLong(JsonNode root, String field, Long id) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw ProtocolException.badRequest(
                    "field '" + field + "' must be a whole number >= 0", id);
        }
        return node.longValue();
    }

    private static String optionalText(JsonNode root, String field, Long id) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ProtocolException.badRequest("field '" + field + "' must be a string", id);
        }
        return node.textValue();
    }

    private static StreamPosition since(JsonNode root, Long id) {
        JsonNode node = root.get("since");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ProtocolException.badRequest(
                    "field 'since' must be an object {\"offset\":N,\"epoch\":\"E\"}", id);
        }
        Long offset = optionalLong(node, "offset", id);
        JsonNode epoch = node.get("epoch");
        if (offset == null || epoch == null || !epoch.isTextual()) {
            throw ProtocolException.badRequest(
                    "field 'since' needs a whole-number 'offset' and a string 'epoch'", id);
        }
        return new StreamPosition(offset, epoch.textValue());
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
