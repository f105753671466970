package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Thread-safe (stateless). One call on the node's shared command connection ({@link
 * RedisBroker#commandConnection}) for the Redis-backed services (presence, the channel registry,
 * the node registry): no connection, or a call that fails or throws, fails the future with a {@link
 * BrokerUnavailableException} that names the service, which the HTTP API and the protocol answer as
 * "unavailable".
 */
public final class RedisCalls {
    private RedisCalls() {}

    /**
     * @param connection the current command connection, or null while Redis is down
     * @param service what is calling, for the message, e.g. {@code presence}
     */
    public static <T> CompletableFuture<T> call(
            Supplier<StatefulRedisConnection<byte[], byte[]>> connection,
            String service,
            Function<RedisAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> op) {
        StatefulRedisConnection<byte[], byte[]> c = connection.get();
        if (c == null) {
            return CompletableFuture.failedFuture(
                    new BrokerUnavailableException("redis is unavailable (" + service + ")"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            op.apply(c.async())
                    .whenComplete(
                            (v, err) -> {
                                if (err != null) {
                                    result.completeExceptionally(failed(service, err));
                                } else {
                                    result.complete(v);
                                }
                            });
        } catch (RuntimeException e) {
            result.completeExceptionally(failed(service, e));
        }
        return result;
    }

    private static BrokerUnavailableException failed(String service, Throwable err) {
        return new BrokerUnavailableException("redis " + service + " call failed: " + err);
    }
}
