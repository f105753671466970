package dev.redcast.server.broker.redis;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.MessageRouter;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.config.RedisConfig;
import dev.redcast.server.protocol.JsonBytes;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; connection state lives on one executor thread ({@code redcast-redis}). The Redis
 * bridge of a node: one pub/sub connection for all its clients (kept in line with the hub's
 * interest by {@link PubSubSync}) and one command connection for publishing.
 *
 * <p>Design: both connections are supervised rather than auto-reconnected by Lettuce, so an outage
 * is logged once when it starts and once when it ends, the node keeps serving its WebSocket clients
 * meanwhile, and a fresh pub/sub connection re-subscribes everything wanted at that moment. A
 * pub/sub connection can also die silently (a half-open TCP connection, a proxy that stops
 * forwarding): a probe published to a node-private channel must come back on it within one probe
 * interval, or the connection is rebuilt.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisConfig config;
    private final String prefix;
    private final byte[] probeChannel;
    private final int probeIntervalSeconds;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService exec;
    private final PubSubSync sync;
    private final RedisHistory history;
    private final ConnectionSupervisor<StatefulRedisConnection<byte[], byte[]>> commands;
    private final ConnectionSupervisor<StatefulRedisPubSubConnection<byte[], byte[]>> pubsub;

    private final MessageRouter router = new MessageRouter();
    private volatile boolean ready;
    private volatile boolean closing;

    // Executor-confined state.
    private boolean pubsubSynced;

    /** The readiness last logged: null before the first connect succeeded or failed. */
    private Boolean reported;

    private long downSinceNanos;
    private String downReason = "not connected yet";
    private boolean flushQueued;
    private long probeSent;
    private volatile long probeAcked;
    private volatile long probeReceived;

    public RedisBroker(RedisConfig config, String nodeId, HistoryRules history) {
        // First: an unusable CA file stops start-up before any thread or connection exists.
        SslOptions ssl = RedisTls.options(config);
        this.config = config;
        this.prefix = config.channelPrefix();
        this.history = new RedisHistory(prefix, history);
        this.probeChannel =
                (prefix + ChannelNames.RESERVED_PREFIX + "probe:" + nodeId)
                        .getBytes(StandardCharsets.UTF_8);
        this.probeIntervalSeconds = config.probeIntervalSeconds();
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).build();
        RedisURI uri = RedisURI.create(config.url());
        this.client = RedisClient.create(resources, uri);
        ClientOptions.Builder options =
                ClientOptions.builder()
                        .autoReconnect(false)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT));
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        client.setOptions(options.build());
        // Callbacks that arrive after close (a connection reporting its own closing) are dropped.
        this.exec =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            Thread t = new Thread(r, "redcast-redis");
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.DiscardPolicy());
        this.sync = new PubSubSync(prefix);
        this.commands =
                new ConnectionSupervisor<>(
                        "command",
                        exec,
                        () ->
                                client.connectAsync(ByteArrayCodec.INSTANCE, uri)
                                        .toCompletableFuture(),
                        Backoff.defaults(),
                        new ConnectionSupervisor.Hooks<>() {
                            @Override
                            public void up(StatefulRedisConnection<byte[], byte[]> c) {
                                loadLibrary(c);
                                updateReady(null);
                            }

                            @Override
                            public void down(String reason) {
                                updateReady("command connection: " + reason);
                            }
                        });
        this.pubsub =
                new ConnectionSupervisor<>(
                        "pub/sub",
                        exec,
                        () ->
                                client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri)
                                        .toCompletableFuture(),
                        Backoff.defaults(),
                        new ConnectionSupervisor.Hooks<>() {
                            @Override
                            public void up(StatefulRedisPubSubConnection<byte[], byte[]> c) {
                                pubsubUp(c);
                            }

                            @Override
                            public void down(String reason) {
                                pubsubSynced = false;
                                sync.detach();
                                updateReady("pub/sub connection: " + reason);
                            }
                        });
    }

    @Override
    public void start(BrokerListener listener) {
        router.main(listener);
        commands.start();
        pubsub.start();
        exec.scheduleWithFixedDelay(
                this::probe, probeIntervalSeconds, probeIntervalSeconds, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<Void> subscribe(TopicKey key) {
        CompletableFuture<Void> flowing = new CompletableFuture<>();
        exec.execute(
                () -> {
                    sync.want(key, flowing);
                    queueFlush();
                });
        return flowing;
    }

    @Override
    public CompletableFuture<Void> control(String channel, BrokerListener listener) {
        router.control(channel, listener);
        return subscribe(TopicKey.channel(channel));
    }

    @Override
    public void unsubscribe(TopicKey key) {
        exec.execute(
                () -> {
                    sync.unwant(key);
                    queueFlush();
                });
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, byte[] payload, String from) {
        StatefulRedisConnection<byte[], byte[]> c = commands.current();
        if (c == null) {
            return CompletableFuture.failedFuture(unavailable());
        }
        HistoryRule rule = history.rule(channel);
        if (rule != null) {
            return history.publish(c.async(), rule, channel, payload, from);
        }
        // A plain payload goes out as it is, for programs that read the Redis channel directly.
        boolean wtf8 = JsonBytes.hasLoneSurrogates(payload);
        byte[] message =
                from == null && !wtf8 && !Envelope.mustWrap(payload)
                        ? payload
                        : Envelope.wrap(payload, from, System.currentTimeMillis(), wtf8);
        return c.async()
                .publish((prefix + channel).getBytes(StandardCharsets.UTF_8), message)
                .toCompletableFuture()
                .handle(
                        (receivers, err) -> {
                            if (err != null) {
                                checkTimeout(err);
                                throw unavailable();
                            }
                            return PublishResult.LIVE_ONLY;
                        });
    }

    /**
     * The supervised command connection, for other Redis-backed services of the node (presence,
     * registry) to share; null while it is down. Callers must not close it.
     */
    public StatefulRedisConnection<byte[], byte[]> commandConnection() {
        return commands.current();
    }

    @Override
    public CompletableFuture<HistoryPage> readAfter(String channel, long after, int limit) {
        return readHistory(channel, (c, rule) -> history.readAfter(c, rule, channel, after, limit));
    }

    @Override
    public CompletableFuture<HistoryPage> readLast(String channel, int limit, Long before) {
        return readHistory(channel, (c, rule) -> history.readLast(c, rule, channel, limit, before));
    }

    private CompletableFuture<HistoryPage> readHistory(
            String channel,
            BiFunction<
                            RedisAsyncCommands<byte[], byte[]>,
                            HistoryRule,
                            CompletableFuture<HistoryPage>>
                    read) {
        HistoryRule rule = history.rule(channel);
        if (rule == null) {
            return CompletableFuture.completedFuture(HistoryPage.NONE);
        }
        StatefulRedisConnection<byte[], byte[]> c = commands.current();
        if (c == null) {
            return CompletableFuture.failedFuture(unavailable());
        }
        return read.apply(c.async(), rule);
    }

    /** Loads the function library on a fresh command connection; calls reload it if it is lost. */
    private void loadLibrary(StatefulRedisConnection<byte[], byte[]> c) {
        history.load(c.async())
                .whenComplete(
                        (v, err) -> {
                            if (err != null) {
                                log.warn(
                                        "cannot load the redcast function library into redis"
                                                + " (history needs Redis 7+): {}",
                                        err.toString());
                            }
                        });
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public String describe() {
        return "redis "
                + config.redacted()
                + (prefix.isEmpty() ? "" : " (channel prefix '" + prefix + "')");
    }

    @Override
    public void close() {
        closing = true;
        commands.close();
        pubsub.close();
        exec.execute(() -> exec.shutdown());
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private BrokerUnavailableException unavailable() {
        return new BrokerUnavailableException(
                "redis is unavailable (" + downReason + "); retrying");
    }

    /**
     * A command that times out means the connection is stuck (a half-open TCP connection answers
     * nothing and Lettuce would wait forever), so it is replaced rather than reused.
     */
    private void checkTimeout(Throwable err) {
        Throwable e =
                err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause()
                        : err;
        if (e instanceof RedisCommandTimeoutException) {
            commands.rebuild("a command timed out after " + COMMAND_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Many interest changes arriving together share one flush, queued behind them. */
    private void queueFlush() {
        if (!flushQueued) {
            flushQueued = true;
            exec.execute(
                    () -> {
                        flushQueued = false;
                        sync.flush();
                    });
        }
    }

    private void pubsubUp(StatefulRedisPubSubConnection<byte[], byte[]> c) {
        c.addListener(new Listener());
        CompletableFuture<Void> probe = c.async().subscribe(probeChannel).toCompletableFuture();
        CompletableFuture<Void> all = sync.attach(c.async());
        CompletableFuture.allOf(probe, all)
                .whenComplete(
                        (v, err) ->
                                exec.execute(
                                        () -> {
                                            if (pubsub.current() != c) {
                                                return;
                                            }
                                            if (err != null) {
                                                pubsub.rebuild("re-subscribe failed: " + err);
                                                return;
                                            }
                                            pubsubSynced = true;
                                            probeReceived = probeSent;
                                            probeAcked = probeSent;
                                            updateReady(null);
                                        }));
    }

    /**
     * Logs each change of readiness once: the start of an outage (or a failed first connect), its
     * end. Retries in between log nothing above DEBUG.
     */
    private void updateReady(String reason) {
        boolean now = pubsubSynced && pubsub.current() != null && commands.current() != null;
        if (reason != null) {
            downReason = reason;
        }
        ready = now;
        if (closing) {
            return;
        }
        if (now && !Boolean.TRUE.equals(reported)) {
            String subs = sync.channelCount() + " channels, " + sync.patternCount() + " patterns";
            if (reported == null) {
                log.info("redis connected: {} ({} subscribed)", config.redacted(), subs);
            } else {
                log.info(
                        "redis available after {} s unavailable; subscribed {}",
                        String.format("%.1f", (System.nanoTime() - downSinceNanos) / 1e9),
                        subs);
            }
            reported = Boolean.TRUE;
        } else if (!now && reason != null && !Boolean.FALSE.equals(reported)) {
            downSinceNanos = System.nanoTime();
            log.warn(
                    "redis unavailable: {} ({}); serving connected clients, retrying with backoff",
                    downReason,
                    config.redacted());
            reported = Boolean.FALSE;
        }
    }

    /**
     * Checks that both connections still work: the previous probe's PUBLISH must have been answered
     * (else the command connection is stuck) and the probe must have come back on the pub/sub
     * connection (else that one is), before the next probe is sent.
     */
    private void probe() {
        try {
            StatefulRedisPubSubConnection<byte[], byte[]> ps = pubsub.current();
            StatefulRedisConnection<byte[], byte[]> cmd = commands.current();
            if (!pubsubSynced || ps == null || cmd == null) {
                return;
            }
            if (probeAcked < probeSent) {
                // The probe's PUBLISH itself is stuck: the command connection is the silent one.
                commands.rebuild("probe publish unanswered for " + probeIntervalSeconds + " s");
                probeAcked = probeSent;
                probeReceived = probeSent;
                return;
            }
            if (probeReceived < probeSent) {
                pubsub.rebuild(
                        "probe not received within "
                                + probeIntervalSeconds
                                + " s; the pub/sub connection stopped receiving");
                return;
            }
            long token = ++probeSent;
            cmd.async()
                    .publish(probeChannel, Long.toString(token).getBytes(StandardCharsets.US_ASCII))
                    .whenComplete(
                            (receivers, err) -> {
                                if (err != null) {
                                    checkTimeout(err);
                                    return;
                                }
                                probeAcked = token;
                                if (receivers == 0) {
                                    pubsub.rebuild(
                                            "Redis has no subscriber on this node's probe channel");
                                }
                            });
        } catch (RuntimeException e) {
            log.warn("redis probe failed", e);
        }
    }

    /** Runs on Lettuce's I/O thread for the pub/sub connection, in arrival order. */
    private final class Listener extends RedisPubSubAdapter<byte[], byte[]> {
        @Override
        public void message(byte[] channel, byte[] message) {
            deliver(null, channel, message);
        }

        @Override
        public void message(byte[] pattern, byte[] channel, byte[] message) {
            deliver(pattern, channel, message);
        }

        private void deliver(byte[] pattern, byte[] channel, byte[] message) {
            try {
                if (Arrays.equals(channel, probeChannel)) {
                    if (pattern == null) {
                        probeReceived = Long.parseLong(Envelope.utf8(message));
                    }
                    return;
                }
                String name = Envelope.utf8(channel);
                if (!name.startsWith(prefix)) {
                    return;
                }
                String pat =
                        pattern == null ? null : Envelope.utf8(pattern).substring(prefix.length());
                router.onMessage(
                        Envelope.unwrap(
                                name.substring(prefix.length()),
                                pat,
                                message,
                                System.currentTimeMillis()));
            } catch (RuntimeException e) {
                log.error("dropped a message from redis that could not be delivered", e);
            }
        }
    }
}
