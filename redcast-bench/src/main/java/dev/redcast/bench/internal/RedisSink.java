package dev.redcast.bench.internal;

import dev.redcast.bench.spec.BenchException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Confined to the publisher's thread, except the counters which Lettuce's thread updates. Publishes
 * with Redis {@code PUBLISH} on one pipelined Lettuce connection.
 *
 * <p>Commands are flushed once per batch of due messages rather than one write per command, so the
 * publisher costs little CPU on the machine it shares with the server; at most {@code maxInFlight}
 * commands wait for Redis's reply at once.
 */
public final class RedisSink implements MessageSink {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final Semaphore permits;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong unheard = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * @throws BenchException when Redis cannot be reached
     */
    public RedisSink(URI redisUrl, int maxInFlight) {
        this.resources =
                DefaultClientResources.builder()
                        .ioThreadPoolSize(1)
                        .computationThreadPoolSize(1)
                        .build();
        this.client = RedisClient.create(resources);
        try {
            this.connection = client.connect(RedisURI.create(redisUrl));
        } catch (RedisException | IllegalArgumentException e) {
            shutdown();
            throw new BenchException(
                    "cannot connect to Redis at " + redisUrl + " (--redis): " + e.getMessage(), e);
        }
        connection.setAutoFlushCommands(false);
        this.commands = connection.async();
        this.permits = new Semaphore(maxInFlight);
    }

    @Override
    public boolean publish(long seq, String channel, String payload) throws InterruptedException {
        if (!permits.tryAcquire()) {
            // Everything buffered must be on the wire before waiting for replies to it.
            connection.flushCommands();
            permits.acquire();
        }
        commands.publish(channel, payload)
                .whenComplete(
                        (receivers, failure) -> {
                            permits.release();
                            if (failure != null) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, "PUBLISH failed: " + failure);
                            } else if (receivers == 0) {
                                unheard.incrementAndGet();
                            }
                        });
        return true;
    }

    @Override
    public void flush() {
        connection.flushCommands();
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public String firstError() {
        return firstError.get();
    }

    /**
     * Publishes that no Redis subscriber heard: the server is not subscribed to the channel, for
     * example because it prefixes channel names.
     */
    public long unheard() {
        return unheard.get();
    }

    @Override
    public void close() {
        try {
            connection.flushCommands();
            connection.close();
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
