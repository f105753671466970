package dev.redcast.server.registry.redis;

import dev.redcast.server.broker.redis.RedisLane;
import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelRegistry;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from the connection supplier and the size last seen). The registry
 * in one Redis hash, {@code <prefix>redcast:channels}, field = name, value = description, so every
 * node sees the same catalog and each write is a single atomic command or script.
 *
 * <p>The cap is checked inside the creating script, so concurrent creations on several nodes never
 * push the hash past it. Listing reads the hash with {@code HSCAN}, {@value #SCAN_PAGE} fields a
 * round trip, one round trip after the other, on the node's bulk connection; writes go on its
 * command connection. Failures reach callers in redcast's words ({@link RedisLane}).
 */
public final class RedisChannelRegistry implements ChannelRegistry {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelRegistry.class);

    /** Fields asked for per {@code HSCAN} (a hint to Redis, not a promise). */
    static final int SCAN_PAGE = 1000;

    private static final String UPDATE =
            "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then"
                    + " redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 else return 0 end";

    /** ARGV name, description, cap. Returns 0 when taken, -1 when full, else the new size. */
    private static final String CREATE =
            """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
            local n = redis.call('HLEN', KEYS[1])
            if n >= tonumber(ARGV[3]) then return -1 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return n + 1
            """;

    /** ARGV name. Returns -1 when it was not registered, else the size left. */
    private static final String DELETE =
            """
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
            return redis.call('HLEN', KEYS[1])
            """;

    private static final String READ_FAILED = "the channel registry is unavailable";
    private static final String WRITE_FAILED = "the channel registry was not changed";

    private final RedisLane commands;
    private final RedisLane bulk;
    private final byte[] key;
    private final int maxChannels;
    private volatile long knownSize = -1;
    // Whether the last listing found more entries than the cap; logged once per change.
    private volatile boolean overCap;

    /** A registry of at most {@link ChannelRegistry#MAX_CHANNELS} entries. */
    public RedisChannelRegistry(RedisLane commands, RedisLane bulk, String prefix) {
        this(commands, bulk, prefix, MAX_CHANNELS);
    }

    /**
     * @param commands the connection for writes
     * @param bulk the connection for listings
     */
    public RedisChannelRegistry(
            RedisLane commands, RedisLane bulk, String prefix, int maxChannels) {
        if (maxChannels < 1) {
            throw new IllegalArgumentException("maxChannels must be >= 1, got " + maxChannels);
        }
        this.commands = commands;
        this.bulk = bulk;
        this.key = (prefix + "redcast:channels").getBytes(StandardCharsets.UTF_8);
        this.maxChannels = maxChannels;
    }

    @Override
    public CompletableFuture<List<ChannelInfo>> list() {
        return bulk.read(READ_FAILED, a -> a.hlen(key))
                .thenCompose(
                        size -> {
                            knownSize = size;
                            noteOverCap(size);
                            return scan(ScanCursor.INITIAL, new TreeMap<>());
                        });
    }

    /** Reads on from {@code cursor} into {@code found} until the end or the cap. */
    private CompletableFuture<List<ChannelInfo>> scan(
            ScanCursor cursor, TreeMap<String, String> found) {
        return bulk.read(READ_FAILED, a -> a.hscan(key, cursor, ScanArgs.Builder.limit(SCAN_PAGE)))
                .thenCompose(
                        page -> {
                            take(page, found);
                            if (page.isFinished() || found.size() >= maxChannels) {
                                return CompletableFuture.completedFuture(infos(found));
                            }
                            return scan(page, found);
                        });
    }

    private void take(MapScanCursor<byte[], byte[]> page, TreeMap<String, String> found) {
        // HSCAN may return a field twice; the map keeps it once.
        page.getMap()
                .forEach(
                        (k, v) -> {
                            String name = utf8(k);
                            if (found.size() < maxChannels || found.containsKey(name)) {
                                found.put(name, utf8(v));
                            }
                        });
    }

    private static List<ChannelInfo> infos(TreeMap<String, String> found) {
        List<ChannelInfo> out = new ArrayList<>(found.size());
        found.forEach(
                (name, description) -> {
                    try {
                        out.add(new ChannelInfo(name, description));
                    } catch (IllegalArgumentException e) {
                        // Written by something else; skip it.
                    }
                });
        return out;
    }

    private void noteOverCap(long size) {
        boolean over = size > maxChannels;
        if (over && !overCap) {
            log.warn(
                    "the channel registry holds {} entries, more than the limit of {}; listings"
                            + " show {} of them",
                    size,
                    maxChannels,
                    maxChannels);
        }
        overCap = over;
    }

    @Override
    public CompletableFuture<Created> create(ChannelInfo channel) {
        return write(
                a ->
                        a.<Long>eval(
                                        CREATE,
                                        ScriptOutputType.INTEGER,
                                        new byte[][] {key},
                                        bytes(channel.name()),
                                        bytes(channel.description()),
                                        bytes(Integer.toString(maxChannels)))
                                .thenApply(
                                        n -> {
                                            if (n > 0) {
                                                knownSize = n;
                                                return Created.CREATED;
                                            }
                                            return n == 0 ? Created.TAKEN : Created.FULL;
                                        }));
    }

    @Override
    public CompletableFuture<Boolean> update(ChannelInfo channel) {
        return write(
                a ->
                        a.<Long>eval(
                                        UPDATE,
                                        ScriptOutputType.INTEGER,
                                        new byte[][] {key},
                                        bytes(channel.name()),
                                        bytes(channel.description()))
                                .thenApply(n -> n == 1));
    }

    @Override
    public CompletableFuture<Boolean> delete(String name) {
        return write(
                a ->
                        a.<Long>eval(
                                        DELETE,
                                        ScriptOutputType.INTEGER,
                                        new byte[][] {key},
                                        bytes(name))
                                .thenApply(
                                        left -> {
                                            if (left < 0) {
                                                return false;
                                            }
                                            knownSize = left;
                                            return true;
                                        }));
    }

    @Override
    public int maxChannels() {
        return maxChannels;
    }

    @Override
    public long knownSize() {
        return knownSize;
    }

    private <T> CompletableFuture<T> write(
            Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> op) {
        return commands.write(WRITE_FAILED, op);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
