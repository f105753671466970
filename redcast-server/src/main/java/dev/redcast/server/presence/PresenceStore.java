package dev.redcast.server.presence;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Thread-safe. Who is connected and subscribed where, across every node, and the channels each user
 * asked to have remembered. The {@code memory} store serves one node; the {@code redis} store
 * shares state between nodes, each node keeping its own clients' entries alive.
 *
 * <p>Writes never block: they return at once and a failure (the store is down) fails the future
 * with {@link dev.redcast.server.broker.BrokerUnavailableException}; the entry is still kept
 * locally and written again by the next refresh. Reads fail the same way.
 *
 * <p>Lifecycle: {@link #start}, then any calls, then {@link #close} (idempotent).
 */
public interface PresenceStore extends AutoCloseable {
    /** Starts the background refresh, if the store has one. */
    void start();

    /**
     * Sets who hears of users that left a channel without saying so: the last connection of {@code
     * user} in {@code channel} expired because its node stopped refreshing it (the node died). Each
     * such departure is reported to exactly one node of the cluster, the one whose refresh found it
     * first. A store that serves one node never reports any.
     */
    default void onExpired(BiConsumer<String, String> channelAndUser) {}

    /** A connection of {@code user} is online. */
    void online(String user, String clientId);

    /** The connection is gone. */
    void offline(String user, String clientId);

    /**
     * Connection {@code clientId} of {@code user} subscribed to {@code channel}; completes with
     * true when it is the user's first connection in that channel anywhere in the cluster.
     */
    CompletableFuture<Boolean> join(String channel, String user, String clientId);

    /**
     * The connection left {@code channel}; completes with true when the user now has no connection
     * in it anywhere in the cluster.
     */
    CompletableFuture<Boolean> leave(String channel, String user, String clientId);

    /**
     * The nodes that hold a live connection of {@code user} subscribed to {@code channel}: what a
     * {@code join} or {@code leave} between nodes is checked against. One small read (the user's
     * own entries), whatever the size of the channel.
     */
    CompletableFuture<Set<String>> holders(String channel, String user);

    /** The users in {@code channel}, sorted by name, with how many connections each has there. */
    CompletableFuture<Map<String, Integer>> members(String channel);

    /** The users online on any node, sorted. */
    CompletableFuture<List<String>> users();

    /** The channels {@code user} is subscribed to on any node, sorted. */
    CompletableFuture<List<String>> channelsOf(String user);

    /**
     * How many connections are subscribed to each of {@code channels}, cluster-wide. One round trip
     * to the store per call, whatever the number of channels, so callers with many channels ask in
     * pages of a few hundred to keep each one short.
     */
    CompletableFuture<Map<String, Long>> subscriberCounts(List<String> channels);

    /** The channels remembered for {@code user} (subscribed with {@code persist: true}), sorted. */
    CompletableFuture<List<String>> remembered(String user);

    /**
     * Remembers {@code channel} for {@code user}, unless they already have {@code limit} other
     * channels remembered: completes with true when it is remembered (or already was), false when
     * nothing was written because the set is full. The check and the write are one atomic step, so
     * concurrent connections of the user cannot together overfill the set.
     */
    CompletableFuture<Boolean> remember(String user, String channel, int limit);

    /** Forgets {@code channel} for {@code user}. */
    CompletableFuture<Void> forget(String user, String channel);

    @Override
    void close();
}
