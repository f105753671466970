package dev.redcast.client.internal;

import dev.redcast.client.Message;
import dev.redcast.client.MessageListener;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.SubscribeOptions;
import dev.redcast.client.Subscribed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Confined to the client's scheduler thread. One subscription the application wants, and how far
 * its listener has got: the position of the last delivered message (for {@code since} and for
 * dropping duplicates) and the live messages held back while a subscribe reply is awaited.
 */
final class Subscription {
    /** Live messages held while the subscribe reply is awaited; past this, recovery fails. */
    static final int MAX_HELD = 10_000;

    /** What identifies a subscription: a channel, or a pattern. */
    record Key(String channel, boolean pattern) {}

    final Key key;
    final SubscribeOptions options;
    final MessageListener listener;

    /** Position of the last delivered message; null before any, always null for patterns. */
    StreamPosition last;

    /** The {@code since} of the subscribe in flight, null when it asked for none. */
    StreamPosition requestedSince;

    /** Whether the server confirmed it once (history is asked for only the first time). */
    boolean confirmed;

    /** The application's future until the first reply, then null. */
    CompletableFuture<Subscribed> future;

    /** Whether a subscribe command for it waits for its reply. */
    boolean inFlight;

    /** Live messages that arrived while {@link #inFlight}, delivered after the reply. */
    final List<Message> held = new ArrayList<>();

    /** Whether {@link #held} hit {@link #MAX_HELD} and dropped messages. */
    boolean overflowed;

    Subscription(Key key, SubscribeOptions options, MessageListener listener) {
        this.key = key;
        this.options = options;
        this.listener = listener;
    }

    /** Holds a live message back until the subscribe reply has been handled. */
    void hold(Message m) {
        if (held.size() < MAX_HELD) {
            held.add(m);
        } else {
            overflowed = true;
        }
    }

    /** Forgets held messages: a new subscribe goes out, or the subscription ends. */
    void resetHeld() {
        held.clear();
        overflowed = false;
    }

    /** Whether {@code m} is new to this subscription; records its position when it is. */
    boolean accept(Message m) {
        StreamPosition p = m.position();
        if (key.pattern() || p == null) {
            return true;
        }
        if (last != null && last.covers(p.offset(), p.epoch())) {
            return false;
        }
        last = p;
        return true;
    }

    /** Moves the position forward to {@code p} (the channel's head) if it is ahead. */
    void advanceTo(StreamPosition p) {
        if (key.pattern() || p == null) {
            return;
        }
        if (last == null || !last.epoch().equals(p.epoch()) || p.offset() > last.offset()) {
            last = p;
        }
    }
}
