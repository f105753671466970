package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.MessageFrameEncoder;
import dev.redcast.server.protocol.PresenceEvent;
import dev.redcast.server.protocol.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Thread-safe (immutable). redcast's own frames (PROTOCOL.md): {@link #V1} for clients that asked
 * for the {@code redcast.v1} subprotocol, {@link #PLAIN} for those that asked for none, the
 * listen-only clients written for the original Redis-to-WebSocket forwarder. Those parse every
 * frame as a message, so they get messages and the answers to their own commands, never a frame
 * they did not ask for (no {@code welcome}, no {@code join}/{@code leave}, no {@code
 * unrecoverable}).
 */
public enum RedcastWire implements Wire {
    V1(true),
    PLAIN(false);

    private static final Start START = new Start(true, List.of(), true);

    private final boolean unsolicited;

    RedcastWire(boolean unsolicited) {
        this.unsolicited = unsolicited;
    }

    @Override
    public Start start() {
        return START;
    }

    @Override
    public ByteBuf message(ByteBufAllocator alloc, ChannelMessage m) {
        return MessageFrameEncoder.encodeFrame(alloc, m);
    }

    @Override
    public byte[] reply(Session session, ObjectNode reply) {
        return Replies.bytes(reply);
    }

    @Override
    public byte[] notice(ObjectNode notice) {
        return unsolicited ? Replies.bytes(notice) : null;
    }

    @Override
    public byte[] presence(PresenceEvent event) {
        return unsolicited ? event.json() : null;
    }
}
