package dev.redcast.server.broker.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thread-safe (immutable). Exponential backoff with "equal jitter": half the exponential delay plus
 * a random share of the other half, so a fleet of nodes that lost Redis together does not reconnect
 * in lockstep, yet never retries in a tight loop.
 */
record Backoff(Duration base, Duration cap) {
    /** Default first retry delay: 100 ms. */
    static final Duration DEFAULT_BASE = Duration.ofMillis(100);

    /** Default longest delay: 5 s. */
    static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

    static Backoff defaults() {
        return new Backoff(DEFAULT_BASE, DEFAULT_CAP);
    }

    /** Delay before retry number {@code attempt} (0-based). */
    Duration delay(int attempt) {
        long capMs = cap.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 20);
        long full = Math.min(capMs, exp);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
