package dev.redcast.server.hub;

import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.CloseCodes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Confined to its session's event loop. One session's subscription to one topic.
 *
 * <p>A subscription starts {@code PENDING}: live messages that arrive before its reply has been
 * sent (the broker subscription is being confirmed, or, later, history is being read) are held in a
 * bounded buffer and written right after the reply, so a client always sees its {@code subscribed}
 * (or {@code welcome}) before the first message and never loses one in between.
 */
final class Subscription {
    /** Live messages a pending subscription may hold before the session counts as too slow. */
    static final int MAX_PENDING = 10_000;

    private enum State {
        PENDING,
        LIVE,
        CLOSED
    }

    private record Held(ByteBuf frame, ChannelMessage message) {}

    private final Session session;
    private final TopicKey key;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private State state = State.PENDING;

    Subscription(Session session, TopicKey key) {
        this.session = session;
        this.key = key;
    }

    Session session() {
        return session;
    }

    TopicKey key() {
        return key;
    }

    boolean live() {
        return state == State.LIVE;
    }

    /** A message for this subscription; {@code frame} is borrowed, not owned. */
    void deliver(ByteBuf frame, ChannelMessage message) {
        switch (state) {
            case LIVE -> session.writeShared(frame);
            case PENDING -> {
                if (held.size() >= MAX_PENDING) {
                    session.close(
                            CloseCodes.SLOW_CONSUMER,
                            "more than "
                                    + MAX_PENDING
                                    + " messages arrived before subscribe completed");
                    return;
                }
                held.add(new Held(frame.retain(), message));
            }
            case CLOSED -> {}
        }
    }

    /** The reply has been written: release what was held, then go live. */
    void activate() {
        if (state != State.PENDING) {
            return;
        }
        state = State.LIVE;
        Held h;
        while ((h = held.poll()) != null) {
            try {
                session.writeShared(h.frame());
            } finally {
                h.frame().release();
            }
        }
        session.flushIfDirty();
    }

    /** Stops delivery and frees what was held; safe to call twice. */
    void close() {
        state = State.CLOSED;
        Held h;
        while ((h = held.poll()) != null) {
            h.frame().release();
        }
    }
}
