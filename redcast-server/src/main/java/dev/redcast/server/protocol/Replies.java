package dev.redcast.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ErrorCode;
import java.util.Collection;
import java.util.Map;

/**
 * Thread-safe (stateless). Builds the server's reply frames (everything but {@code message}, which
 * {@link MessageFrameEncoder} writes on the hot path). Each reply echoes the command's {@code id}
 * when it had one.
 */
public final class Replies {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Replies() {}

    /** A reply of {@code type} to the command with {@code id} (null: none). */
    public static ObjectNode reply(String type, Long id) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        if (id != null) {
            node.put("id", id);
        }
        return node;
    }

    public static ObjectNode welcome(
            String client,
            String user,
            String node,
            String version,
            int pingIntervalSeconds,
            Collection<String> subscriptions) {
        ObjectNode w = reply("welcome", null);
        w.put("client", client);
        w.put("user", user);
        w.put("node", node);
        w.put("version", version);
        w.put("ping_interval", pingIntervalSeconds);
        ArrayNode subs = w.putArray("subscriptions");
        subscriptions.forEach(subs::add);
        return w;
    }

    public static ObjectNode channelReply(String type, Long id, String channel, boolean pattern) {
        ObjectNode r = reply(type, id);
        r.put("channel", channel);
        if (pattern) {
            r.put("pattern", true);
        }
        return r;
    }

    /** {@code {"type":"presence","channel":..,"users":[{"user":..,"connections":N}]}}. */
    public static ObjectNode presence(Long id, String channel, Map<String, Integer> members) {
        ObjectNode reply = channelReply("presence", id, channel, false);
        ArrayNode users = reply.putArray("users");
        members.forEach(
                (user, connections) -> {
                    ObjectNode u = users.addObject();
                    u.put("user", user);
                    u.put("connections", connections);
                });
        return reply;
    }

    public static ObjectNode error(Long id, ErrorCode code, String message) {
        ObjectNode e = reply("error", id);
        e.put("code", code.wire());
        e.put("message", message);
        return e;
    }

    /** {@code {"error":"code","message":"..."}}, the body of every HTTP error. */
    public static byte[] httpError(ErrorCode code, String message) {
        ObjectNode e = NODES.objectNode();
        e.put("error", code.wire());
        e.put("message", message);
        return bytes(e);
    }

    public static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + node.getClass().getSimpleName(), e);
        }
    }
}
