package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.PresenceEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Thread-safe (implementations are immutable). What one kind of client gets on its connection:
 * redcast's own frames ({@link RedcastWire}) or those of a dialect that speaks the frames of a
 * system redcast replaces. The hub carries out the same commands for every kind; only the frames
 * towards the client and what it starts subscribed to differ.
 *
 * <p>Every method but {@link #message} runs on the session's event loop. {@link #message} runs once
 * per message and kind of client, on whatever thread fans the message out, and its frame is shared
 * by every subscriber of that kind, so the fan-out stays one encoding per message.
 */
public interface Wire {
    /**
     * What a connection is subscribed to when it opens.
     *
     * @param serverChannels whether it gets the server's default channels and the channels its
     *     token grants
     * @param channels channels of this kind of client's own (not checked against the namespaces,
     *     like the default channels)
     * @param remembered whether it gets its user's remembered channels back
     */
    record Start(boolean serverChannels, List<String> channels, boolean remembered) {
        public Start {
            channels = List.copyOf(channels);
        }
    }

    /** What the connection is subscribed to on connect. */
    Start start();

    /**
     * A finished WebSocket frame ({@link dev.redcast.server.protocol.WebSocketFrames}) carrying
     * {@code m}; the caller owns its one reference. Never null: every subscriber gets every message
     * of its channels, or its offsets would look like gaps.
     */
    ByteBuf message(ByteBufAllocator alloc, ChannelMessage m);

    /**
     * The text of the frame that answers a command of {@code session}'s client: {@code reply} is
     * redcast's reply or {@code error}, as {@link dev.redcast.server.protocol.Replies} builds it.
     * Null to send nothing.
     */
    byte[] reply(Session session, ObjectNode reply);

    /**
     * The text of a frame the client did not ask for ({@code welcome}, an {@code unrecoverable}
     * error), or null to send nothing, as by default: clients that treat every frame as a message
     * must never get one.
     */
    default byte[] notice(ObjectNode notice) {
        return null;
    }

    /**
     * The text of the frame announcing {@code event} to a subscriber, or null (default) for none.
     */
    default byte[] presence(PresenceEvent event) {
        return null;
    }
}
