package dev.redcast.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Objects;

/**
 * Thread-safe (immutable). A user's first connection entering a channel ({@code join}) or last one
 * leaving it ({@code leave}). The same JSON travels between nodes on the presence control channel
 * (sealed there by the sending node) and reaches clients as the {@code join}/{@code leave} frame:
 * {@code {"type":"join","channel":"general","user":"mazen","info":{...}}}.
 *
 * @param type {@code join} or {@code leave}
 * @param channel the channel entered or left
 * @param user who entered or left
 * @param info the user's {@code info} (a JWT claim) as compact JSON object text, or null
 */
public record PresenceEvent(String type, String channel, String user, String info) {
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

    /** The event as a JSON object: the client frame, and the body of the control message. */
    public ObjectNode object() {
        ObjectNode event = Replies.reply(type, null);
        event.put("channel", channel);
        event.put("user", user);
        if (info != null) {
            event.putRawValue("info", new RawValue(info));
        }
        return event;
    }

    /** The client frame's text. */
    public byte[] json() {
        return Replies.bytes(object());
    }

    /**
     * The event in {@code node} (other fields are ignored), or null when it is not a well-formed
     * presence event.
     */
    public static PresenceEvent of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        String type = node.path("type").asText("");
        JsonNode channel = node.get("channel");
        JsonNode user = node.get("user");
        if (!(type.equals(JOIN) || type.equals(LEAVE))
                || channel == null
                || !channel.isTextual()
                || user == null
                || !user.isTextual()) {
            return null;
        }
        JsonNode info = node.get("info");
        return new PresenceEvent(
                type,
                channel.textValue(),
                user.textValue(),
                info != null && info.isObject() ? info.toString() : null);
    }
}
