package dev.redcast.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Thread-safe. Bytes the threads of an event loop group have allocated on the heap so far, from the
 * JVM's per-thread allocation counters. All fan-out work runs on these threads, so the growth of
 * this figure per delivered message is the garbage the fan-out path makes; the load generator
 * reports it for every run.
 */
public final class LoopAllocation implements LongSupplier {
    private final com.sun.management.ThreadMXBean threads;
    private final long[] ids;

    private LoopAllocation(com.sun.management.ThreadMXBean threads, long[] ids) {
        this.threads = threads;
        this.ids = ids;
    }

    /**
     * Starts every loop of {@code group} (they start lazily) to learn its thread; null when the JVM
     * cannot count allocations per thread.
     */
    public static LoopAllocation of(EventLoopGroup group) {
        if (!(ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean threads)) {
            return null;
        }
        if (!threads.isThreadAllocatedMemorySupported()) {
            return null;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        List<Future<Long>> idFutures = new ArrayList<>();
        for (EventExecutor loop : group) {
            idFutures.add(loop.submit(() -> Thread.currentThread().getId()));
        }
        long[] ids = new long[idFutures.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = idFutures.get(i).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return null;
            }
        }
        return new LoopAllocation(threads, ids);
    }

    @Override
    public long getAsLong() {
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }
}
