package dev.redcast.server.registry.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelRegistry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Thread-safe (stateless apart from the connection supplier). The registry in one Redis hash,
 * {@code <prefix>redcast:channels}, field = name, value = description, so every node sees the same
 * catalog and each write is a single atomic command.
 */
public final class RedisChannelRegistry implements ChannelRegistry {
    private static final String UPDATE =
            "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then"
                    + " redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 else return 0 end";

    private final Supplier<StatefulRedisConnection<byte[], byte[]>> connection;
    private final byte[] key;

    public RedisChannelRegistry(
            Supplier<StatefulRedisConnection<byte[], byte[]>> connection, String prefix) {
        this.connection = connection;
        this.key = (prefix + "redcast:channels").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<List<ChannelInfo>> list() {
        return call(
                a ->
                        a.hgetall(key)
                                .thenApply(
                                        map -> {
                                            TreeMap<String, String> sorted = new TreeMap<>();
                                            map.forEach((k, v) -> sorted.put(utf8(k), utf8(v)));
                                            List<ChannelInfo> out = new ArrayList<>();
                                            sorted.forEach(
                                                    (name, description) -> {
                                                        try {
                                                            out.add(
                                                                    new ChannelInfo(
                                                                            name, description));
                                                        } catch (IllegalArgumentException e) {
                                                            // Written by something else; skip it.
                                                        }
                                                    });
                                            return out;
                                        }));
    }

    @Override
    public CompletableFuture<Boolean> create(ChannelInfo channel) {
        return call(a -> a.hsetnx(key, bytes(channel.name()), bytes(channel.description())));
    }

    @Override
    public CompletableFuture<Boolean> update(ChannelInfo channel) {
        return call(
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
        return call(a -> a.hdel(key, bytes(name)).thenApply(n -> n == 1));
    }

    private <T> CompletableFuture<T> call(
            Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> op) {
        StatefulRedisConnection<byte[], byte[]> c = connection.get();
        if (c == null) {
            return CompletableFuture.failedFuture(
                    new BrokerUnavailableException("redis is unavailable; registry not reachable"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        op.apply(c.async())
                .whenComplete(
                        (v, err) -> {
                            if (err != null) {
                                result.completeExceptionally(
                                        new BrokerUnavailableException(
                                                "redis registry call failed: " + err));
                            } else {
                                result.complete(v);
                            }
                        });
        return result;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
