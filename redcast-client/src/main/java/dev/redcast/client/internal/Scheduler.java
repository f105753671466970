package dev.redcast.client.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Thread-safe. The single thread that owns a client's protocol state, with timers. Production code
 * uses the client's Netty event loop ({@link EventLoopScheduler}); unit tests use a manual clock.
 */
public interface Scheduler {
    /** Whether the caller is the owning thread. */
    boolean inLoop();

    /** Runs {@code task} on the owning thread, after tasks submitted before it. */
    void execute(Runnable task);

    /** Runs {@code task} on the owning thread after {@code delay}; the handle cancels it. */
    Cancellable schedule(Runnable task, Duration delay);

    /** A monotonic clock in nanoseconds. */
    long nanoTime();

    /** Wall-clock time, for token expiry (a JWT's {@code exp} is wall-clock time). */
    Instant wallClock();

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> {};

        /** Calls the task off if it has not run; safe to call twice. */
        void cancel();
    }
}
