package dev.redcast.bench.internal;

/**
 * Thread-safe (immutable). The one time base of a benchmark JVM.
 *
 * <p>Publisher and receivers live in the same JVM, so {@link System#nanoTime()} is comparable
 * between them; stamps hold the offset from {@link #ORIGIN} so they are never negative.
 */
public final class BenchClock {

    /** {@link System#nanoTime()} when this class was loaded. */
    public static final long ORIGIN = System.nanoTime();

    private BenchClock() {}

    /** Nanoseconds since {@link #ORIGIN}. */
    public static long now() {
        return System.nanoTime() - ORIGIN;
    }
}
