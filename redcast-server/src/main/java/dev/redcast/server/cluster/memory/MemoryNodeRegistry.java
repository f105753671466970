package dev.redcast.server.cluster.memory;

import dev.redcast.server.cluster.NodeRecord;
import dev.redcast.server.cluster.NodeRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe. Node records in process, for the embedded single-node broker (where the node is the
 * only one) and for nodes sharing one process: alive while fresh, like records in Redis.
 */
public final class MemoryNodeRegistry implements NodeRegistry {
    private final ConcurrentHashMap<String, NodeRecord> records = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> write(NodeRecord record) {
        records.put(record.id(), record);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<NodeRecord>> nodes() {
        long now = System.currentTimeMillis();
        records.values().removeIf(r -> r.seenMillis() + TTL_MILLIS <= now);
        return CompletableFuture.completedFuture(
                records.values().stream().sorted(Comparator.comparing(NodeRecord::id)).toList());
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        records.remove(id);
        return CompletableFuture.completedFuture(null);
    }
}
