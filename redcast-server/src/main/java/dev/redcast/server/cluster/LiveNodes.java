package dev.redcast.server.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Thread-safe. This node's view of the live nodes: reads of the {@link NodeRegistry} shared by
 * everyone who asks while one runs, so however many control messages or HTTP requests want to know,
 * a node has at most one registry read in flight.
 *
 * <p>Callers say how old an answer may be by naming the moment the read must have started after:
 * control messages that name a node not seen yet ask for a read that started after they arrived (so
 * a node that just wrote its first record is found), the HTTP API for one at most a second old.
 */
public final class LiveNodes {
    private final NodeRegistry registry;
    private final LongSupplier nanoClock;

    // Guarded by this: the latest read, running or succeeded; null before the first or after a
    // failure, so a failing registry is asked again by the next caller rather than cached.
    private CompletableFuture<Map<String, NodeRecord>> latest;
    // Guarded by this: nanoClock when latest started.
    private long latestStarted;

    public LiveNodes(NodeRegistry registry) {
        this(registry, System::nanoTime);
    }

    LiveNodes(NodeRegistry registry, LongSupplier nanoClock) {
        this.registry = registry;
        this.nanoClock = nanoClock;
    }

    /** The current value of the clock reads are timed with (for {@link #readSince}). */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** The live nodes by id, from a read that started at most {@code maxAgeMillis} ago. */
    public CompletableFuture<Map<String, NodeRecord>> atMostOld(long maxAgeMillis) {
        return readSince(now() - TimeUnit.MILLISECONDS.toNanos(maxAgeMillis));
    }

    /**
     * The live nodes by id, from a read that started at or after {@code sinceNanos} (a value of
     * {@link #now()}): the running read if it started late enough, else the next one, started when
     * the running one has finished.
     */
    public CompletableFuture<Map<String, NodeRecord>> readSince(long sinceNanos) {
        CompletableFuture<Map<String, NodeRecord>> running;
        synchronized (this) {
            if (latest != null && latestStarted - sinceNanos >= 0) {
                return latest;
            }
            running = latest != null && !latest.isDone() ? latest : null;
            if (running == null) {
                return start();
            }
        }
        return running.handle((v, err) -> null).thenCompose(x -> readSince(sinceNanos));
    }

    /** Starts a read; called holding the lock. */
    private CompletableFuture<Map<String, NodeRecord>> start() {
        CompletableFuture<Map<String, NodeRecord>> mine = new CompletableFuture<>();
        latest = mine;
        latestStarted = nanoClock.getAsLong();
        CompletableFuture<List<NodeRecord>> read;
        try {
            read = registry.nodes();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete(
                (list, err) -> {
                    if (err != null) {
                        synchronized (this) {
                            if (latest == mine) {
                                latest = null;
                            }
                        }
                        mine.completeExceptionally(err);
                        return;
                    }
                    Map<String, NodeRecord> byId = new LinkedHashMap<>();
                    list.forEach(r -> byId.put(r.id(), r));
                    mine.complete(Collections.unmodifiableMap(byId));
                });
        return mine;
    }
}
