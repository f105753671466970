package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.IdempotencyKey;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (immutable). The {@code redcast} function library ({@code redcast.lua} next to this
 * class's resources) and the keys it works on: loading it, and calling its functions so that a
 * library Redis lost ({@code FUNCTION FLUSH}, a restart without persistence) is loaded again and
 * the call retried once.
 *
 * <p>Keys of a channel share its hash tag, so they live in one Redis Cluster slot and one function
 * call may touch them all: {@code <prefix>redcast:{<channel>}:stream}, {@code ...:meta} and the
 * idempotency keys {@code ...:idem:<publisher's namespace and key>}.
 */
final class RedisLibrary {
    private static final Logger log = LoggerFactory.getLogger(RedisLibrary.class);

    static final String SOURCE = readLibrary();
    static final String PUBLISH = "redcast_publish";
    static final String PUBLISH_LIVE = "redcast_publish_live";
    static final String READ = "redcast_read";

    /** The largest offset a channel reaches: 2^53 - 1, as {@code MAX_OFFSET} in redcast.lua. */
    static final long MAX_OFFSET = (1L << 53) - 1;

    /** How redcast.lua's refusal at {@link #MAX_OFFSET} starts. */
    private static final String OFFSET_LIMIT_ERROR = "redcast: offset limit";

    private final String prefix;
    private final byte[] windowMillis;

    /**
     * @param prefix the channel prefix, before every key and Redis channel name
     * @param idempotencyWindow how long an idempotency key keeps its publish's result
     */
    RedisLibrary(String prefix, Duration idempotencyWindow) {
        this.prefix = prefix;
        this.windowMillis = bytes(Long.toString(idempotencyWindow.toMillis()));
    }

    /** The idempotency window in milliseconds, as the publishing functions take it. */
    byte[] windowArg() {
        return windowMillis.clone();
    }

    /** The stream key of {@code channel}. */
    byte[] streamKey(String channel) {
        return bytes(prefix + "redcast:{" + channel + "}:stream");
    }

    /** The meta key (last offset, epoch) of {@code channel}. */
    byte[] metaKey(String channel) {
        return bytes(prefix + "redcast:{" + channel + "}:meta");
    }

    /** The key holding the result of the publish on {@code channel} that first used {@code key}. */
    byte[] idempotencyKey(String channel, IdempotencyKey key) {
        return bytes(prefix + "redcast:{" + channel + "}:idem:" + key.scoped());
    }

    /** The Redis channel that carries {@code channel}. */
    byte[] redisChannel(String channel) {
        return bytes(prefix + channel);
    }

    CompletableFuture<Void> load(RedisAsyncCommands<byte[], byte[]> c) {
        return c.functionLoad(SOURCE, true).toCompletableFuture().thenApply(name -> null);
    }

    /**
     * {@code FCALL function} on {@code lane}'s connection, loading the library first when Redis no
     * longer has it. A failure becomes a {@link BrokerUnavailableException} saying "{@code what}:
     * ..." in redcast's words (for a {@code write} that may have been applied, {@code
     * outcome_unknown}); Redis's error text (script names, line numbers, key names) goes to the log
     * only.
     */
    <T> CompletableFuture<T> fcall(
            RedisLane lane,
            String what,
            boolean write,
            String function,
            ScriptOutputType type,
            byte[][] keys,
            byte[][] args) {
        StatefulRedisConnection<byte[], byte[]> c = lane.current();
        if (c == null) {
            return CompletableFuture.failedFuture(
                    RedisFailure.down(lane.downReason()).toException(what, write));
        }
        RedisAsyncCommands<byte[], byte[]> a = c.async();
        return a.<T>fcall(function, type, keys, args)
                .toCompletableFuture()
                .handle(
                        (v, err) -> {
                            if (err == null) {
                                return CompletableFuture.completedFuture(v);
                            }
                            if (!RedisFailure.of(err).detail().contains("Function not found")) {
                                return CompletableFuture.<T>failedFuture(err);
                            }
                            log.info("redcast function library missing in redis; loading it again");
                            return load(a).thenCompose(
                                            x ->
                                                    a.<T>fcall(function, type, keys, args)
                                                            .toCompletableFuture());
                        })
                .thenCompose(f -> f)
                .handle(
                        (v, err) -> {
                            if (err != null) {
                                throw failure(lane, c, what, write, err);
                            }
                            return v;
                        });
    }

    private static BrokerUnavailableException failure(
            RedisLane lane,
            StatefulRedisConnection<byte[], byte[]> c,
            String what,
            boolean write,
            Throwable err) {
        String detail = RedisFailure.of(err).detail();
        if (detail.contains(OFFSET_LIMIT_ERROR)) {
            // Not an outage: one channel is full, for good.
            log.warn("{}: {}", what, detail);
            return new BrokerUnavailableException(
                    what
                            + ": the channel has reached the largest history offset, "
                            + MAX_OFFSET
                            + "; it takes no more messages until its history is reset");
        }
        return lane.failed(c, err).toException(what, write);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String readLibrary() {
        try (InputStream in =
                RedisLibrary.class.getResourceAsStream("/dev/redcast/server/redis/redcast.lua")) {
            if (in == null) {
                throw new IllegalStateException("redcast.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
