package dev.redcast.bench.internal;

/**
 * Thread-safe (immutable). When each message of an open-loop run is due: message {@code seq} at
 * {@code seq / rate} seconds after the start, whatever happened to the ones before it.
 *
 * <p>Times are computed from the sequence number rather than accumulated, so rounding never drifts
 * and a publisher that fell behind catches up in a burst instead of silently lowering the rate.
 *
 * @param rate messages per second, greater than zero
 * @param count messages in the run
 */
public record OpenLoopSchedule(double rate, long count) {

    public OpenLoopSchedule {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate must be > 0 messages/s, got " + rate);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
    }

    /** The schedule for {@code rate} messages/s over {@code nanos} (rounded down to a message). */
    public static OpenLoopSchedule over(double rate, long nanos) {
        return new OpenLoopSchedule(rate, (long) Math.floor(rate * nanos / 1e9 + 1e-9));
    }

    /** Nanoseconds from the start at which message {@code seq} is due. */
    public long offsetNanos(long seq) {
        return (long) Math.floor(seq * 1e9 / rate);
    }

    /**
     * How many messages are due {@code elapsedNanos} after the start, capped at {@link #count()}:
     * message {@code seq} is due once {@code elapsedNanos >= offsetNanos(seq)}.
     */
    public long dueAt(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        long due = (long) Math.floor(elapsedNanos * rate / 1e9) + 1;
        // The division above can round either way at exact boundaries; settle on offsetNanos.
        while (due > 0 && offsetNanos(due - 1) > elapsedNanos) {
            due--;
        }
        while (due < count && offsetNanos(due) <= elapsedNanos) {
            due++;
        }
        return Math.min(due, count);
    }

    /** Messages whose due time falls in {@code [fromNanos, toNanos)}. */
    public long dueBetween(long fromNanos, long toNanos) {
        return dueAt(toNanos - 1) - dueAt(fromNanos - 1);
    }
}
