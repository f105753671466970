package dev.redcast.server.cluster;

import java.util.Objects;

/**
 * Thread-safe (immutable). A live node as its registry holds it.
 *
 * @param id the node's id ({@code NODE_ID})
 * @param key the node's control key (hex), which its control messages are signed with; never shown
 *     outside the cluster
 * @param seenMillis when the node last wrote its record (epoch milliseconds)
 * @param stats what the node reported then
 */
public record NodeRecord(String id, String key, long seenMillis, NodeStats stats) {
    public NodeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stats, "stats");
    }

    /** Without the key: records end up in logs. */
    @Override
    public String toString() {
        return "NodeRecord[id=" + id + ", seenMillis=" + seenMillis + ", stats=" + stats + "]";
    }
}
