package dev.redcast.server.transport;

/**
 * Thread-safe (runs once, in a class initializer). Netty settings the fan-out path depends on,
 * applied before Netty reads them; a {@code -D} given on the command line always wins.
 *
 * <p>Why: every write to a connection takes a {@code ChannelOutboundBuffer.Entry} and every shared
 * frame a duplicate (its own reader index). Netty pools both in per-thread recyclers, but by
 * default keeps only one new object in eight and at most 4096 per thread, so a fan-out to thousands
 * of connections allocated most of them afresh, a few hundred bytes of garbage per delivery.
 * Pooling every one, up to the number a loop has in flight at once, makes the steady state
 * allocation-free (measured with JFR allocation sampling, see docs/benchmarks.md).
 */
public final class NettyDefaults {
    /**
     * Objects each event loop reuses per pool without touching the linked queue; the hub flushes
     * before a drain has more writes than this in flight. 64 KiB of references per pool and loop.
     */
    public static final int RECYCLER_BATCH = 16384;

    /** Objects each event loop may keep per pool. */
    static final int RECYCLER_CAPACITY_PER_THREAD = 4 * RECYCLER_BATCH;

    private NettyDefaults() {}

    /** Sets the defaults unless they were given; has no effect once Netty read them. */
    public static void apply() {
        setIfAbsent("io.netty.recycler.ratio", "1");
        setIfAbsent("io.netty.recycler.chunkSize", Integer.toString(RECYCLER_BATCH));
        setIfAbsent(
                "io.netty.recycler.maxCapacityPerThread",
                Integer.toString(RECYCLER_CAPACITY_PER_THREAD));
        if (System.getProperty("io.netty.leakDetectionLevel") == null) {
            setIfAbsent("io.netty.leakDetection.level", "disabled");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
