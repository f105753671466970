package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.TopicKey;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to the Redis broker's executor thread. Keeps what the node's one pub/sub connection is
 * subscribed to in line with what the hub wants.
 *
 * <p>Design: the hub's wishes land in {@code desired}; every changed key is marked dirty and one
 * flush, queued behind whatever else is pending on the executor, compares desired with what was
 * sent to Redis and issues the difference as a few multi-key SUBSCRIBE / UNSUBSCRIBE commands. A
 * burst of ten thousand subscriptions therefore costs a handful of commands, and a subscribe
 * quickly followed by an unsubscribe costs none. A subscriber's future completes when Redis has
 * acknowledged the SUBSCRIBE that covers its key, so a client told {@code subscribed} never misses
 * a message published after that. After a reconnect everything desired is sent again.
 */
final class PubSubSync {
    private static final Logger log = LoggerFactory.getLogger(PubSubSync.class);

    /** Keys per SUBSCRIBE command. */
    static final int CHUNK = 512;

    private final String prefix;
    private final Set<TopicKey> desired = new HashSet<>();

    /** Keys sent to the current connection, each with the future of the command that sent it. */
    private final Map<TopicKey, CompletableFuture<Void>> sent = new HashMap<>();

    private final Map<TopicKey, List<CompletableFuture<Void>>> waiting = new HashMap<>();
    private final Set<TopicKey> dirty = new LinkedHashSet<>();
    private RedisPubSubAsyncCommands<byte[], byte[]> connection;

    PubSubSync(String prefix) {
        this.prefix = prefix;
    }

    void want(TopicKey key, CompletableFuture<Void> whenFlowing) {
        desired.add(key);
        waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(whenFlowing);
        dirty.add(key);
    }

    void unwant(TopicKey key) {
        desired.remove(key);
        dirty.add(key);
    }

    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    int channelCount() {
        return (int) desired.stream().filter(k -> !k.pattern()).count();
    }

    int patternCount() {
        return desired.size() - channelCount();
    }

    /**
     * A fresh connection: nothing is subscribed on it yet. Returns when all of it is acknowledged.
     */
    CompletableFuture<Void> attach(RedisPubSubAsyncCommands<byte[], byte[]> connection) {
        this.connection = connection;
        sent.clear();
        dirty.addAll(desired);
        flush();
        return CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new));
    }

    /** The connection is gone; wishes are kept for the next one. */
    void detach() {
        connection = null;
        sent.clear();
    }

    /** Sends what changed since the last flush. */
    void flush() {
        if (connection == null) {
            // Down: the interest is recorded and will be restored by attach().
            waiting.values().forEach(list -> list.forEach(f -> f.complete(null)));
            waiting.clear();
            dirty.clear();
            return;
        }
        List<TopicKey> sub = new ArrayList<>();
        List<TopicKey> psub = new ArrayList<>();
        List<TopicKey> unsub = new ArrayList<>();
        List<TopicKey> punsub = new ArrayList<>();
        for (TopicKey k : dirty) {
            boolean want = desired.contains(k);
            boolean have = sent.containsKey(k);
            if (want && !have) {
                (k.pattern() ? psub : sub).add(k);
            } else if (!want && have) {
                sent.remove(k);
                (k.pattern() ? punsub : unsub).add(k);
            }
        }
        send(sub, false, true);
        send(psub, true, true);
        send(unsub, false, false);
        send(punsub, true, false);
        for (TopicKey k : dirty) {
            List<CompletableFuture<Void>> w = waiting.remove(k);
            if (w == null) {
                continue;
            }
            CompletableFuture<Void> ack = sent.get(k);
            if (ack == null) {
                w.forEach(f -> f.complete(null));
            } else {
                ack.whenComplete((v, err) -> w.forEach(f -> f.complete(null)));
            }
        }
        dirty.clear();
    }

    private void send(List<TopicKey> keys, boolean pattern, boolean subscribe) {
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<TopicKey> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            byte[][] names = new byte[chunk.size()][];
            for (int i = 0; i < names.length; i++) {
                names[i] = (prefix + chunk.get(i).name()).getBytes(StandardCharsets.UTF_8);
            }
            CompletableFuture<Void> f;
            if (subscribe) {
                f =
                        (pattern ? connection.psubscribe(names) : connection.subscribe(names))
                                .toCompletableFuture();
                for (TopicKey k : chunk) {
                    sent.put(k, f);
                }
            } else {
                f =
                        (pattern ? connection.punsubscribe(names) : connection.unsubscribe(names))
                                .toCompletableFuture();
            }
            int n = names.length;
            f.whenComplete(
                    (v, err) -> {
                        if (err != null) {
                            log.debug(
                                    "redis {} of {} keys failed (restored on reconnect): {}",
                                    subscribe ? "subscribe" : "unsubscribe",
                                    n,
                                    err.toString());
                        }
                    });
        }
    }
}
