package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.OutageLog;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. One supervised Redis connection of a node, and what its failures mean. A node has
 * two: {@code command}, with a short timeout, for publishes, presence writes, registry writes and
 * the probe; and {@code bulk}, with a longer one, for reads whose replies can be large (history
 * pages and catch-up, registry and presence listings).
 *
 * <p>Why two: Redis answers a connection's commands in order, so on a shared socket a publish waits
 * until every byte of a large reply queued before it has arrived; one big read could make other
 * users' publishes time out. Apart, a read that times out rebuilds only its own connection.
 *
 * <p>Every failure goes through {@link #failed}: a timeout rebuilds the connection (it may be
 * stuck: a half-open TCP connection answers nothing) and is counted; Redis's own text is logged
 * once per outage ({@link OutageLog}), never per request, and callers get {@link
 * RedisFailure#toException} in redcast's words.
 */
public final class RedisLane {
    private static final Logger log = LoggerFactory.getLogger(RedisLane.class);

    private final String name;
    private final Duration timeout;
    private final ConnectionSupervisor<StatefulRedisConnection<byte[], byte[]>> supervisor;
    private final Consumer<RedisFailure> observer;
    private final OutageLog outages = new OutageLog();
    private final AtomicLong timeouts = new AtomicLong();

    /**
     * @param observer told of every failure, e.g. to notice that Redis refuses writes
     */
    RedisLane(
            String name,
            Duration timeout,
            ConnectionSupervisor<StatefulRedisConnection<byte[], byte[]>> supervisor,
            Consumer<RedisFailure> observer) {
        this.name = name;
        this.timeout = timeout;
        this.supervisor = supervisor;
        this.observer = observer;
    }

    /** The open connection, or null while it is down. Callers must not close it. */
    public StatefulRedisConnection<byte[], byte[]> current() {
        return supervisor.current();
    }

    /**
     * Runs {@code op}, which only reads, on the connection. A failure completes the future with a
     * {@link BrokerUnavailableException} saying "{@code what}: ..." in redcast's words.
     */
    public <T> CompletableFuture<T> read(
            String what, Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> op) {
        return call(what, false, op);
    }

    /**
     * Runs {@code op}, which changes something, on the connection. A failure completes the future
     * as for {@link #read}, with {@link dev.redcast.protocol.ErrorCode#OUTCOME_UNKNOWN} when {@code
     * op} was sent and may have been applied.
     */
    public <T> CompletableFuture<T> write(
            String what, Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> op) {
        return call(what, true, op);
    }

    private <T> CompletableFuture<T> call(
            String what,
            boolean write,
            Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> op) {
        StatefulRedisConnection<byte[], byte[]> c = supervisor.current();
        if (c == null) {
            return CompletableFuture.failedFuture(
                    RedisFailure.down(supervisor.downReason()).toException(what, write));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            op.apply(c.async())
                    .whenComplete(
                            (v, err) -> {
                                if (err != null) {
                                    result.completeExceptionally(
                                            failed(c, err).toException(what, write));
                                } else {
                                    result.complete(v);
                                }
                            });
        } catch (RuntimeException e) {
            result.completeExceptionally(failed(c, e).toException(what, write));
        }
        return result;
    }

    /**
     * A command sent on {@code c} failed: classifies it, rebuilds {@code c} after a timeout, logs
     * Redis's text when an outage starts and tells the observer.
     */
    RedisFailure failed(StatefulRedisConnection<byte[], byte[]> c, Throwable err) {
        RedisFailure f = RedisFailure.of(err);
        if (f.kind() == RedisFailure.Kind.NO_ANSWER) {
            timeouts.incrementAndGet();
            supervisor.rebuild(c, "a command timed out after " + timeout.toSeconds() + " s");
        }
        if (outages.failed()) {
            log.warn("redis {} connection: {} ({})", name, f.words(), f.detail());
        } else {
            log.debug("redis {} connection: {} ({})", name, f.words(), f.detail());
        }
        try {
            observer.accept(f);
        } catch (RuntimeException e) {
            log.warn("redis {} failure observer failed", name, e);
        }
        return f;
    }

    /** Drops the connection (it misbehaves) and connects anew. */
    void rebuild(String reason) {
        supervisor.rebuild(reason);
    }

    void start() {
        supervisor.start();
    }

    /** Why the connection is down, for messages while it is. */
    String downReason() {
        return supervisor.downReason();
    }

    /** Connects at once if down, skipping the rest of the backoff delay. */
    void connectNow() {
        supervisor.connectNow();
    }

    void close() {
        supervisor.close();
    }

    /** How many commands on this connection timed out (each rebuilt it). */
    public long timeouts() {
        return timeouts.get();
    }

    /** {@code command} or {@code bulk}. */
    public String name() {
        return name;
    }

    /** How long a command on this connection may wait for its answer. */
    public Duration timeout() {
        return timeout;
    }
}
