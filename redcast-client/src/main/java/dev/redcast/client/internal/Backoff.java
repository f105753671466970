package dev.redcast.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Thread-safe (immutable). Reconnect delays: exponential growth with jitter.
 *
 * <p>Attempt {@code n} (from 1) has the window {@code [min, ceiling]} with {@code ceiling =
 * min(max, min * 2^n)}. The delay is {@code ceiling - jitter * r * (ceiling - min)} for a uniform
 * random {@code r} in [0, 1): with jitter 1 ("full jitter") it is uniform over the whole window, so
 * clients that lost the same server spread out instead of returning together; with jitter 0 it is
 * the ceiling. The floor stays {@code min} so a client never hammers a server that is down.
 */
public record Backoff(Duration min, Duration max, double jitter) {
    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
    }

    /** The upper bound of attempt {@code attempt}'s window. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        // Past 2^40 the ceiling is max anyway; capping the exponent avoids overflow.
        double nanos = min.toNanos() * Math.pow(2, Math.min(attempt, 40));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /**
     * The delay before attempt {@code attempt}.
     *
     * @param random uniform values in [0, 1)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        long ceiling = ceiling(attempt).toNanos();
        long window = ceiling - min.toNanos();
        double r = random.getAsDouble();
        if (!(r >= 0 && r < 1)) {
            throw new IllegalArgumentException("random value outside [0, 1): " + r);
        }
        return Duration.ofNanos(ceiling - (long) (jitter * r * window));
    }
}
