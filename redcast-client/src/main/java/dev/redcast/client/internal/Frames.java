package dev.redcast.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.client.ChannelInfo;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.Message;
import dev.redcast.client.Presence;
import dev.redcast.client.PublishResult;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.SubscribeOptions;
import dev.redcast.client.Subscribed;
import dev.redcast.client.Welcome;
import dev.redcast.protocol.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Thread-safe (stateless). The JSON of protocol v1: commands this client sends and the frames the
 * server sends back. Decoding is lenient where the protocol allows (unknown fields are ignored,
 * optional fields may be missing) and strict where a wrong value would mislead the application (a
 * message without a channel, a payload that is not base64).
 */
public final class Frames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {}

    // ---- commands ----

    /** A command with its type and request id. */
    public static ObjectNode command(String type, long id) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("id", id);
        return node;
    }

    /**
     * A subscribe command.
     *
     * @param since the position to recover from, or null
     * @param history how many past messages to ask for (ignored when {@code since} is set)
     */
    public static ObjectNode subscribe(
            long id, String channel, SubscribeOptions options, StreamPosition since, int history) {
        ObjectNode node = command("subscribe", id);
        node.put("channel", channel);
        if (options.pattern()) {
            node.put("pattern", true);
        }
        if (options.persist()) {
            node.put("persist", true);
        }
        if (since != null) {
            ObjectNode s = node.putObject("since");
            s.put("offset", since.offset());
            s.put("epoch", since.epoch());
        } else if (history > 0) {
            node.put("history", history);
        }
        return node;
    }

    public static ObjectNode unsubscribe(long id, String channel, boolean pattern) {
        ObjectNode node = command("unsubscribe", id);
        node.put("channel", channel);
        if (pattern) {
            node.put("pattern", true);
        }
        return node;
    }

    public static ObjectNode publish(long id, String channel, String payload) {
        return publish(id, channel, payload, null);
    }

    /** A publish command; {@code idempotencyKey} may be null. */
    public static ObjectNode publish(
            long id, String channel, String payload, String idempotencyKey) {
        ObjectNode node = command("publish", id);
        node.put("channel", channel);
        node.put("payload", payload);
        if (idempotencyKey != null) {
            node.put("idempotency_key", idempotencyKey);
        }
        return node;
    }

    /** A history command; {@code before} may be null. */
    public static ObjectNode history(long id, String channel, int limit, Long before) {
        ObjectNode node = command("history", id);
        node.put("channel", channel);
        node.put("limit", limit);
        if (before != null) {
            node.put("before", before);
        }
        return node;
    }

    public static ObjectNode presence(long id, String channel) {
        ObjectNode node = command("presence", id);
        node.put("channel", channel);
        return node;
    }

    public static ObjectNode refresh(long id, String token) {
        ObjectNode node = command("refresh", id);
        node.put("token", token);
        return node;
    }

    /**
     * The {@code exp} claim of a JWT, read without verifying anything (the server verifies; the
     * client only needs to know when to refresh); null when the token is not a JWT (a shared token)
     * or has no numeric {@code exp}.
     */
    public static Instant jwtExpiry(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.isNumber()
                    ? Instant.ofEpochMilli((long) (exp.asDouble() * 1000))
                    : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // not base64url or not JSON: not a JWT this client can read
        }
    }

    /** One line of JSON. */
    public static String encode(JsonNode node) {
        try {
            return escapeLoneSurrogates(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + node.getNodeType(), e);
        }
    }

    /**
     * {@code json} with every lone surrogate written as its six-character {@code \\u} escape (such
     * as {@code \\ud800}). Jackson writes them raw into the string, and a raw lone surrogate has no
     * UTF-8 form: it would go out as {@code '?'}. It can only stand inside a JSON string, where the
     * escape means the same.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    // ---- server frames ----

    /**
     * Parses one frame.
     *
     * @throws RedcastException with {@link RedcastException#CODE_BAD_FRAME} when it is not a JSON
     *     object with a string {@code type}
     */
    public static JsonNode parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw badFrame("frame is not JSON: " + abbreviate(text), e);
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw badFrame("frame has no string 'type': " + abbreviate(text), null);
        }
        return node;
    }

    /** The frame's {@code type}. */
    public static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    /** The frame's request {@code id}, or -1 when it carries none. */
    public static long id(JsonNode frame) {
        JsonNode id = frame.get("id");
        return id != null && id.canConvertToLong() ? id.asLong() : -1;
    }

    public static Welcome welcome(JsonNode frame) {
        long seconds = frame.path("ping_interval").asLong(0);
        return new Welcome(
                text(frame, "client"),
                text(frame, "user"),
                text(frame, "node"),
                text(frame, "version"),
                Duration.ofSeconds(Math.max(0, seconds)),
                strings(frame.get("subscriptions")));
    }

    /**
     * A {@code message} frame or an element of a {@code messages} array.
     *
     * @param defaultChannel the channel to assume when the element names none (history replies may
     *     leave it out); null to require one
     */
    public static Message message(JsonNode node, String defaultChannel) {
        String channel = text(node, "channel");
        if (channel == null) {
            channel = defaultChannel;
        }
        if (channel == null) {
            throw badFrame("message without a channel: " + abbreviate(encode(node)), null);
        }
        String payload = null;
        byte[] binary = null;
        JsonNode p = node.get("payload");
        if (p != null && !p.isNull()) {
            // The protocol sends a string; a server that embeds JSON as a value still gets read.
            payload = p.isTextual() ? p.asText() : encode(p);
        } else {
            String b64 = text(node, "payload_b64");
            if (b64 != null) {
                try {
                    binary = Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw badFrame("payload_b64 on " + channel + " is not base64", e);
                }
            } else {
                payload = "";
            }
        }
        JsonNode offset = node.get("offset");
        return new Message(
                channel,
                payload,
                binary,
                instant(text(node, "timestamp")),
                offset != null && offset.canConvertToLong() ? offset.asLong() : null,
                text(node, "epoch"),
                text(node, "from"),
                text(node, "pattern"));
    }

    public static PublishResult published(JsonNode frame) {
        return new PublishResult(
                longOrNull(frame, "offset"),
                text(frame, "epoch"),
                frame.path("replayed").asBoolean(false));
    }

    /**
     * A {@code subscribed} reply.
     *
     * @param channel the channel subscribed to, used when the reply does not repeat it
     */
    public static Subscribed subscribed(JsonNode frame, String channel, boolean pattern) {
        String replyChannel = text(frame, "channel");
        String ch = replyChannel != null ? replyChannel : channel;
        JsonNode recovered = frame.get("recovered");
        return new Subscribed(
                ch,
                frame.path("pattern").asBoolean(pattern),
                recovered != null && recovered.isBoolean() ? recovered.asBoolean() : null,
                longOrNull(frame, "offset"),
                text(frame, "epoch"),
                messages(frame.get("messages"), pattern ? null : ch));
    }

    public static HistoryPage history(JsonNode frame, String channel) {
        String replyChannel = text(frame, "channel");
        String ch = replyChannel != null ? replyChannel : channel;
        return new HistoryPage(
                ch,
                messages(frame.get("messages"), ch),
                longOrNull(frame, "offset"),
                text(frame, "epoch"));
    }

    /** A {@code presence} reply; users may be names or objects with a {@code user} field. */
    public static Presence presence(JsonNode frame, String channel) {
        List<String> users = new ArrayList<>();
        for (JsonNode u : iterable(frame.get("users"))) {
            if (u.isTextual()) {
                users.add(u.asText());
            } else if (u.isObject()) {
                String name = text(u, "user");
                users.add(name != null ? name : text(u, "name"));
            }
        }
        users.removeIf(u -> u == null);
        String replyChannel = text(frame, "channel");
        return new Presence(replyChannel != null ? replyChannel : channel, users);
    }

    public static List<ChannelInfo> channels(JsonNode frame) {
        List<ChannelInfo> result = new ArrayList<>();
        for (JsonNode c : iterable(frame.get("channels"))) {
            if (c.isTextual()) {
                result.add(new ChannelInfo(c.asText(), "", -1));
            } else if (c.isObject() && text(c, "name") != null) {
                result.add(
                        new ChannelInfo(
                                text(c, "name"),
                                text(c, "description"),
                                c.path("subscribers").asLong(-1)));
            }
        }
        return List.copyOf(result);
    }

    /** The {@code offset}/{@code epoch} a frame carries, or null when it has not both. */
    public static StreamPosition position(JsonNode frame) {
        Long offset = longOrNull(frame, "offset");
        String epoch = text(frame, "epoch");
        return offset != null && offset >= 0 && epoch != null
                ? new StreamPosition(offset, epoch)
                : null;
    }

    /** An {@code error} frame as an exception. */
    public static RedcastException error(JsonNode frame) {
        String code = text(frame, "code");
        String message = text(frame, "message");
        return new RedcastException(
                code != null ? code : ErrorCode.INTERNAL.wire(),
                message != null ? message : "server error without a message");
    }

    // ---- helpers ----

    private static List<Message> messages(JsonNode array, String defaultChannel) {
        List<Message> result = new ArrayList<>();
        for (JsonNode m : iterable(array)) {
            result.add(message(m, defaultChannel));
        }
        return result;
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        for (JsonNode s : iterable(array)) {
            if (s.isTextual()) {
                result.add(s.asText());
            }
        }
        return result;
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    /** A text field, or null when missing or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() && !v.isTextual() ? v.asLong() : null;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // A timestamp is informational; a server with another format must not lose messages.
            return null;
        }
    }

    private static RedcastException badFrame(String message, Throwable cause) {
        return new RedcastException(RedcastException.CODE_BAD_FRAME, message, cause);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
