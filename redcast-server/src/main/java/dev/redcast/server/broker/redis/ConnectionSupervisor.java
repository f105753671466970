package dev.redcast.server.broker.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; all state changes run on the owner's single-threaded executor. Keeps one Lettuce
 * connection open: connects, notices a loss, reconnects with {@link Backoff}, and tells its hooks.
 * Lettuce's own auto-reconnect is off, so the owner decides what a fresh connection must redo
 * (re-subscribing everything) instead of replaying stale state.
 */
final class ConnectionSupervisor<C extends StatefulConnection<?, ?>> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);

    /** Called on the executor. */
    interface Hooks<C> {
        void up(C connection);

        void down(String reason);
    }

    private final String name;
    private final ScheduledExecutorService exec;
    private final Supplier<CompletableFuture<C>> connector;
    private final Backoff backoff;
    private final Hooks<C> hooks;

    /** The open connection, or null while down. Written on the executor only. */
    private volatile C current;

    /** Why the connection is down (the last failed attempt's reason); meaningless while up. */
    private volatile String downReason = "not connected yet";

    private int attempt;
    private boolean closed;
    // A connect in flight; its answer is awaited, so no second one starts meanwhile.
    private boolean connecting;
    // The retry waiting for its backoff delay, or null.
    private ScheduledFuture<?> retry;

    ConnectionSupervisor(
            String name,
            ScheduledExecutorService exec,
            Supplier<CompletableFuture<C>> connector,
            Backoff backoff,
            Hooks<C> hooks) {
        this.name = name;
        this.exec = exec;
        this.connector = connector;
        this.backoff = backoff;
        this.hooks = hooks;
    }

    void start() {
        exec.execute(this::connect);
    }

    /** The open connection, or null while down. */
    C current() {
        return current;
    }

    /** Why the connection is down, e.g. "connection lost" or a failed connect's root message. */
    String downReason() {
        return downReason;
    }

    /** Drops the current connection (it misbehaves) and connects anew at once. */
    void rebuild(String reason) {
        rebuild(null, reason);
    }

    /**
     * Drops {@code misbehaving} if it is still the current connection (null: whichever is), and
     * connects anew at once. Many commands that time out together on one connection so replace it
     * once, not also the fresh connection that replaced it.
     */
    void rebuild(C misbehaving, String reason) {
        exec.execute(
                () -> {
                    C c = current;
                    if (c == null || closed || (misbehaving != null && misbehaving != c)) {
                        return;
                    }
                    log.debug("redis {} connection rebuilt: {}", name, reason);
                    current = null;
                    c.closeAsync();
                    downReason = reason;
                    hooks.down(reason);
                    attempt = 0;
                    connect();
                });
    }

    /**
     * Connects at once, skipping what is left of the backoff delay, when down and not already
     * connecting: Redis just answered on another connection, so it is back.
     */
    void connectNow() {
        exec.execute(
                () -> {
                    if (closed || current != null || connecting) {
                        return;
                    }
                    if (retry != null) {
                        retry.cancel(false);
                        retry = null;
                    }
                    attempt = 0;
                    connect();
                });
    }

    void close() {
        exec.execute(
                () -> {
                    closed = true;
                    C c = current;
                    current = null;
                    if (c != null) {
                        c.closeAsync();
                    }
                });
    }

    private void connect() {
        retry = null;
        if (closed || connecting) {
            return;
        }
        connecting = true;
        CompletableFuture<C> f;
        try {
            f = connector.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((c, err) -> exec.execute(() -> connected(c, err)));
    }

    private void connected(C c, Throwable err) {
        connecting = false;
        if (closed) {
            if (c != null) {
                c.closeAsync();
            }
            return;
        }
        if (err != null) {
            String reason = rootMessage(err);
            log.debug("redis {} connect attempt {} failed: {}", name, attempt + 1, reason);
            downReason = reason;
            if (attempt == 0) {
                hooks.down(reason);
            }
            retryLater();
            return;
        }
        c.addListener(
                new RedisConnectionStateListener() {
                    @Override
                    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                        exec.execute(() -> lost(c));
                    }
                });
        if (!c.isOpen()) {
            retryLater();
            return;
        }
        current = c;
        attempt = 0;
        try {
            hooks.up(c);
        } catch (RuntimeException e) {
            log.error("redis {} connection set-up failed", name, e);
        }
    }

    private void lost(C c) {
        if (current != c || closed) {
            return;
        }
        current = null;
        downReason = "connection lost";
        hooks.down(downReason);
        retryLater();
    }

    private void retryLater() {
        long delay = backoff.delay(attempt++).toMillis();
        retry = exec.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * The innermost message of {@code t}, saying "TLS handshake failed" when TLS is what failed:
     * the root of an untrusted certificate alone ("unable to find valid certification path") does
     * not say that it was Redis's certificate that was refused.
     */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        boolean tls = t instanceof SSLException;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            tls |= root instanceof SSLException;
        }
        String m = root.getMessage();
        m = m == null ? root.getClass().getSimpleName() : m;
        return tls ? "TLS handshake failed: " + m : m;
    }
}
