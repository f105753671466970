package dev.redcast.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.CloseCodes;

/**
 * Thread-safe (immutable records). What an administrator asks of every node through the HTTP API,
 * as it travels between nodes on the admin control channel: {@code
 * {"type":"disconnect","user":"wael","code":4503}}, {@code
 * {"type":"subscribe","user":"wael","channel":"news"}}, {@code {"type":"unsubscribe",...}} (plus
 * the {@link ControlSeal} fields). Each record checks its fields, so a node applies nothing
 * malformed whoever sent it.
 */
public sealed interface AdminCommand {
    /** Longest user name a command may name: 1 024 characters. */
    int MAX_USER = 1024;

    /** The message that carries this command to the other nodes, without the seal. */
    ObjectNode json();

    /**
     * Closes connections: those of {@code user}, or the one with client id {@code client}.
     *
     * @param user whose connections are closed, or null when {@code client} is given
     * @param client the one connection closed, or null when {@code user} is given
     * @param code {@link CloseCodes#DISCONNECTED_BY_ADMIN} (terminal: the client must not
     *     reconnect) or {@link CloseCodes#FORCED_RECONNECT} (reconnect with backoff)
     */
    record Disconnect(String user, String client, int code) implements AdminCommand {
        public Disconnect {
            if ((user == null) == (client == null)) {
                throw new IllegalArgumentException("name either a 'user' or a 'client', not both");
            }
            if (user != null) {
                checkUser(user);
            } else if (client.isEmpty() || client.length() > 64) {
                throw new IllegalArgumentException("'client' must be a client id");
            }
            if (code != CloseCodes.DISCONNECTED_BY_ADMIN && code != CloseCodes.FORCED_RECONNECT) {
                throw new IllegalArgumentException(
                        "the close code is "
                                + CloseCodes.DISCONNECTED_BY_ADMIN
                                + " or "
                                + CloseCodes.FORCED_RECONNECT
                                + ", got "
                                + code);
            }
        }

        @Override
        public ObjectNode json() {
            ObjectNode m = message("disconnect");
            if (user != null) {
                m.put("user", user);
            } else {
                m.put("client", client);
            }
            m.put("code", code);
            return m;
        }

        /** Whether a connection of {@code connectionUser} with id {@code clientId} is meant. */
        public boolean matches(String connectionUser, String clientId) {
            return user != null ? user.equals(connectionUser) : client.equals(clientId);
        }
    }

    /** Subscribes every connection of {@code user} to {@code channel}, on every node. */
    record Subscribe(String user, String channel) implements AdminCommand {
        public Subscribe {
            checkUser(user);
            checkChannel(channel);
        }

        @Override
        public ObjectNode json() {
            return message("subscribe").put("user", user).put("channel", channel);
        }
    }

    /** Unsubscribes every connection of {@code user} from {@code channel}, on every node. */
    record Unsubscribe(String user, String channel) implements AdminCommand {
        public Unsubscribe {
            checkUser(user);
            checkChannel(channel);
        }

        @Override
        public ObjectNode json() {
            return message("unsubscribe").put("user", user).put("channel", channel);
        }
    }

    /**
     * The command in a control message, or null when it is not a well-formed one.
     *
     * @param message a control message (its seal fields are not looked at)
     */
    static AdminCommand parse(JsonNode message) {
        String type = message.path("type").asText("");
        String user = text(message, "user");
        try {
            return switch (type) {
                case "disconnect" ->
                        message.path("code").isInt()
                                ? new Disconnect(
                                        user,
                                        text(message, "client"),
                                        message.get("code").intValue())
                                : null;
                case "subscribe" -> new Subscribe(user, text(message, "channel"));
                case "unsubscribe" -> new Unsubscribe(user, text(message, "channel"));
                default -> null;
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String text(JsonNode message, String field) {
        JsonNode v = message.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static ObjectNode message(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private static void checkUser(String user) {
        if (user == null || user.isEmpty() || user.length() > MAX_USER) {
            throw new IllegalArgumentException(
                    "'user' must be a user name of 1 to " + MAX_USER + " characters");
        }
    }

    private static void checkChannel(String channel) {
        if (channel == null) {
            throw new IllegalArgumentException("missing field 'channel'");
        }
        String problem = ChannelNames.publicProblem(channel);
        if (problem != null) {
            throw new IllegalArgumentException("'channel': " + problem);
        }
    }
}
