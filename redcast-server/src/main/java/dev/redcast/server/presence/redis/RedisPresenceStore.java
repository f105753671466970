package dev.redcast.server.presence.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.redis.RedisLane;
import dev.redcast.server.presence.PresenceStore;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; every write is issued from one executor thread ({@code redcast-presence}). Presence
 * shared through Redis.
 *
 * <p>Design: an entry is a sorted-set member scored by the time it expires. Three sets hold them:
 * per channel {@code <prefix>redcast:{<channel>}:presence} (members {@code user NUL client}), per
 * user {@code <prefix>redcast:user:{<user>}:conns} (members {@code channel NUL client NUL node},
 * the node that holds the connection, which other nodes check presence events against) and the
 * node-spanning {@code <prefix>redcast:online} ({@code user NUL client}). The node that holds a
 * connection rewrites the expiry of all its entries in one pipelined round every refresh interval;
 * readers ignore expired members and trim them. A node that dies without saying goodbye so loses
 * its users within TTL + one refresh interval, and nothing lingers (keys expire too). Whether a
 * join is the user's first connection in a channel (or a leave its last) is decided atomically by a
 * script on the per-user set, which holds only that user's few entries. Writes run in order on one
 * thread, so a refresh never resurrects an entry whose removal was issued before it.
 *
 * <p>Writes and the small per-user reads go on the node's command connection; listings (a channel's
 * members, the users online, a user's channels, subscriber counts), whose replies grow with the
 * cluster, on its bulk connection. Failures reach callers in redcast's words ({@link RedisLane}).
 */
public final class RedisPresenceStore implements PresenceStore {
    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final String SEP = "\0";

    /** KEYS[1] user set; ARGV now, expiry, "channel NUL", member, ttl. Returns prior count. */
    private static final String JOIN =
            """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local n = 0
            for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if string.sub(m, 1, #ARGV[3]) == ARGV[3] and m ~= ARGV[4] then n = n + 1 end
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return n
            """;

    /** KEYS[1] user set; ARGV now, "channel NUL", member. Returns the count left. */
    private static final String LEAVE =
            """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            redis.call('ZREM', KEYS[1], ARGV[3])
            local n = 0
            for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if string.sub(m, 1, #ARGV[2]) == ARGV[2] then n = n + 1 end
            end
            return n
            """;

    /**
     * KEYS[1] channel set; ARGV now. Removes the expired members and returns the users among them
     * with no live member left: users whose node stopped refreshing them. Removal and answer are
     * one step, so exactly one caller learns of each. Costs one range scan only when something
     * expired, which happens when a node dies.
     */
    private static final String SWEEP =
            """
            local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if #gone == 0 then return {} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local function head(m)
              local i = string.find(m, '\0', 1, true)
              if i then return string.sub(m, 1, i - 1) end
              return m
            end
            local live = {}
            for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do live[head(m)] = true end
            local out, seen = {}, {}
            for _, m in ipairs(gone) do
              local u = head(m)
              if not live[u] and not seen[u] then
                seen[u] = true
                out[#out + 1] = u
              end
            end
            return out
            """;

    /**
     * KEYS the channel sets; ARGV the exclusive lower bound of a live score. Returns the live
     * members of each set: a whole page of counts in one round trip instead of one per channel.
     */
    private static final String COUNT =
            """
            local out = {}
            for i, key in ipairs(KEYS) do out[i] = redis.call('ZCOUNT', key, ARGV[1], '+inf') end
            return out
            """;

    /** KEYS[1] the user's remembered set; ARGV channel, limit. Returns 1 if remembered, else 0. */
    private static final String REMEMBER =
            """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
            redis.call('SADD', KEYS[1], ARGV[1])
            return 1
            """;

    private record Member(String channel, String user, String clientId) {}

    private record Conn(String user, String clientId) {}

    private static final String WRITE_FAILED = "presence not updated";
    private static final String READ_FAILED = "presence unavailable";
    private static final String REMEMBER_FAILED = "remembered channels unavailable";

    private final RedisLane commands;
    private final RedisLane bulk;
    private final String prefix;
    private final String nodeId;
    private final int refreshSeconds;
    private final long ttlMillis;
    private final ScheduledExecutorService exec;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final Set<Conn> online = ConcurrentHashMap.newKeySet();
    private volatile boolean refreshFailing;
    private volatile BiConsumer<String, String> expired = (channel, user) -> {};
    // The latest write issued; close() waits for it so a graceful shutdown's removals land.
    private volatile CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

