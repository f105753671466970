package dev.redcast.server.hub;

import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.registry.ChannelListing;
import dev.redcast.server.registry.ChannelRegistry;

/**
 * Immutable. The hub and what answers clients' commands and administrators' requests, wired once
 * from the node's backend so the server and the tests build them the same way.
 *
 * @param hub the fan-out
 * @param commands carries out client commands against the hub
 * @param presenceReads the coalesced presence reads, shared with the HTTP API
 * @param listing the channel listing, shared with the HTTP API
 * @param admin carries out administrators' commands on every node
 */
public record Gateway(
        Hub hub,
        Commands commands,
        PresenceReads presenceReads,
        ChannelListing listing,
        AdminControl admin) {

    /** Wires a gateway; the broker is told to deliver to the hub, nothing is subscribed yet. */
    public static Gateway wire(
            ServerConfig config,
            Cluster cluster,
            PresenceStore presence,
            ChannelRegistry registry,
            ServerMetrics metrics,
            String version,
            Authenticator authenticator) {
        PresenceReads reads = new PresenceReads(presence);
        ChannelListing listing = new ChannelListing(registry, presence, config.defaultChannels());
        Access access = new Access(config.channels(), authenticator, config.remembersChannels());
        Hub hub = new Hub(config, cluster, metrics, version, presence, reads, access);
        Commands commands =
                new Commands(
                        hub,
                        cluster.broker(),
                        presence,
                        reads,
                        listing,
                        metrics,
                        config,
                        authenticator,
                        access);
        AdminControl admin = new AdminControl(hub, commands, cluster);
        cluster.broker().start(hub);
        return new Gateway(hub, commands, reads, listing, admin);
    }

    /**
     * Subscribes the node to its default channels and to the control channels between nodes,
     * waiting a moment for them to flow.
     */
    public void start() {
        hub.start(admin.start());
    }
}
