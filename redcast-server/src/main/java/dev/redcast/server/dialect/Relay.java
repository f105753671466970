package dev.redcast.server.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.config.DialectsConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Session;
import dev.redcast.server.hub.Wire;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.JsonBytes;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.WebSocketFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Thread-safe (immutable). The Node {@code ws} + {@code redis} relay: every text frame a client
 * sends is published, as it is, on one channel, and every client of the path gets every message of
 * that channel as the bare text, its own included, as the original's {@code wss.clients.forEach}
 * did. The message crosses Redis without redcast's envelope (it names no publisher), so a plain
 * {@code SUBSCRIBE} of the channel sees exactly the text, as with the original. The original
 * answered nothing, so neither does this: refusals (a channel clients may not publish on, too many
 * frames a second) only count towards closing a client that keeps sending them.
 */
final class Relay implements Dialect, Wire {
    private final Commands commands;
    private final String channel;
    private final Start start;

    Relay(Commands commands, String channel) {
        this.commands = commands;
        this.channel = channel;
        this.start = new Start(false, List.of(channel), false);
    }

    @Override
    public String name() {
        return DialectsConfig.RELAY;
    }

    @Override
    public Wire wire() {
        return this;
    }

    @Override
    public Connection connect(Session session) {
        return new Connection() {
            @Override
            public void text(byte[] frame) {
                publish(session, frame);
            }

            @Override
            public void binary(byte[] frame) {
                // ws hands binary frames to the original's handler too, which published them.
                if (!JsonBytes.isValidUtf8(frame)) {
                    throw ProtocolException.badRequest(
                            "binary frames are relayed when they hold UTF-8 text", null);
                }
                publish(session, frame);
            }
        };
    }

    private void publish(Session session, byte[] frame) {
        commands.handle(
                session,
                new Command.Publish(
                        null, channel, new String(frame, StandardCharsets.UTF_8), false, null));
    }

    @Override
    public Start start() {
        return start;
    }

    /** The bare payload: a text frame, or a binary one for bytes that are not UTF-8 text. */
    @Override
    public ByteBuf message(ByteBufAllocator alloc, ChannelMessage m) {
        return !m.wtf8() && JsonBytes.isValidUtf8(m.payload())
                ? WebSocketFrames.text(alloc, m.payload())
                : WebSocketFrames.binary(alloc, m.payload());
    }

    @Override
    public byte[] reply(Session session, ObjectNode reply) {
        return null;
    }
}
