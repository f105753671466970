package dev.redcast.server.broker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Thread-safe. Decides which failures of one backend operation are worth a WARN line: the first of
 * an outage, logged with what the backend said; the rest only at DEBUG, so a Redis that refuses
 * every request does not write one line per request. An outage ends after {@link #QUIET} without a
 * failure rather than at the first success, because while Redis is full or failing over some
 * commands succeed among the refused ones, and each would otherwise start a new outage.
 */
public final class OutageLog {
    /** How long without a failure ends an outage: 1 minute. */
    public static final Duration QUIET = Duration.ofMinutes(1);

    private final LongSupplier nanoClock;
    private final AtomicLong lastFailure = new AtomicLong();
    // Written before the first failure's time, so 0 can never be confused with "none yet".
    private volatile boolean anyFailure;

    public OutageLog() {
        this(System::nanoTime);
    }

    /** With the clock {@code nanoClock} (for tests). */
    public OutageLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A failure: true when it starts an outage (log it at WARN), false while one lasts. */
    public boolean failed() {
        long now = nanoClock.getAsLong();
        long previous = lastFailure.getAndSet(now);
        boolean first = !anyFailure;
        anyFailure = true;
        return first || now - previous >= QUIET.toNanos();
    }
}
