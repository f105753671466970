package dev.redcast.server.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. Carries out an administrator's command on every node: on this node's connections at
 * once, and on the others' through the admin control channel.
 */
public interface Admin {
    /**
     * Applies {@code command} to this node's connections, then publishes it to every other node,
     * each of which applies it to its own when it arrives (and the checks of {@link ControlChannel}
     * pass).
     *
     * @return completes with how many of this node's connections the command changed, once it was
     *     applied here and published; fails with {@link
     *     dev.redcast.server.broker.BrokerUnavailableException} when it could not be published (it
     *     was applied here all the same)
     */
    CompletableFuture<Integer> run(AdminCommand command);
}
