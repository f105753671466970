package dev.redcast.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. Which nodes are alive: each node rewrites its own {@link NodeRecord} every {@link
 * NodeHeartbeat#INTERVAL_MILLIS}, and a record not rewritten within {@link #TTL_MILLIS} is gone, so
 * the records read are the nodes alive now (and those dead for less than the TTL). Only nodes write
 * records; what a record holds is what the cluster trusts a control message with.
 *
 * <p>Calls never block; a store that is down fails the future with {@link
 * dev.redcast.server.broker.BrokerUnavailableException}.
 */
public interface NodeRegistry {
    /**
     * How long a record lives without being rewritten: 15 s, three heartbeats, so one slow or lost
     * write does not make a live node vanish.
     */
    long TTL_MILLIS = 3 * NodeHeartbeat.INTERVAL_MILLIS;

    /** Writes or rewrites {@code record}, alive for {@link #TTL_MILLIS} from now. */
    CompletableFuture<Void> write(NodeRecord record);

    /** The records of the live nodes, sorted by id. */
    CompletableFuture<List<NodeRecord>> nodes();

    /** Removes the record of node {@code id}, which is shutting down. */
    CompletableFuture<Void> remove(String id);
}