    /**
     * @param commands the connection for writes and small reads
     * @param bulk the connection for listings
     * @param prefix prefix of every key
     * @param nodeId this node, recorded as the holder of its connections' entries
     */
    public RedisPresenceStore(
            RedisLane commands,
            RedisLane bulk,
            String prefix,
            String nodeId,
            int refreshSeconds,
            int ttlSeconds) {
        this.commands = commands;
        this.bulk = bulk;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.refreshSeconds = refreshSeconds;
        this.ttlMillis = TimeUnit.SECONDS.toMillis(ttlSeconds);
        this.exec =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "redcast-presence");
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void onExpired(BiConsumer<String, String> channelAndUser) {
        this.expired = channelAndUser;
    }

    @Override
    public void start() {
        exec.scheduleWithFixedDelay(
                this::refresh, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void online(String user, String clientId) {
        online.add(new Conn(user, clientId));
        write(
                WRITE_FAILED,
                a -> {
                    long now = System.currentTimeMillis();
                    byte[] key = onlineKey();
                    return a.zadd(key, (double) now + ttlMillis, member(user, clientId))
                            .thenCombine(a.pexpire(key, ttlMillis), (x, y) -> null);
                });
    }

    @Override
    public void offline(String user, String clientId) {
        online.remove(new Conn(user, clientId));
        write(WRITE_FAILED, a -> a.zrem(onlineKey(), member(user, clientId)).thenApply(x -> null));
    }

    @Override
    public CompletableFuture<Boolean> join(String channel, String user, String clientId) {
        members.add(new Member(channel, user, clientId));
        return write(
                WRITE_FAILED,
                a -> {
                    long now = System.currentTimeMillis();
                    long expiry = now + ttlMillis;
                    byte[] channelKey = channelKey(channel);
                    // Every command of the pipeline counts: at maxmemory Redis refuses this ZADD
                    // while the script below, which writes before it adds, still runs.
                    CompletionStage<Long> added =
                            a.zadd(channelKey, (double) expiry, member(user, clientId));
                    a.pexpire(channelKey, ttlMillis);
                    CompletionStage<Long> before =
                            a.eval(
                                    JOIN,
                                    ScriptOutputType.INTEGER,
                                    new byte[][] {userKey(user)},
                                    bytes(Long.toString(now)),
                                    bytes(Long.toString(expiry)),
                                    bytes(channel + SEP),
                                    userMember(channel, clientId),
                                    bytes(Long.toString(ttlMillis)));
                    return added.thenCombine(before, (x, n) -> n == 0);
                });
    }

    @Override
    public CompletableFuture<Boolean> leave(String channel, String user, String clientId) {
        members.remove(new Member(channel, user, clientId));
        return write(
                WRITE_FAILED,
                a -> {
                    long now = System.currentTimeMillis();
                    a.zrem(channelKey(channel), member(user, clientId));
                    CompletionStage<Long> left =
                            a.eval(
                                    LEAVE,
                                    ScriptOutputType.INTEGER,
                                    new byte[][] {userKey(user)},
                                    bytes(Long.toString(now)),
                                    bytes(channel + SEP),
                                    userMember(channel, clientId));
                    return left.thenApply(n -> n == 0);
                });
    }

    @Override
    public CompletableFuture<Set<String>> holders(String channel, String user) {
        String head = channel + SEP;
        // One user's few entries, read to check a presence event: small, on the command connection.
        return read(
                commands,
                READ_FAILED,
                a ->
                        live(a, userKey(user), true)
                                .thenApply(
                                        list -> {
                                            Set<String> out = new TreeSet<>();
                                            for (String m : list) {
                                                int node = m.indexOf(SEP, head.length());
                                                if (m.startsWith(head) && node >= 0) {
                                                    out.add(m.substring(node + 1));
                                                }
                                            }
                                            return out;
                                        }));
    }

    @Override
    public CompletableFuture<Map<String, Integer>> members(String channel) {
        return read(
                bulk,
                READ_FAILED,
                a ->
                        live(a, channelKey(channel), false)
                                .thenApply(
                                        list -> {
                                            Map<String, Integer> out = new TreeMap<>();
                                            for (String m : list) {
                                                out.merge(before(m), 1, Integer::sum);
                                            }
                                            return out;
                                        }));
    }

    @Override
    public CompletableFuture<List<String>> users() {
        return read(
                bulk,
                READ_FAILED,
                a -> live(a, onlineKey(), true).thenApply(RedisPresenceStore::distinctHeads));
    }

    @Override
    public CompletableFuture<List<String>> channelsOf(String user) {
        return read(
                bulk,
                READ_FAILED,
                a -> live(a, userKey(user), true).thenApply(RedisPresenceStore::distinctHeads));
    }

    @Override
    public CompletableFuture<Map<String, Long>> subscriberCounts(List<String> channels) {
        if (channels.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        byte[][] keys = new byte[channels.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = channelKey(channels.get(i));
        }
        // Alive members score above now; "(" makes the bound exclusive, as in aliveRange().
        byte[] alive = bytes("(" + System.currentTimeMillis());
        return read(
                bulk,
                READ_FAILED,
                a ->
                        a.<List<Object>>eval(COUNT, ScriptOutputType.MULTI, keys, alive)
                                .thenApply(
                                        counts -> {
                                            Map<String, Long> out = new LinkedHashMap<>();
                                            for (int i = 0; i < keys.length; i++) {
                                                out.put(channels.get(i), (Long) counts.get(i));
                                            }
                                            return out;
                                        }));
    }

    @Override
    public CompletableFuture<List<String>> remembered(String user) {
        // A small set (at most max-subscriptions), read on every connect: not a bulk read.
        return read(
                commands,
                REMEMBER_FAILED,
                a ->
                        a.smembers(subsKey(user))
                                .thenApply(
                                        set -> {
                                            TreeSet<String> out = new TreeSet<>();
                                            set.forEach(b -> out.add(string(b)));
                                            return List.copyOf(out);
                                        }));
    }

    @Override
    public CompletableFuture<Boolean> remember(String user, String channel, int limit) {
        return write(
                REMEMBER_FAILED,
                a ->
                        a.<Long>eval(
                                        REMEMBER,
                                        ScriptOutputType.INTEGER,
                                        new byte[][] {subsKey(user)},
                                        bytes(channel),
                                        bytes(Integer.toString(limit)))
                                .thenApply(n -> n == 1));
    }

    @Override
    public CompletableFuture<Void> forget(String user, String channel) {
        return write(
                REMEMBER_FAILED, a -> a.srem(subsKey(user), bytes(channel)).thenApply(x -> null));
    }

    @Override
    public void close() {
        exec.shutdown();
        try {
            if (exec.awaitTermination(2, TimeUnit.SECONDS)) {
                lastWrite.get(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            log.debug("presence removals at shutdown incomplete: {}", e.toString());
        }
    }

    /** One pipelined round rewriting the expiry of every entry this node holds. */
    private void refresh() {
        try {
            StatefulRedisConnection<byte[], byte[]> c = commands.current();
            if (c == null) {
                return;
            }
            RedisAsyncCommands<byte[], byte[]> a = c.async();
            long now = System.currentTimeMillis();
            double expiry = now + ttlMillis;
            Map<String, List<ScoredValue<byte[]>>> byKey = new HashMap<>();
            for (Member m : members) {
                byKey.computeIfAbsent(m.channel(), k -> new ArrayList<>())
                        .add(ScoredValue.just(expiry, member(m.user(), m.clientId())));
            }
            Map<String, List<ScoredValue<byte[]>>> byUser = new HashMap<>();
            for (Member m : members) {
                byUser.computeIfAbsent(m.user(), k -> new ArrayList<>())
                        .add(ScoredValue.just(expiry, userMember(m.channel(), m.clientId())));
            }
            List<ScoredValue<byte[]>> conns = new ArrayList<>();
            for (Conn o : online) {
                conns.add(ScoredValue.just(expiry, member(o.user(), o.clientId())));
            }
            List<CompletableFuture<?>> sent = new ArrayList<>();
            byKey.forEach(
                    (channel, values) -> {
                        sent.add(sweep(a, channel, now));
                        sent.add(rewrite(a, channelKey(channel), values, false));
                    });
            byUser.forEach((user, values) -> sent.add(rewrite(a, userKey(user), values, true)));
            if (!conns.isEmpty()) {
                sent.add(rewrite(a, onlineKey(), conns, true));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .whenComplete(
                            (v, err) -> {
                                if (err != null && !refreshFailing) {
                                    log.warn("presence refresh failed: {}", err.toString());
                                }
                                refreshFailing = err != null;
                            });
        } catch (RuntimeException e) {
            log.warn("presence refresh round failed", e);
        }
    }

    /**
     * Rewrites the expiry of this node's entries in {@code key}. Channel sets are left untrimmed:
     * their expired members are removed only by {@link #sweep}, which reports the departures.
     */
    @SuppressWarnings("unchecked")
    private CompletableFuture<?> rewrite(
            RedisAsyncCommands<byte[], byte[]> a,
            byte[] key,
            List<ScoredValue<byte[]>> values,
            boolean trim) {
        if (trim) {
            a.zremrangebyscore(key, expiredRange());
        }
        return a.zadd(key, values.toArray(ScoredValue[]::new))
                .thenCombine(a.pexpire(key, ttlMillis), (x, y) -> y)
                .toCompletableFuture();
    }

    /** Removes the expired members of {@code channel} and reports the users who so left it. */
    private CompletableFuture<?> sweep(
            RedisAsyncCommands<byte[], byte[]> a, String channel, long now) {
        CompletionStage<List<Object>> gone =
                a.eval(
                        SWEEP,
                        ScriptOutputType.MULTI,
                        new byte[][] {channelKey(channel)},
                        bytes(Long.toString(now)));
        return gone.thenAccept(
                        users -> {
                            for (Object user : users) {
                                reportExpired(channel, string((byte[]) user));
                            }
                        })
                .toCompletableFuture();
    }

    private void reportExpired(String channel, String user) {
        try {
            expired.accept(channel, user);
        } catch (RuntimeException e) {
            log.warn("expired-presence listener failed for {} in {}", user, channel, e);
        }
    }

    /**
     * Members of {@code key} that have not expired, after trimming those that have when {@code
     * trim} (channel sets are trimmed only by {@link #sweep}).
     */
    private CompletionStage<List<String>> live(
            RedisAsyncCommands<byte[], byte[]> a, byte[] key, boolean trim) {
        if (trim) {
            a.zremrangebyscore(key, expiredRange());
        }
        return a.zrangebyscore(key, aliveRange())
                .thenApply(
                        list -> {
                            List<String> out = new ArrayList<>(list.size());
                            list.forEach(b -> out.add(string(b)));
                            return out;
                        });
    }

    private static Range<Long> aliveRange() {
        return Range.from(
                Range.Boundary.excluding(System.currentTimeMillis()), Range.Boundary.unbounded());
    }

    private static Range<Long> expiredRange() {
        return Range.from(
                Range.Boundary.unbounded(), Range.Boundary.including(System.currentTimeMillis()));
    }

    /**
     * A member of a channel's or the online set: the user, NUL, then the connection; {@link
     * #before} reads the user back.
     */
    private static byte[] member(String head, String clientId) {
        return bytes(head + SEP + clientId);
    }

    /**
     * A member of a user's set: the channel, NUL, the connection, NUL, the node holding it; {@link
     * #before} reads the channel back.
     */
    private byte[] userMember(String channel, String clientId) {
        return bytes(channel + SEP + clientId + SEP + nodeId);
    }

    private static String before(String member) {
        int i = member.indexOf(SEP);
        return i < 0 ? member : member.substring(0, i);
    }

    private static List<String> distinctHeads(Collection<String> members) {
        TreeSet<String> out = new TreeSet<>();
        for (String m : members) {
            String head = before(m);
            if (!head.isEmpty()) {
                out.add(head);
            }
        }
        return List.copyOf(out);
    }

    private interface Op<T> {
        CompletionStage<T> run(RedisAsyncCommands<byte[], byte[]> a);
    }

    /** Issues {@code op} from the presence thread, so writes reach Redis in the order made. */
    private <T> CompletableFuture<T> write(String what, Op<T> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            exec.execute(
                    () -> {
                        lastWrite = result;
                        commands.write(what, op::run)
                                .whenComplete(
                                        (v, err) -> {
                                            if (err != null) {
                                                result.completeExceptionally(err);
                                            } else {
                                                result.complete(v);
                                            }
                                        });
                    });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new BrokerUnavailableException("presence store closed"));
        }
        return result;
    }

    private static <T> CompletableFuture<T> read(RedisLane lane, String what, Op<T> op) {
        return lane.read(what, op::run);
    }

    private byte[] channelKey(String channel) {
        return bytes(prefix + "redcast:{" + channel + "}:presence");
    }

    private byte[] userKey(String user) {
        return bytes(prefix + "redcast:user:{" + user + "}:conns");
    }

    private byte[] subsKey(String user) {
        return bytes(prefix + "redcast:user:{" + user + "}:subs");
    }

    private byte[] onlineKey() {
        return bytes(prefix + "redcast:online");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
