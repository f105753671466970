package dev.redcast.server.broker.memory;

import dev.redcast.protocol.Glob;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.MessageRouter;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.config.Setting;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import dev.redcast.server.protocol.JsonBytes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe. The embedded single-node broker: a publish is handed straight to the hub on the
 * publishing thread. Channels need no bookkeeping (the hub drops messages nobody wants); patterns
 * with interest are matched with Redis glob rules. Channels with a history rule keep a bounded
 * in-process {@link MemoryHistory} with the same offset and epoch semantics as the Redis broker;
 * idempotency keys live in a bounded {@link IdempotencyCache}.
 */
public final class MemoryBroker implements Broker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HistoryRules rules;
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, MemoryHistory> histories = new ConcurrentHashMap<>();
    private final MessageRouter router = new MessageRouter();
    private final IdempotencyCache idempotency;
    private final AtomicLong replays = new AtomicLong();
    private volatile boolean closed;

    /** A broker without history. */
    public MemoryBroker() {
        this(channel -> null);
    }

    /** A broker keeping history for {@code rules}, with the default idempotency window. */
    public MemoryBroker(HistoryRules rules) {
        this(rules, Duration.ofSeconds(Setting.IDEMPOTENCY_WINDOW.defaultValue()));
    }

    /**
     * A broker keeping history for the channels {@code rules} give a rule, and each idempotency key
     * for {@code idempotencyWindow}.
     */
    public MemoryBroker(HistoryRules rules, Duration idempotencyWindow) {
        this.rules = rules;
        this.idempotency = new IdempotencyCache(idempotencyWindow);
    }

    @Override
    public void start(BrokerListener listener) {
        router.main(listener);
    }

    @Override
    public CompletableFuture<Void> control(String channel, BrokerListener listener) {
        router.control(channel, listener);
        return subscribe(TopicKey.channel(channel));
    }

    @Override
    public CompletableFuture<Void> subscribe(TopicKey key) {
        if (key.pattern()) {
            patterns.add(key.name());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(TopicKey key) {
        if (key.pattern()) {
            patterns.remove(key.name());
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(
            String channel, byte[] payload, String from, IdempotencyKey key) {
        if (key == null) {
            return publishNow(channel, payload, from);
        }
        return idempotency
                .once(channel, key, () -> publishNow(channel, payload, from))
                .thenApply(
                        r -> {
                            if (r.replayed()) {
                                replays.incrementAndGet();
                            }
                            return r;
                        });
    }

    private CompletableFuture<PublishResult> publishNow(
            String channel, byte[] payload, String from) {
        if (!router.started() || closed) {
            return CompletableFuture.completedFuture(PublishResult.LIVE_ONLY);
        }
        long now = System.currentTimeMillis();
        boolean wtf8 = JsonBytes.hasLoneSurrogates(payload);
        MemoryHistory history = history(channel);
        if (history == null) {
            dispatch(
                    new ChannelMessage(
                            channel,
                            null,
                            payload,
                            now,
                            ChannelMessage.NO_OFFSET,
                            null,
                            from,
                            wtf8));
            return CompletableFuture.completedFuture(PublishResult.LIVE_ONLY);
        }
        ChannelMessage m = history.append(channel, payload, wtf8, from, now, this::dispatch);
        return CompletableFuture.completedFuture(new PublishResult(m.offset(), m.epoch()));
    }

    private void dispatch(ChannelMessage m) {
        router.onMessage(m);
        for (String p : patterns) {
            if (Glob.matches(p, m.channel())) {
                router.onMessage(m.viaPattern(p));
            }
        }
    }

    /** The channel's history, started by its first publish; null when it keeps none. */
    private MemoryHistory history(String channel) {
        MemoryHistory h = histories.get(channel);
        if (h != null) {
            return h;
        }
        HistoryRule rule = rules.find(channel);
        if (rule == null) {
            return null;
        }
        return histories.computeIfAbsent(channel, c -> new MemoryHistory(rule, newEpoch()));
    }

    @Override
    public CompletableFuture<HistoryPage> readAfter(String channel, long after, int limit) {
        MemoryHistory h = histories.get(channel);
        return CompletableFuture.completedFuture(
                h == null ? unstarted(channel) : h.after(after, limit, System.currentTimeMillis()));
    }

    @Override
    public CompletableFuture<HistoryPage> readLast(String channel, int limit, Long before) {
        MemoryHistory h = histories.get(channel);
        return CompletableFuture.completedFuture(
                h == null ? unstarted(channel) : h.last(limit, before, System.currentTimeMillis()));
    }

    /**
     * The answer for a channel nobody published to: reads never start a history, so reading any
     * number of names keeps no state.
     */
    private HistoryPage unstarted(String channel) {
        return rules.find(channel) == null
                ? HistoryPage.NONE
                : new HistoryPage(List.of(), StreamPosition.EMPTY);
    }

    /** Idempotency keys held now (at most {@link IdempotencyCache#MAX_KEYS}). */
    public int idempotencyKeys() {
        return idempotency.size();
    }

    /** Idempotency keys dropped before their window ended because the cache was full. */
    public long idempotencyEvictions() {
        return idempotency.evictions();
    }

    /** Publishes answered from an idempotency key rather than applied again. */
    public long replays() {
        return replays.get();
    }

    /** How many channels have a history; for tests. */
    int historyCount() {
        return histories.size();
    }

    private static String newEpoch() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public boolean ready() {
        return !closed;
    }

    @Override
    public String describe() {
        return "embedded in-memory broker (single node)";
    }

    @Override
    public void close() {
        closed = true;
    }
}
