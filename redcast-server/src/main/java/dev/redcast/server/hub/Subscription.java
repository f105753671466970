package dev.redcast.server.hub;

import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Confined to its session's event loop. One session's subscription to one topic.
 *
 * <p>A subscription starts {@code PENDING}: live messages that arrive before its reply has been
 * sent (the broker subscription is being confirmed, or history is being read) are held and written
 * right after the reply, so a client always sees its {@code subscribed} (or {@code welcome}) before
 * the first message and never loses one in between.
 *
 * <p>A channel subscription also tracks the last offset it delivered ({@link OffsetTracker}):
 * messages at or below it are duplicates and dropped; a jump (the node's pub/sub connection was
 * rebuilt, say) switches it to {@code REPAIRING}, which holds live messages like {@code PENDING}
 * while {@link Recovery} fetches the missing range from the history, then goes live again.
 */
final class Subscription {
    private enum State {
        PENDING,
        LIVE,
        REPAIRING,
        CLOSED
    }

    private record Held(ByteBuf frame, ChannelMessage message) {}

    private final Session session;
    private final TopicKey key;
    private final Recovery recovery;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private State state = State.PENDING;

    Subscription(Session session, TopicKey key, Recovery recovery) {
        this.session = session;
        this.key = key;
        this.recovery = recovery;
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

    boolean closed() {
        return state == State.CLOSED;
    }

    /** The last position delivered to the client, or null when unknown. */
    StreamPosition position() {
        return tracker.position();
    }

    /** A message for this subscription; {@code frame} is borrowed, not owned. */
    void deliver(ByteBuf frame, ChannelMessage message) {
        switch (state) {
            case LIVE -> {
                OffsetTracker.Verdict v = verdict(message);
                if (v == OffsetTracker.Verdict.GAP) {
                    hold(frame, message);
                    startRepair();
                } else {
                    write(frame, message, v);
                }
            }
            case PENDING, REPAIRING -> hold(frame, message);
            case CLOSED -> {}
        }
    }

    /** The reply has been written: release what was held, then go live. */
    void activate() {
        activate(null);
    }

    /**
     * The reply has been written and told the client it is at {@code position} (null: unknown):
     * release what was held past it, then go live.
     */
    void activate(StreamPosition position) {
        if (state != State.PENDING) {
            return;
        }
        if (!key.pattern()) {
            tracker.reset(position);
        }
        state = State.LIVE;
        drainHeld();
    }

    /** A repair fetched {@code missed} (oldest first): write what is new, then go live again. */
    void repaired(List<ChannelMessage> missed, ByteBufAllocator alloc) {
        if (state != State.REPAIRING) {
            return;
        }
        for (ChannelMessage m : missed) {
            if (verdict(m) == OffsetTracker.Verdict.NEXT) {
                ByteBuf frame = session.wire().message(alloc, m);
                try {
                    write(frame, m, OffsetTracker.Verdict.NEXT);
                } finally {
                    frame.release();
                }
            }
        }
        state = State.LIVE;
        drainHeld();
    }

    /** A repair was impossible (the client was told): follow the live messages from here on. */
    void repairFailed() {
        if (state != State.REPAIRING) {
            return;
        }
        tracker.reset(null);
        state = State.LIVE;
        drainHeld();
    }

    /** Stops delivery and frees what was held; safe to call twice. */
    void close() {
        state = State.CLOSED;
        Held h;
        while ((h = held.poll()) != null) {
            session.releaseHeld(h.frame().readableBytes());
            h.frame().release();
        }
    }

    private OffsetTracker.Verdict verdict(ChannelMessage m) {
        return key.pattern() ? OffsetTracker.Verdict.UNTRACKED : tracker.check(m);
    }

    private void write(ByteBuf frame, ChannelMessage m, OffsetTracker.Verdict v) {
        switch (v) {
            case DUPLICATE -> {
                return;
            }
            case NEW_EPOCH ->
                    session.notice(
                            Recovery.unrecoverable(
                                    m.channel(),
                                    "the history of channel '"
                                            + m.channel()
                                            + "' was lost (epoch "
                                            + tracker.epoch()
                                            + " is now "
                                            + m.epoch()
                                            + "); messages may be missing",
                                    new StreamPosition(m.offset(), m.epoch())));
            default -> {}
        }
        if (!key.pattern()) {
            tracker.delivered(m);
        }
        session.writeShared(frame);
    }

    private void hold(ByteBuf frame, ChannelMessage message) {
        if (!session.reserveHeld(frame.readableBytes())) {
            return;
        }
        held.add(new Held(frame.retain(), message));
    }

    /** Writes held messages in order until one opens a gap (which starts a repair). */
    private void drainHeld() {
        Held h;
        while (state == State.LIVE && (h = held.peekFirst()) != null) {
            OffsetTracker.Verdict v = verdict(h.message());
            if (v == OffsetTracker.Verdict.GAP) {
                startRepair();
                break;
            }
            held.pollFirst();
            session.releaseHeld(h.frame().readableBytes());
            try {
                write(h.frame(), h.message(), v);
            } finally {
                h.frame().release();
            }
        }
        session.flushIfDirty();
    }

    private void startRepair() {
        state = State.REPAIRING;
        recovery.repair(this);
    }
}
