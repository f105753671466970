package dev.redcast.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.config.DialectsConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Session;
import dev.redcast.server.hub.Wire;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.WebSocketFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Thread-safe (immutable). The Go chat service: {@code /chat?username=NAME}, frames {@code
 * {"command":0|1|2,"channel","content"}} (subscribe, unsubscribe, chat), messages as {@code
 * {"content","channel","command":0}}, errors as {@code {"err":"..."}}, nothing else. Every user
 * starts on {@link #ROOMS} and on the channels they subscribed to before, on any node: a subscribe
 * is remembered for the user ({@code persist}), an unsubscribe forgets it, as the original's Redis
 * sets did. Remembering needs identities the server may trust with it ({@link
 * dev.redcast.server.config.ServerConfig#remembersChannels}); without, a subscribe lasts for the
 * connection and the start-up log says so.
 */
final class GoChat implements Dialect, Wire {
    /** The original's rooms for everyone (its Redis set {@code channels}). */
    static final List<String> ROOMS = List.of("general", "random");

    private static final int SUBSCRIBE = 0;
    private static final int UNSUBSCRIBE = 1;
    private static final int CHAT = 2;

    private static final byte[] CONTENT = ascii("{\"content\":");
    private static final byte[] CHANNEL = ascii(",\"channel\":");
    private static final byte[] COMMAND_END = ascii(",\"command\":0}");

    private static final Start START = new Start(false, ROOMS, true);

    private final Commands commands;
    private final boolean persist;

    /**
     * @param persist whether subscriptions are remembered for the user
     */
    GoChat(Commands commands, boolean persist) {
        this.commands = commands;
        this.persist = persist;
    }

    @Override
    public String name() {
        return DialectsConfig.GOCHAT;
    }

    @Override
    public Wire wire() {
        return this;
    }

    @Override
    public String userParameter() {
        return "username";
    }

    @Override
    public Connection connect(Session session) {
        return frame -> commands.handle(session, command(frame));
    }

    /** The command in a frame; a missing {@code command} is 0, as Go decodes it. */
    private Command command(byte[] frame) {
        JsonNode root = DialectJson.object(frame);
        JsonNode command = root.get("command");
        int n = 0;
        if (command != null && !command.isNull()) {
            if (!command.isIntegralNumber() || !command.canConvertToInt()) {
                throw ProtocolException.badRequest("field 'command' must be 0, 1 or 2", null);
            }
            n = command.intValue();
        }
        if (n < SUBSCRIBE || n > CHAT) {
            throw ProtocolException.badRequest(
                    "unknown command " + n + " (0 subscribes, 1 unsubscribes, 2 chats)", null);
        }
        String channel = DialectJson.channel(DialectJson.required(root, "channel"));
        return switch (n) {
            case SUBSCRIBE -> new Command.Subscribe(null, channel, false, null, 0, persist);
            case UNSUBSCRIBE -> new Command.Unsubscribe(null, channel, false);
            default -> {
                String content = DialectJson.text(root, "content");
                yield new Command.Publish(null, channel, content == null ? "" : content);
            }
        };
    }

    @Override
    public Start start() {
        return START;
    }

    @Override
    public ByteBuf message(ByteBufAllocator alloc, ChannelMessage m) {
        ByteBuf buf =
                WebSocketFrames.startText(alloc, 48 + m.channel().length() + m.payload().length);
        buf.writeBytes(CONTENT);
        DialectJson.writePayloadString(buf, m);
        buf.writeBytes(CHANNEL);
        dev.redcast.server.protocol.JsonBytes.writeString(buf, m.channel());
        buf.writeBytes(COMMAND_END);
        return WebSocketFrames.finishText(buf);
    }

    /** Errors as {@code {"err":"..."}}; the original confirmed nothing else. */
    @Override
    public byte[] reply(Session session, ObjectNode reply) {
        if (!"error".equals(reply.path("type").asText())) {
            return null;
        }
        ObjectNode err = DialectJson.newObject();
        err.put("err", reply.path("message").asText());
        return DialectJson.bytes(err);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
