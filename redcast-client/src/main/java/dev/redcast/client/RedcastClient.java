package dev.redcast.client;

import dev.redcast.client.internal.ClientCore;
import dev.redcast.client.internal.EventLoopScheduler;
import dev.redcast.client.internal.Frames;
import dev.redcast.client.internal.NettyConnector;
import dev.redcast.client.internal.SerialExecutor;
import dev.redcast.protocol.IdempotencyKeys;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Thread-safe. A client of the redcast wire protocol v1: one WebSocket connection to a server,
 * reopened automatically when it is lost.
 *
 * <pre>{@code
 * try (RedcastClient client = RedcastClient.builder()
 *         .url("ws://localhost:8080/ws").token("s3cret").user("wael").build()) {
 *     client.connect().join();
 *     client.subscribe("general", m -> System.out.println(m.from() + ": " + m.payload())).join();
 *     client.publish("general", "hello").join();
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #connect()} opens the first connection and completes with the server's welcome; if that
 * first attempt fails the future fails and the client is closed (a wrong URL or token should not be
 * retried forever). Once connected, a lost connection is reopened with exponential backoff and
 * jitter unless the close code is terminal (1000, 1009, 4500-4999) or the upgrade is refused with a
 * 4xx status. After each reconnect every subscription is sent again, with {@code since} set to the
 * position of the last message delivered on that channel; replayed messages are delivered before
 * live ones, without duplicates, and if the gap cannot be replayed the listener's {@link
 * MessageListener#onRecoveryFailed} says so. {@link #close()} ends the client and releases its
 * threads; call it also after a terminal close.
 *
 * <h2>Threads</h2>
 *
 * Every listener call and every future completion runs on the client's callback executor: one
 * thread per client by default, or the {@link Builder#callbackExecutor(Executor) executor you
 * give}, which the client wraps so that its tasks still run one at a time. They run in the order
 * the frames arrived: a reply's future completes after the messages that came before the reply.
 * Callbacks never run on the Netty event loop, so a slow listener delays other callbacks of this
 * client but not its I/O. Do not block a callback on one of this client's futures (use {@code
 * thenAccept}); its completion is queued behind the callback that waits for it. Exceptions thrown
 * by a listener are logged and delivery continues. Methods may be called from any thread; a call on
 * a closed client fails its future at once on the calling thread.
 *
 * <h2>Requests</h2>
 *
 * Every command carries an increasing numeric {@code id} and its future completes with the matching
 * reply, or fails with a {@link RedcastException}: the server's error code, {@code timeout} after
 * the request timeout, {@code disconnected} when there is no connection (commands other than
 * subscribe are not queued while reconnecting), {@code closed} after close.
 */
public final class RedcastClient implements AutoCloseable {
    private static final AtomicInteger CLIENT_NUMBER = new AtomicInteger();

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final EventLoopScheduler scheduler;
    private final ExecutorService ownedCallbackThread; // null when the application gave one
    private final ClientCore core;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ConnectionState state = new ConnectionState.Idle();
    private CompletableFuture<Welcome> connectFuture; // guarded by this

    private RedcastClient(Builder b) {
        this.config =
                new ClientConfig(
                        b.url,
                        b.token,
                        b.tokenSupplier,
                        b.user,
                        b.connectTimeout,
                        b.requestTimeout,
                        b.reconnectMin,
                        b.reconnectMax,
                        b.jitter,
                        b.reconnect,
                        b.maxFrameSize,
                        b.maxPendingRequests,
                        b.trustedCertificates);
        SslContext ssl = NettyConnector.ssl(config);
        int n = CLIENT_NUMBER.incrementAndGet();
        this.group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("redcast-client-" + n + "-io", true),
                        NioIoHandler.newFactory());
        EventLoop loop = group.next();
        this.scheduler = new EventLoopScheduler(loop);
        Executor callbacks;
        if (b.callbackExecutor != null) {
            ownedCallbackThread = null;
            callbacks = b.callbackExecutor;
        } else {
            ownedCallbackThread =
                    Executors.newSingleThreadExecutor(
                            new DefaultThreadFactory("redcast-client-" + n + "-callbacks", true));
            callbacks = ownedCallbackThread;
        }
        this.core =
                new ClientCore(
                        config,
                        scheduler,
                        new SerialExecutor(callbacks),
                        new NettyConnector(config, loop, ssl),
                        new ClientCore.Listeners(
                                b.connectionListener, b.presenceListener, b.fallbackListener),
                        s -> state = s,
                        () -> ThreadLocalRandom.current().nextDouble());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings this client was built with. */
    public ClientConfig config() {
        return config;
    }

