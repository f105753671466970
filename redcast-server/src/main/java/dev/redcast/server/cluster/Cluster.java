package dev.redcast.server.cluster;

import dev.redcast.server.broker.Broker;
import dev.redcast.server.metrics.ServerMetrics;

/**
 * Thread-safe (immutable). This node's place in the cluster: its seal (id and control key), its
 * view of the live nodes, and what every control channel between them shares.
 *
 * @param broker carries the control channels
 * @param seal this node's id and key
 * @param nodes the live nodes, read from the node registry
 * @param metrics where ignored control messages are counted
 */
public record Cluster(Broker broker, ControlSeal seal, LiveNodes nodes, ServerMetrics metrics) {
    /** This node's cluster, with a fresh control key. */
    public static Cluster of(
            Broker broker, NodeRegistry registry, String nodeId, ServerMetrics metrics) {
        return new Cluster(broker, ControlSeal.generate(nodeId), new LiveNodes(registry), metrics);
    }

    public String nodeId() {
        return seal.nodeId();
    }

    /**
     * A control channel {@code __redcast:<name>} whose checked messages go to {@code handler}; not
     * listened to until {@link ControlChannel#start()}.
     */
    public ControlChannel channel(String name, ControlHandler handler) {
        return new ControlChannel(name, broker, seal, nodes, metrics, handler);
    }
}
