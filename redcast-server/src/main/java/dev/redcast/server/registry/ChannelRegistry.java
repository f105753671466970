package dev.redcast.server.registry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. The channel registry: named channels with a description, shared by every node (the
 * {@code redis} registry) or kept in the process (the {@code memory} one). Registering is a catalog
 * entry only; any channel can be subscribed to whether registered or not.
 *
 * <p>The registry holds at most {@link #maxChannels()} entries, so that listing it, which reads it
 * whole, has a bound.
 *
 * <p>Calls never block; while the store is down they fail with {@link
 * dev.redcast.server.broker.BrokerUnavailableException}.
 */
public interface ChannelRegistry {
    /**
     * Most channels a registry holds: 10 000. A fixed limit for now; it is meant to become a
     * setting.
     */
    int MAX_CHANNELS = 10_000;

    /** What {@link #create} did. */
    enum Created {
        /** The entry was added. */
        CREATED,
        /** The name was registered already; nothing changed. */
        TAKEN,
        /** The registry holds {@link #maxChannels()} entries; nothing changed. */
        FULL
    }

    /**
     * The registered channels sorted by name: every one of them, or, should the store hold more
     * than {@link #maxChannels()} (written by something else), that many of them.
     */
    CompletableFuture<List<ChannelInfo>> list();

    /** Registers {@code channel} unless the name is taken or the registry is full. */
    CompletableFuture<Created> create(ChannelInfo channel);

    /** Replaces the description; false when the name is not registered. */
    CompletableFuture<Boolean> update(ChannelInfo channel);

    /** Removes the entry; false when the name is not registered. */
    CompletableFuture<Boolean> delete(String name);

    /** The most entries this registry holds. */
    int maxChannels();

    /**
     * How many channels are registered, as this node last saw it (any call above updates it), or -1
     * before it has seen it. Never blocks: it is read by the metrics.
     */
    long knownSize();
}
