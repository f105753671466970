package dev.redcast.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.util.Objects;

/**
 * Thread-safe (immutable). A user's first connection entering a channel ({@code join}) or last one
 * leaving it ({@code leave}). The same JSON travels between nodes on the presence control channel
 * and reaches clients as the {@code join}/{@code leave} frame: {@code
 * {"type":"join","channel":"general","user":"mazen"}}.
 *
 * @param type {@code join} or {@code leave}
 * @param channel the channel entered or left
 * @param user who entered or left
 * @param info the user's public JSON object (what their credentials carried) as compact JSON text,
 *     shown as {@code info}; null when there is none or it is not known (a leave announced for a
 *     node that died)
 */
public record PresenceEvent(String type, String channel, String user, String info) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static final String JOIN = "join";
    public static final String LEAVE = "leave";

    public PresenceEvent {
        if (!JOIN.equals(type) && !LEAVE.equals(type)) {
            throw new IllegalArgumentException("not a presence event type: " + type);
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(user, "user");
    }

    /** An event without {@code info}. */
    public PresenceEvent(String type, String channel, String user) {
        this(type, channel, user, null);
    }

    /** The event's JSON, for the control channel and as the client frame's text. */
    public byte[] json() {
        ObjectNode event = Replies.reply(type, null);
        event.put("channel", channel);
        event.put("user", user);
        if (info != null) {
            event.putRawValue("info", new RawValue(info));
        }
        return Replies.bytes(event);
    }

    /** The event in {@code json}, or null when it is not a well-formed presence event. */
    public static PresenceEvent parse(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return null;
            }
            String type = node.path("type").asText("");
            String channel = node.path("channel").asText(null);
            String user = node.path("user").asText(null);
            if (!(type.equals(JOIN) || type.equals(LEAVE)) || channel == null || user == null) {
                return null;
            }
            JsonNode info = node.get("info");
            return new PresenceEvent(
                    type,
                    channel,
                    user,
                    info != null && info.isObject() ? MAPPER.writeValueAsString(info) : null);
        } catch (IOException e) {
            return null;
        }
    }
}
