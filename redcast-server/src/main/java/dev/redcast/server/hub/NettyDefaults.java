package dev.redcast.server.hub;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Thread-safe (runs once, in a class initializer). Netty settings the fan-out path depends on,
 * applied before Netty reads them; a {@code -D} given on the command line always wins.
 *
 * <p>Every write to a connection takes a {@code ChannelOutboundBuffer.Entry} and every delivery a
 * duplicate of the shared frame (its own reader index). Netty pools both per thread, but by default
 * keeps only one new object in eight and passes all but the last 32 through a linked queue that
 * allocates as it goes: 55 to 90 bytes of garbage per delivery. Keeping every object in a batch as
 * large as the writes a drain has in flight ({@link #RECYCLER_BATCH}) makes the fan-out
 * allocation-free ({@code FanoutAllocationIT}; the load generator's {@code srvB/dl} column).
 *
 * <p>Only when the collector does not use G1's card refinement: pooled objects live in the old
 * generation, and under G1 every store into them (an entry pointing at its duplicate, a duplicate
 * at this message's frame) queues a card for concurrent refinement. Measured at 700 000 deliveries
 * per second, that cost 25 % more server CPU than the garbage it saved, so under G1 Netty's
 * defaults stay; under the Parallel or Serial collector pooling costs nothing and is on (see
 * docs/benchmarks.md).
 *
 * <p>The leak detector is off unless asked for: it samples one buffer in 128, and when it samples a
 * shared frame it records a stack trace for each subscriber's duplicate, thousands of stack traces
 * for one message. Tests and {@code -Dio.netty.leakDetection.level=simple} turn it back on.
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
        if (poolsPay(collectorNames())) {
            setIfAbsent("io.netty.recycler.ratio", "1");
            setIfAbsent("io.netty.recycler.chunkSize", Integer.toString(RECYCLER_BATCH));
            setIfAbsent(
                    "io.netty.recycler.maxCapacityPerThread",
                    Integer.toString(RECYCLER_CAPACITY_PER_THREAD));
        }
        if (System.getProperty("io.netty.leakDetectionLevel") == null) {
            setIfAbsent("io.netty.leakDetection.level", "disabled");
        }
    }

    /** Whether pooling every fan-out object is cheaper than its garbage under these collectors. */
    static boolean poolsPay(List<String> collectorNames) {
        return !collectorNames.isEmpty()
                && collectorNames.stream().noneMatch(name -> name.startsWith("G1 "));
    }

    private static List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .toList();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
