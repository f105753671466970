package dev.redcast.server.presence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Thread-safe. Coalesces presence reads of one channel: requests that arrive while a read is in
 * flight, or within a short window after it completed, share its result, so a popular channel whose
 * thousands of members ask "who is here" at once costs one store read, not thousands.
 */
public final class PresenceReads {
    /** How long a completed read keeps answering: 250 ms. */
    public static final long DEFAULT_WINDOW_MILLIS = 250;

    private record Read(CompletableFuture<Map<String, Integer>> result, long startedNanos) {}

    private final PresenceStore store;
    private final long windowNanos;
    private final ConcurrentHashMap<String, Read> reads = new ConcurrentHashMap<>();

    public PresenceReads(PresenceStore store) {
        this(store, DEFAULT_WINDOW_MILLIS);
    }

    public PresenceReads(PresenceStore store, long windowMillis) {
        this.store = store;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /** The members of {@code channel}, possibly shared with concurrent callers; do not mutate. */
    public CompletableFuture<Map<String, Integer>> members(String channel) {
        long now = System.nanoTime();
        Read mine = new Read(new CompletableFuture<>(), now);
        Read read =
                reads.compute(
                        channel,
                        (k, existing) ->
                                existing != null && fresh(existing, now) ? existing : mine);
        if (read == mine) {
            start(channel, read);
        }
        return read.result().copy();
    }

    private boolean fresh(Read r, long now) {
        // In flight counts as fresh; a finished read answers until the window has passed.
        return !r.result().isDone() || now - r.startedNanos() < windowNanos;
    }

    private void start(String channel, Read read) {
        CompletableFuture<Map<String, Integer>> source;
        try {
            source = store.members(channel);
        } catch (RuntimeException e) {
            source = CompletableFuture.failedFuture(e);
        }
        source.whenComplete(
                (v, err) -> {
                    if (err != null) {
                        // A failure is not cached: the next caller tries again.
                        reads.remove(channel, read);
                        read.result().completeExceptionally(err);
                    } else {
                        read.result().complete(Collections.unmodifiableMap(new LinkedHashMap<>(v)));
                        CompletableFuture.delayedExecutor(windowNanos, TimeUnit.NANOSECONDS)
                                .execute(() -> reads.remove(channel, read));
                    }
                });
    }

    /**
     * Drops the shared read of {@code channel}: its membership just changed (this node wrote it, or
     * a join/leave arrived), so the next caller reads again and sees the change.
     */
    public void invalidate(String channel) {
        reads.remove(channel);
    }

    /** Channels with a read in flight or cached (for tests). */
    int cached() {
        return reads.size();
    }
}