    /** The connection state now; listeners hear of changes through the connection listener. */
    public ConnectionState state() {
        return state;
    }

    /**
     * Opens the connection. Calling it again returns the same future.
     *
     * @return completes with the server's welcome, or fails (and the client closes) when the first
     *     connection cannot be made: {@code unauthorized} for a bad token, {@code connect_failed}
     *     otherwise
     */
    public CompletableFuture<Welcome> connect() {
        CompletableFuture<Welcome> f;
        synchronized (this) {
            if (connectFuture != null) {
                return connectFuture;
            }
            connectFuture = f = new CompletableFuture<>();
        }
        return submit(f, () -> core.connect(f));
    }

    /**
     * Subscribes to one channel; see {@link #subscribe(String, SubscribeOptions, MessageListener)}.
     */
    public CompletableFuture<Subscribed> subscribe(String channel, MessageListener listener) {
        return subscribe(channel, SubscribeOptions.DEFAULT, listener);
    }

    /** Subscribes to every channel matching a Redis glob pattern such as {@code news.*}. */
    public CompletableFuture<Subscribed> psubscribe(String pattern, MessageListener listener) {
        return subscribe(pattern, SubscribeOptions.ofPattern(), listener);
    }

    /**
     * Subscribes {@code listener} to a channel (or pattern). May be called before {@link
     * #connect()} or while reconnecting: the subscription is sent once connected. It lasts until
     * {@link #unsubscribe} and is restored after every reconnect.
     *
     * @return completes with the server's {@code subscribed} reply, after any history messages in
     *     it were delivered to {@code listener}; fails with the server's error (the subscription is
     *     then dropped) or {@code bad_request} when already subscribed
     */
    public CompletableFuture<Subscribed> subscribe(
            String channel, SubscribeOptions options, MessageListener listener) {
        requireName(channel, "channel");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        return submit(f, () -> core.subscribe(channel, options, listener, f));
    }

    /** Ends a channel subscription; see {@link #unsubscribe(String, boolean)}. */
    public CompletableFuture<Void> unsubscribe(String channel) {
        return unsubscribe(channel, false);
    }

    /**
     * Ends a subscription. Its listener gets no further messages from the moment this is called.
     *
     * @return completes when the server confirmed (at once when not connected); fails with {@code
     *     not_found} when there is no such subscription
     */
    public CompletableFuture<Void> unsubscribe(String channel, boolean pattern) {
        requireName(channel, "channel");
        CompletableFuture<Void> f = new CompletableFuture<>();
        return submit(f, () -> core.unsubscribe(channel, pattern, f));
    }

    /**
     * Publishes a text payload.
     *
     * @return the offset and epoch the message got when the channel keeps history (both null
     *     otherwise)
     */
    public CompletableFuture<PublishResult> publish(String channel, String payload) {
        return publish(channel, payload, null);
    }

