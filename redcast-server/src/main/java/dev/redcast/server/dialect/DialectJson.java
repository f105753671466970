package dev.redcast.server.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.JsonBytes;
import dev.redcast.server.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Thread-safe (stateless). Reading the JSON frames of dialects whose clients send JSON, with the
 * same answers to malformed input as redcast's own decoder, and building their frames.
 */
final class DialectJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DialectJson() {}

    /** The JSON object in {@code frame}, or a {@code bad_request} that says what is wrong. */
    static JsonNode object(byte[] frame) {
        JsonNode root;
        try {
            root = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw ProtocolException.badRequest("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw ProtocolException.badRequest("unreadable frame: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw ProtocolException.badRequest("a frame must be a JSON object", null);
        }
        return root;
    }

    /**
     * Field {@code name} of {@code root} as text (a number counts, as the originals' dynamically
     * typed servers took either), or null when absent; a {@code bad_request} for anything else.
     */
    static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw ProtocolException.badRequest("field '" + name + "' must be a string", null);
    }

    /** As {@link #text}, but the field must be there and not empty. */
    static String required(JsonNode root, String name) {
        String value = text(root, name);
        if (value == null || value.isEmpty()) {
            throw ProtocolException.badRequest("missing field '" + name + "'", null);
        }
        return value;
    }

    /** {@code name} when clients may use it as a channel, else a {@code bad_request} saying why. */
    static String channel(String name) {
        String problem = ChannelNames.publicProblem(name);
        if (problem != null) {
            throw ProtocolException.badRequest(problem, null);
        }
        return name;
    }

    /**
     * Appends the payload of {@code m} as a quoted JSON string: verbatim when it is text, else
     * decoded with replacement characters, as the originals' string-typed clients read such bytes.
     */
    static void writePayloadString(ByteBuf out, ChannelMessage m) {
        int start = out.writerIndex();
        out.writeByte('"');
        byte[] payload = m.payload();
        boolean text =
                m.wtf8()
                        ? JsonBytes.writeEscapedWtf8(out, payload, 0, payload.length)
                        : JsonBytes.writeEscapedUtf8(out, payload, 0, payload.length);
        if (text) {
            out.writeByte('"');
            return;
        }
        out.writerIndex(start);
        JsonBytes.writeString(out, new String(payload, StandardCharsets.UTF_8));
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
