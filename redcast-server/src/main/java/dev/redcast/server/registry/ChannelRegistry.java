package dev.redcast.server.registry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. The channel registry: named channels with a description, shared by every node (the
 * {@code redis} registry) or kept in the process (the {@code memory} one). Registering is a catalog
 * entry only; any channel can be subscribed to whether registered or not.
 *
 * <p>Calls never block; while the store is down they fail with {@link
 * dev.redcast.server.broker.BrokerUnavailableException}.
 */
public interface ChannelRegistry {
    /** Every registered channel, sorted by name. */
    CompletableFuture<List<ChannelInfo>> list();

    /** Registers {@code channel}; false when the name is taken. */
    CompletableFuture<Boolean> create(ChannelInfo channel);

    /** Replaces the description; false when the name is not registered. */
    CompletableFuture<Boolean> update(ChannelInfo channel);

    /** Removes the entry; false when the name is not registered. */
    CompletableFuture<Boolean> delete(String name);
}
