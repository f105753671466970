package dev.redcast.server.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; the writes are issued from one thread of its own ({@code redcast-nodes}). Keeps this
 * node's record in the {@link NodeRegistry} alive: written at start, rewritten every {@link
 * #INTERVAL_MILLIS} with fresh stats, removed at shutdown. A failed write (Redis not connected yet,
 * or down) is retried after {@link #RETRY_MILLIS}, since other nodes ignore this node's control
 * messages while it has no record; failures are logged once when they start and once when they end.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    /** How often a node rewrites its record: every 5 s. */
    public static final long INTERVAL_MILLIS = 5000;

    /** How soon a failed write is tried again: after 0.5 s. */
    static final long RETRY_MILLIS = 500;

    private final NodeRegistry registry;
    private final ControlSeal seal;
    private final Supplier<NodeStats> stats;
    private final ScheduledExecutorService exec;
    private volatile boolean failing;

    /**
     * @param seal this node's id and control key, which its record carries
     * @param stats what the record reports, read on every write
     */
    public NodeHeartbeat(NodeRegistry registry, ControlSeal seal, Supplier<NodeStats> stats) {
        this.registry = registry;
        this.seal = seal;
        this.stats = stats;
        this.exec =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "redcast-nodes");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Writes the record now and from then on every interval; the future completes when the first
     * write has (or failed: the next one retries).
     */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        exec.execute(() -> beat(first));
        return first;
    }

    /** Writes the record, then schedules the next write; completes {@code written} when it is. */
    private void beat(CompletableFuture<Void> written) {
        write().whenComplete(
                        (v, err) -> {
                            if (err == null) {
                                written.complete(null);
                            }
                            schedule(err == null ? INTERVAL_MILLIS : RETRY_MILLIS, written);
                        });
    }

    private void schedule(long delayMillis, CompletableFuture<Void> written) {
        try {
            exec.schedule(() -> beat(written), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private CompletableFuture<Void> write() {
        CompletableFuture<Void> written;
        try {
            written =
                    registry.write(
                            new NodeRecord(
                                    seal.nodeId(),
                                    seal.key(),
                                    System.currentTimeMillis(),
                                    stats.get()));
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.whenComplete(
                (v, err) -> {
                    if (err != null && !failing) {
                        log.warn(
                                "node record of {} not written: {}; retrying (other nodes ignore"
                                        + " its control messages while it has none)",
                                seal.nodeId(),
                                err.toString());
                    } else if (err == null && failing) {
                        log.info("node record of {} written again", seal.nodeId());
                    }
                    failing = err != null;
                });
    }

    /** Stops rewriting the record and removes it, waiting a moment for the removal. */
    @Override
    public void close() {
        exec.shutdownNow();
        try {
            registry.remove(seal.nodeId()).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("node record of {} not removed: {}", seal.nodeId(), e.toString());
        }
    }
}
