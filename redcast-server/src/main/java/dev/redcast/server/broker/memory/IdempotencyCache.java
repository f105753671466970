package dev.redcast.server.broker.memory;

import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Thread-safe (state guarded by this object's monitor). The embedded broker's idempotency keys: per
 * channel and key, the result of the first publish that used it, for the window. A key is claimed
 * before its publish runs, so concurrent retries share one publish.
 *
 * <p>Bounded: at most {@link #MAX_KEYS} keys. Every key lives the same window, so insertion order
 * is expiry order: expired keys leave from the head, and when the map is full the oldest live key
 * is dropped early (counted in {@link #evictions()}); a retry with that key would publish again.
 */
final class IdempotencyCache {
    /** Most keys kept at once: 100 000 (about 20 MB); room for 333 keyed publishes a second. */
    static final int MAX_KEYS = 100_000;

    private record Entry(CompletableFuture<PublishResult> result, long expiresNanos) {}

    private final long windowNanos;
    private final int maxKeys;
    private final LongSupplier nanoClock;

    // Guarded by this.
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private long evictions;

    IdempotencyCache(Duration window) {
        this(window, MAX_KEYS, System::nanoTime);
    }

    IdempotencyCache(Duration window, int maxKeys, LongSupplier nanoClock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, got " + maxKeys);
        }
        this.windowNanos = window.toNanos();
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    /**
     * Runs {@code publish} unless {@code key} was used on {@code channel} within the window; then
     * answers the first publish's result as a replay instead. A publish that fails gives its key
     * back, so a retry runs again.
     */
    CompletableFuture<PublishResult> once(
            String channel,
            IdempotencyKey key,
            Supplier<CompletableFuture<PublishResult>> publish) {
        // Channel names hold no control characters, so NUL separates unambiguously.
        String k = channel + '\0' + key.scoped();
        Entry mine;
        Entry earlier;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            expire(now);
            earlier = entries.get(k);
            mine = earlier == null ? new Entry(new CompletableFuture<>(), now + windowNanos) : null;
            if (mine != null) {
                if (entries.size() >= maxKeys) {
                    Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
                    oldest.next();
                    oldest.remove();
                    evictions++;
                }
                entries.put(k, mine);
            }
        }
        if (earlier != null) {
            return earlier.result().thenApply(PublishResult::asReplay);
        }
        CompletableFuture<PublishResult> result;
        try {
            result = publish.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete(
                (r, err) -> {
                    if (err != null) {
                        synchronized (this) {
                            entries.remove(k, mine);
                        }
                        mine.result().completeExceptionally(err);
                    } else {
                        mine.result().complete(r);
                    }
                });
        return mine.result().copy();
    }

    /** Keys held now, expired ones not yet dropped included. */
    synchronized int size() {
        return entries.size();
    }

    /** Keys dropped before their window ended because the cache was full. */
    synchronized long evictions() {
        return evictions;
    }

    private void expire(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (it.next().expiresNanos() - now > 0) {
                return;
            }
            it.remove();
        }
    }
}
