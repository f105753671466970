package dev.redcast.server.broker;

import dev.redcast.server.protocol.ChannelMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. Moves messages between nodes: the embedded {@code memory} broker for one node, or
 * {@code redis} for many. The hub declares node-local interest per topic; the broker subscribes
 * upstream only while some interest exists.
 *
 * <p>Lifecycle: {@link #start}, then any calls, then {@link #close} (idempotent).
 */
public interface Broker extends AutoCloseable {
    /** Starts delivering messages of topics with interest to {@code listener}. */
    void start(BrokerListener listener);

    /**
     * Declares node-local interest in {@code key}. Calls for one key are made in order and never
     * overlap. Must not block. The future completes once messages of the topic flow to the
     * listener; while the broker is down it completes at once, as the interest is kept and restored
     * when the broker comes back.
     */
    CompletableFuture<Void> subscribe(TopicKey key);

    /**
     * Subscribes the node for good to the internal control channel {@code channel}, whose messages
     * (also those matched by a pattern) go to {@code listener} and never to the main listener. The
     * future completes as for {@link #subscribe}.
     */
    CompletableFuture<Void> control(String channel, BrokerListener listener);

    /** Withdraws the interest declared by {@link #subscribe}. Must not block. */
    void unsubscribe(TopicKey key);

    /**
     * Publishes without an idempotency key: {@link #publish(String, byte[], String,
     * IdempotencyKey)}.
     */
    default CompletableFuture<PublishResult> publish(String channel, byte[] payload, String from) {
        return publish(channel, payload, from, null);
    }

    /**
     * Publishes {@code payload} on {@code channel} to every node. The future fails with {@link
     * BrokerUnavailableException} when the broker cannot take it; its {@link
     * BrokerUnavailableException#code() code} tells a publish that was not applied from one whose
     * outcome is unknown.
     *
     * @param payload the message text as {@link dev.redcast.server.protocol.JsonBytes#textBytes}
     *     makes it: UTF-8, unless it keeps a lone surrogate, which the message then carries as
     *     {@link ChannelMessage#wtf8()} to every node
     * @param from the publishing user, or null
     * @param key null, or the publish's idempotency key: the first publish with it on {@code
     *     channel} within the idempotency window is applied, and later ones answer its result
     *     ({@link PublishResult#replayed()}) without delivering anything
     */
    CompletableFuture<PublishResult> publish(
            String channel, byte[] payload, String from, IdempotencyKey key);

    /**
     * Up to {@code limit} messages of {@code channel} with an offset greater than {@code after},
     * oldest first, and the channel's current position, read atomically. A channel that keeps no
     * history answers {@link HistoryPage#NONE}; one whose history is missing gets a new epoch.
     * Fails with {@link BrokerUnavailableException} when the broker cannot answer.
     */
    CompletableFuture<HistoryPage> readAfter(String channel, long after, int limit);

    /**
     * The newest {@code limit} messages of {@code channel} younger than its maximum age, with an
     * offset less than {@code before} (null: no bound), oldest first, and the current position.
     */
    CompletableFuture<HistoryPage> readLast(String channel, int limit, Long before);

    /** Whether the broker currently works (what {@code /ready} reports). */
    boolean ready();

    /**
     * Why the broker is not {@link #ready()}, in redcast's words (e.g. "redis refuses writes
     * (maxmemory reached)"), or null while it is.
     */
    default String notReadyReason() {
        return ready() ? null : "the broker is not available";
    }

    /** One line for the start-up banner, e.g. {@code redis redis://127.0.0.1:6379}. */
    String describe();

    @Override
    void close();
}
