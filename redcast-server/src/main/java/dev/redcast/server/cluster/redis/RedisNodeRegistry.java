package dev.redcast.server.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.broker.redis.RedisLane;
import dev.redcast.server.cluster.NodeRecord;
import dev.redcast.server.cluster.NodeRegistry;
import dev.redcast.server.cluster.NodeStats;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from its connections). Node records in Redis: a hash per node,
 * {@code <prefix>redcast:node:{<id>}} (fields {@code key}, {@code version}, {@code started}, {@code
 * seen}, {@code connections}, {@code subscriptions}, {@code channel_count} and {@code channels}, a
 * JSON object of channel to local subscribers), expiring {@link #TTL_MILLIS} after its last write,
 * and the sorted set {@code <prefix>redcast:nodes} of node ids scored by when their record expires,
 * so readers find the live ones without scanning keys. Each write trims the set of nodes whose
 * records expired. Writes go on the node's command connection; reading every record, whose reply
 * grows with the cluster, on its bulk connection ({@link RedisLane}).
 */
public final class RedisNodeRegistry implements NodeRegistry {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeRegistry.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Node records read at most: 1 000 nodes. */
    static final int MAX_NODES = 1000;

    private static final String WRITE_FAILED = "the node registry was not updated";
    private static final String READ_FAILED = "the node registry is unavailable";

    private final RedisLane commands;
    private final RedisLane bulk;
    private final String prefix;

    /**
     * @param commands the connection for writes
     * @param bulk the connection for reading the records
     * @param prefix prefix of every key
     */
    public RedisNodeRegistry(RedisLane commands, RedisLane bulk, String prefix) {
        this.commands = commands;
        this.bulk = bulk;
        this.prefix = prefix;
    }

    @Override
    public CompletableFuture<Void> write(NodeRecord record) {
        return commands.write(
                WRITE_FAILED,
                a -> {
                    long expiry = record.seenMillis() + TTL_MILLIS;
                    byte[] key = nodeKey(record.id());
                    a.hset(key, fields(record));
                    a.pexpire(key, TTL_MILLIS);
                    a.zadd(nodesKey(), (double) expiry, bytes(record.id()));
                    a.zremrangebyscore(
                            nodesKey(),
                            Range.from(
                                    Range.Boundary.unbounded(),
                                    Range.Boundary.including(System.currentTimeMillis())));
                    return a.pexpire(nodesKey(), TTL_MILLIS).thenApply(x -> null);
                });
    }

    @Override
    public CompletableFuture<List<NodeRecord>> nodes() {
        long now = System.currentTimeMillis();
        return bulk.read(
                READ_FAILED,
                a ->
                        a.zrangebyscore(
                                        nodesKey(),
                                        Range.from(
                                                Range.Boundary.excluding(now),
                                                Range.Boundary.unbounded()),
                                        Limit.create(0, MAX_NODES))
                                .thenCompose(ids -> records(a, ids, now)));
    }

    private CompletionStage<List<NodeRecord>> records(
            RedisAsyncCommands<byte[], byte[]> a, List<byte[]> ids, long now) {
        List<CompletableFuture<NodeRecord>> each = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            String name = string(id);
            each.add(
                    a.hgetall(nodeKey(name))
                            .thenApply(h -> record(name, h, now))
                            .toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(
                        v -> {
                            List<NodeRecord> out = new ArrayList<>();
                            for (CompletableFuture<NodeRecord> f : each) {
                                NodeRecord r = f.join();
                                if (r != null) {
                                    out.add(r);
                                }
                            }
                            out.sort(Comparator.comparing(NodeRecord::id));
                            return out;
                        });
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return commands.write(
                WRITE_FAILED,
                a -> {
                    a.del(nodeKey(id));
                    return a.zrem(nodesKey(), bytes(id)).thenApply(x -> null);
                });
    }

    private static Map<byte[], byte[]> fields(NodeRecord r) {
        NodeStats s = r.stats();
        ObjectNode channels = MAPPER.createObjectNode();
        s.channels().forEach(channels::put);
        Map<byte[], byte[]> f = new LinkedHashMap<>();
        f.put(bytes("key"), bytes(r.key()));
        f.put(bytes("version"), bytes(s.version()));
        f.put(bytes("started"), bytes(Long.toString(s.startedMillis())));
        f.put(bytes("seen"), bytes(Long.toString(r.seenMillis())));
        f.put(bytes("connections"), bytes(Long.toString(s.connections())));
        f.put(bytes("subscriptions"), bytes(Long.toString(s.subscriptions())));
        f.put(bytes("channel_count"), bytes(Integer.toString(s.channelCount())));
        f.put(bytes("channels"), bytes(channels.toString()));
        return f;
    }

    /**
     * The record in hash {@code h}, or null when it expired meanwhile or is not one (written by
     * something else than a node, or damaged), which is logged at DEBUG and skipped.
     */
    private static NodeRecord record(String id, Map<byte[], byte[]> h, long now) {
        Map<String, String> f = new HashMap<>();
        h.forEach((k, v) -> f.put(string(k), string(v)));
        if (f.isEmpty()) {
            return null;
        }
        try {
            long seen = Long.parseLong(f.get("seen"));
            if (seen + TTL_MILLIS <= now) {
                return null;
            }
            Map<String, Integer> channels = new LinkedHashMap<>();
            JsonNode c = MAPPER.readTree(f.get("channels"));
            c.properties().forEach(e -> channels.put(e.getKey(), e.getValue().intValue()));
            return new NodeRecord(
                    id,
                    f.get("key"),
                    seen,
                    new NodeStats(
                            f.get("version"),
                            Long.parseLong(f.get("started")),
                            Long.parseLong(f.get("connections")),
                            Long.parseLong(f.get("subscriptions")),
                            Integer.parseInt(f.get("channel_count")),
                            channels));
        } catch (RuntimeException | JsonProcessingException e) {
            log.debug("skipped node record {}: {}", id, e.toString());
            return null;
        }
    }

    private byte[] nodeKey(String id) {
        return bytes(prefix + "redcast:node:{" + id + "}");
    }

    private byte[] nodesKey() {
        return bytes(prefix + "redcast:nodes");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