    /**
     * Publishes a text payload at most once per idempotency key: retrying with the same key (after
     * a timeout, a lost connection or the server's {@code outcome_unknown}) within the server's
     * window is answered like the first publish ({@link PublishResult#replayed()}) and delivers
     * nothing again.
     *
     * @param idempotencyKey 1 to 128 printable ASCII characters without spaces (a UUID, say), or
     *     null for none
     * @throws IllegalArgumentException when the key is not one the server accepts
     */
    public CompletableFuture<PublishResult> publish(
            String channel, String payload, String idempotencyKey) {
        requireName(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        if (idempotencyKey != null) {
            String problem = IdempotencyKeys.problem(idempotencyKey);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        return submit(
                f,
                () ->
                        core.request(
                                "publish",
                                id -> Frames.publish(id, channel, payload, idempotencyKey),
                                Frames::published,
                                f));
    }

    /** The last {@code limit} messages of a channel; see {@link #history(String, int, Long)}. */
    public CompletableFuture<HistoryPage> history(String channel, int limit) {
        return history(channel, limit, null);
    }

    /**
     * Messages from a channel's history, oldest first.
     *
     * @param limit at most this many, 1 or more
     * @param before only messages with a smaller offset; null for the newest
     */
    public CompletableFuture<HistoryPage> history(String channel, int limit, Long before) {
        requireName(channel, "channel");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        CompletableFuture<HistoryPage> f = new CompletableFuture<>();
        return submit(
                f,
                () ->
                        core.request(
                                "history",
                                id -> Frames.history(id, channel, limit, before),
                                frame -> Frames.history(frame, channel),
                                f));
    }

    /** Who is in a channel. */
    public CompletableFuture<Presence> presence(String channel) {
        requireName(channel, "channel");
        CompletableFuture<Presence> f = new CompletableFuture<>();
        return submit(
                f,
                () ->
                        core.request(
                                "presence",
                                id -> Frames.presence(id, channel),
                                frame -> Frames.presence(frame, channel),
                                f));
    }

    /** The server's channel registry. */
    public CompletableFuture<List<ChannelInfo>> channels() {
        CompletableFuture<List<ChannelInfo>> f = new CompletableFuture<>();
        return submit(
                f,
                () ->
                        core.request(
                                "channels",
                                id -> Frames.command("channels", id),
                                Frames::channels,
                                f));
    }

    /** A round trip to the server; completes with how long it took. */
    public CompletableFuture<Duration> ping() {
        long start = System.nanoTime();
        CompletableFuture<Duration> f = new CompletableFuture<>();
        return submit(
                f,
                () ->
                        core.request(
                                "ping",
                                id -> Frames.command("ping", id),
                                frame -> Duration.ofNanos(System.nanoTime() - start),
                                f));
    }

    /**
     * Closes the connection (close code 1000) and releases the client's threads. Pending futures
     * fail with {@code closed}; the connection listener hears {@link ConnectionState.Closed}. Safe
     * to call twice and from a callback.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            scheduler.execute(
                    () -> {
                        core.close();
                        done.complete(null);
                    });
            if (!scheduler.inLoop()) {
                done.get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // The loop is gone or stuck; shutting it down below is all that is left to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Quiet period 0: the close frame is already written; nothing else is expected.
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (ownedCallbackThread != null) {
            ownedCallbackThread.shutdown(); // queued callbacks (the Closed state) still run
        }
    }

    private <T> CompletableFuture<T> submit(CompletableFuture<T> f, Runnable task) {
        if (closed.get()) {
            f.completeExceptionally(
                    new RedcastException(RedcastException.CODE_CLOSED, "the client is closed"));
            return f;
        }
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(
                    new RedcastException(RedcastException.CODE_CLOSED, "the client is closed"));
        }
        return f;
    }

    private static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** Not thread-safe; use from one thread, then {@link #build()}. */
    public static final class Builder {
        private URI url;
        private String token;
        private Supplier<? extends CompletionStage<String>> tokenSupplier;
        private String user;
        private Duration connectTimeout = ClientConfig.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = ClientConfig.DEFAULT_REQUEST_TIMEOUT;
        private Duration reconnectMin = ClientConfig.DEFAULT_RECONNECT_MIN;
        private Duration reconnectMax = ClientConfig.DEFAULT_RECONNECT_MAX;
        private double jitter = ClientConfig.DEFAULT_JITTER;
        private boolean reconnect = true;
        private int maxFrameSize = ClientConfig.DEFAULT_MAX_FRAME_SIZE;
        private int maxPendingRequests = ClientConfig.DEFAULT_MAX_PENDING_REQUESTS;
        private Path trustedCertificates;
        private Executor callbackExecutor;
        private ConnectionListener connectionListener;
        private PresenceListener presenceListener;
        private MessageListener fallbackListener;

        private Builder() {}

        /** The WebSocket endpoint, {@code ws://host:port/ws}; required. */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The WebSocket endpoint as text; throws when it is not a URI. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return url(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url is not a valid URI: '" + url + "'", e);
            }
        }

        /** The shared token or a JWT; sent as {@code ?token=}. Not with a token supplier. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * Where tokens come from when they expire (JWTs), instead of a fixed {@link #token}. The
         * supplier is called before every connection attempt, the first and each reconnect, and its
         * token is sent as {@code ?token=}; when the stage fails (or the supplier throws) the
         * attempt fails like a refused connection. When that token is a JWT with an {@code exp},
         * the supplier is called again shortly before it (half the token's remaining life ahead, at
         * most 30 seconds), and a token other than the one in use is sent as a {@code refresh}
         * command, so the connection outlives its token; a refusal, a failure or the same token
         * again is tried again at half the time left, until under a second remains. Without a fresh
         * token by then the server closes the connection with 4500, which is terminal: the client
         * closes. The token's signature is never checked here; that is the server's job.
         *
         * <p>Like a listener it runs on the client's callback executor, so it must not block on
         * this client's futures; a stage completed later, on any thread, is fine.
         */
        public Builder tokenSupplier(Supplier<? extends CompletionStage<String>> supplier) {
            this.tokenSupplier = supplier;
            return this;
        }

        /** The user name; sent as {@code &user=}. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Default {@link ClientConfig#DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Default {@link ClientConfig#DEFAULT_REQUEST_TIMEOUT}. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Reconnect delays grow from {@code min} to {@code max}. Defaults {@link
         * ClientConfig#DEFAULT_RECONNECT_MIN} and {@link ClientConfig#DEFAULT_RECONNECT_MAX}.
         */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /** 0 to 1; default {@link ClientConfig#DEFAULT_JITTER} (full jitter). */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Whether to reopen lost connections; default true. */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Default {@link ClientConfig#DEFAULT_MAX_FRAME_SIZE}. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** Default {@link ClientConfig#DEFAULT_MAX_PENDING_REQUESTS}. */
        public Builder maxPendingRequests(int max) {
            this.maxPendingRequests = max;
            return this;
        }

        /**
         * With a {@code wss://} url: trusts the certificates in this PEM file (a private CA's, or
         * the server's own) instead of the JVM's trust store. Default: the JVM's trust store.
         */
        public Builder trustedCertificates(Path pem) {
            this.trustedCertificates = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /**
         * Where callbacks run instead of the client's own thread. It may have many threads: the
         * client still runs its callbacks one at a time, in order.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        public Builder connectionListener(ConnectionListener listener) {
            this.connectionListener = listener;
            return this;
        }

        public Builder presenceListener(PresenceListener listener) {
            this.presenceListener = listener;
            return this;
        }

        /**
         * Receives messages on channels this client did not subscribe to itself: the server's
         * default channels and those it remembered for the user (see {@link
         * Welcome#subscriptions()}). Without it they are dropped.
         */
        public Builder fallbackListener(MessageListener listener) {
            this.fallbackListener = listener;
            return this;
        }

        /**
         * Builds the client; it does not connect yet.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public RedcastClient build() {
            if (url == null) {
                throw new IllegalArgumentException("url is required (ws://host:port/ws)");
            }
            return new RedcastClient(this);
        }
    }
}
