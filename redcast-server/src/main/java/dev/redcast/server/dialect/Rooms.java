package dev.redcast.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.config.DialectsConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.hub.Session;
import dev.redcast.server.hub.Wire;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.PresenceEvent;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.Timestamps;
import dev.redcast.server.protocol.WebSocketFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Thread-safe (immutable). The chat-room server of the Pub/Sub + Streams tutorial and its browser
 * {@code ChatClient}. The client names itself in its first frame, {@code
 * {"type":"auth","user_id","username"}}, answered {@code auth_success}; then {@code join_room},
 * {@code get_history}, {@code send_message} (and {@code leave_room}, {@code get_online_users}) on
 * {@code room_id}s. Room {@code 42} is the channel {@code room:42} of the configured namespace,
 * whose history rule keeps the room's history and whose {@code join_leave} announces {@code
 * user_joined}/{@code user_left}.
 *
 * <p>The user is the {@code user_id} (with JWTs: the token's {@code sub}); the {@code username} is
 * shown to others as the user's {@code info}. A chat message travels as the JSON the original put
 * on Redis, {@code {"type":"chat_message","room_id","user_id","username","content","timestamp"}},
 * built here from the session, so every consumer of the channel sees what the original's did. Such
 * JSON reaches room clients as it is only when its {@code user_id} is the user who published it (or
 * a backend did), so nobody can speak as someone else; any other message, such as plain text from
 * redcast's own clients, reaches them as a {@code chat_message} by its publisher.
 *
 * <p>Refusals are {@code {"type":"error","code","message"}}; the original had no error frame.
 */
final class Rooms implements Dialect, Wire {
    /** Messages {@code get_history} returns, as the original's {@code count=50}. */
    static final int HISTORY = 50;

    /** Longest display name. */
    static final int MAX_USERNAME = 64;

    private static final Start START = new Start(false, List.of(), false);

    private final Hub hub;
    private final Commands commands;
    private final String prefix;
    private final boolean verifiedIdentities;
    private final boolean presence;

    /**
     * @param namespace the namespace whose channels are the rooms
     * @param verifiedIdentities whether users are who their JWT says (the frame's {@code user_id}
     *     then changes nothing)
     * @param presence whether the namespace lets clients ask who is in a room
     */
    Rooms(
            Hub hub,
            Commands commands,
            String namespace,
            boolean verifiedIdentities,
            boolean presence) {
        this.hub = hub;
        this.commands = commands;
        this.prefix = namespace + ":";
        this.verifiedIdentities = verifiedIdentities;
        this.presence = presence;
    }

    @Override
    public String name() {
        return DialectsConfig.ROOMS;
    }

    @Override
    public Wire wire() {
        return this;
    }

    @Override
    public Connection connect(Session session) {
        return new RoomConnection(session);
    }

    /** Confined to its channel's event loop. One {@code ChatClient}'s frames. */
    private final class RoomConnection implements Connection {
        private final Session session;
        private String username;

        RoomConnection(Session session) {
            this.session = session;
        }

        @Override
        public void text(byte[] frame) {
            JsonNode root = DialectJson.object(frame);
            String type = DialectJson.required(root, "type");
            if (type.equals("auth")) {
                auth(root);
                return;
            }
            if (username == null) {
                throw ProtocolException.badRequest(
                        "send {\"type\":\"auth\",\"user_id\":...,\"username\":...} first", null);
            }
            switch (type) {
                case "join_room" -> {
                    String channel = channel(root);
                    commands.handle(
                            session, new Command.Subscribe(null, channel, false, null, 0, false));
                    if (presence) {
                        commands.handle(session, new Command.Presence(null, channel));
                    }
                }
                case "leave_room" ->
                        commands.handle(
                                session, new Command.Unsubscribe(null, channel(root), false));
                case "get_history" ->
                        commands.handle(
                                session, new Command.History(null, channel(root), HISTORY, null));
                case "get_online_users" ->
                        commands.handle(session, new Command.Presence(null, channel(root)));
                case "send_message" -> send(root);
                default ->
                        throw ProtocolException.badRequest(
                                "unknown message type '" + abbreviate(type) + "'", null);
            }
        }

        private void auth(JsonNode root) {
            if (username != null) {
                throw ProtocolException.badRequest(
                        "already authenticated as " + session.user(), null);
            }
            String userId = DialectJson.required(root, "user_id");
            String name = DialectJson.text(root, "username");
            if (name == null || name.isEmpty()) {
                name = userId;
            }
            if (name.length() > MAX_USERNAME) {
                throw ProtocolException.badRequest(
                        "username is at most " + MAX_USERNAME + " characters", null);
            }
            ObjectNode info = DialectJson.newObject().put("username", name);
            Principal current = session.principal();
            Principal next;
            if (verifiedIdentities) {
                next =
                        new Principal(
                                current.user(),
                                current.channels(),
                                current.info() != null
                                        ? current.info()
                                        : new String(
                                                DialectJson.bytes(info), StandardCharsets.UTF_8),
                                current.expiresAt());
            } else {
                String problem = SharedTokenAuthenticator.userProblem(userId);
                if (problem != null) {
                    throw ProtocolException.badRequest("user_id: " + problem, null);
                }
                next =
                        new Principal(
                                userId,
                                List.of(),
                                new String(DialectJson.bytes(info), StandardCharsets.UTF_8),
                                current.expiresAt());
            }
            hub.identify(session, next);
            username = name;
            ObjectNode ok = DialectJson.newObject();
            ok.put("type", "auth_success");
            ok.put("message", "authenticated");
            ok.put("user_id", session.user());
            ok.put("username", name);
            session.sendText(DialectJson.bytes(ok));
        }

        private void send(JsonNode root) {
            String channel = channel(root);
            String content = DialectJson.text(root, "content");
            if (content == null) {
                throw ProtocolException.badRequest("missing field 'content'", null);
            }
            ObjectNode message = DialectJson.newObject();
            message.put("type", "chat_message");
            message.put("room_id", roomOf(channel));
            message.put("user_id", session.user());
            message.put("username", username);
            message.put("content", content);
            message.put("timestamp", Timestamps.iso(System.currentTimeMillis()));
            commands.handle(
                    session,
                    new Command.Publish(
                            null,
                            channel,
                            new String(DialectJson.bytes(message), StandardCharsets.UTF_8)));
        }

        private String channel(JsonNode root) {
            return DialectJson.channel(prefix + DialectJson.required(root, "room_id"));
        }
    }

    @Override
    public Start start() {
        return START;
    }

    @Override
    public ByteBuf message(ByteBufAllocator alloc, ChannelMessage m) {
        String text = new String(m.payload(), StandardCharsets.UTF_8);
        JsonNode frame =
                roomMessage(
                        roomOf(m.channel()), text, m.from(), Timestamps.iso(m.timestampMillis()));
        return WebSocketFrames.text(alloc, DialectJson.bytes(frame));
    }

    @Override
    public byte[] reply(Session session, ObjectNode reply) {
        String room = roomOf(reply.path("channel").asText(""));
        switch (reply.path("type").asText()) {
            case "error" -> {
                ObjectNode error = DialectJson.newObject();
                error.put("type", "error");
                error.put("code", reply.path("code").asText());
                error.put("message", reply.path("message").asText());
                return DialectJson.bytes(error);
            }
            case "history" -> {
                ObjectNode history = DialectJson.newObject();
                history.put("type", "room_history");
                history.put("room_id", room);
                ArrayNode messages = history.putArray("messages");
                for (JsonNode m : reparsed(reply).path("messages")) {
                    messages.add(
                            roomMessage(
                                    room,
                                    payloadText(m),
                                    m.hasNonNull("from") ? m.get("from").asText() : null,
                                    m.path("timestamp").asText()));
                }
                return DialectJson.bytes(history);
            }
            case "presence" -> {
                ObjectNode online = DialectJson.newObject();
                online.put("type", "online_users");
                online.put("room_id", room);
                ArrayNode users = online.putArray("users");
                java.util.Set<String> listed = new java.util.TreeSet<>();
                reply.path("users").forEach(u -> listed.add(u.path("user").asText()));
                if (session.subscribedTo(reply.path("channel").asText())) {
                    // Its own join may not be recorded yet when the read that follows it is done.
                    listed.add(session.user());
                }
                for (String user : listed) {
                    // Presence keeps users by id; their display names travel with their events.
                    users.addObject().put("user_id", user).put("username", user);
                }
                return DialectJson.bytes(online);
            }
            default -> {
                return null; // the original confirmed nothing else
            }
        }
    }

    @Override
    public byte[] presence(PresenceEvent event) {
        boolean join = event.type().equals(PresenceEvent.JOIN);
        String name = event.user();
        if (event.info() != null) {
            try {
                name = DialectJson.MAPPER.readTree(event.info()).path("username").asText(name);
            } catch (IOException e) {
                // an info that is not JSON shows the user id, as presence does
            }
        }
        ObjectNode frame = DialectJson.newObject();
        frame.put("type", join ? "user_joined" : "user_left");
        frame.put("room_id", roomOf(event.channel()));
        frame.put("user_id", event.user());
        frame.put("username", name);
        frame.put("message", name + (join ? " joined the room" : " left the room"));
        frame.put("timestamp", Timestamps.iso(System.currentTimeMillis()));
        return DialectJson.bytes(frame);
    }

    /**
     * A message of a room as its clients get it: the room server's own JSON as it is when its
     * {@code user_id} is who published it ({@code from}; or nobody said, a backend), else a {@code
     * chat_message} by the publisher with the text as its content.
     */
    private static JsonNode roomMessage(String room, String text, String from, String timestamp) {
        JsonNode own = ownJson(text);
        if (own != null && (from == null || from.equals(own.path("user_id").asText(null)))) {
            return own;
        }
        ObjectNode m = DialectJson.newObject();
        m.put("type", "chat_message");
        m.put("room_id", room);
        m.put("user_id", from == null ? "" : from);
        m.put("username", from == null ? "" : from);
        m.put("content", text);
        m.put("timestamp", timestamp);
        return m;
    }

    /** {@code text} as a room server frame (a JSON object with a {@code type}), or null. */
    private static JsonNode ownJson(String text) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            return null;
        }
        try {
            JsonNode node = DialectJson.MAPPER.readTree(text);
            return node != null && node.isObject() && node.path("type").isTextual() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The payload of a history entry (a redcast message envelope) as text. */
    private static String payloadText(JsonNode m) {
        if (m.has("payload_b64")) {
            return new String(
                    Base64.getDecoder().decode(m.get("payload_b64").asText()),
                    StandardCharsets.UTF_8);
        }
        return m.path("payload").asText();
    }

    /** {@code reply} read back as a tree: its messages are embedded as raw JSON text. */
    private static JsonNode reparsed(ObjectNode reply) {
        try {
            return DialectJson.MAPPER.readTree(DialectJson.bytes(reply));
        } catch (IOException e) {
            throw new IllegalStateException("a reply the server built is JSON", e);
        }
    }

    /** The room of a channel of the namespace: {@code room:42} is room {@code 42}. */
    private String roomOf(String channel) {
        return channel.startsWith(prefix) ? channel.substring(prefix.length()) : channel;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
