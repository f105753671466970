package dev.redcast.server.broker.redis;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.MessageRouter;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.config.RedisConfig;
import dev.redcast.server.protocol.JsonBytes;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; connection state lives on one executor thread ({@code redcast-redis}). The Redis
 * bridge of a node: one pub/sub connection for all its clients (kept in line with the hub's
 * interest by {@link PubSubSync}) and two command connections ({@link RedisLane}s): {@code command}
 * for publishes, writes and the probe, {@code bulk} for reads whose replies can be large, so that
 * one big read never delays a publish.
 *
 * <p>Design: the connections are supervised rather than auto-reconnected by Lettuce, so an outage
 * is logged once when it starts and once when it ends, the node keeps serving its WebSocket clients
 * meanwhile, and a fresh pub/sub connection re-subscribes everything wanted at that moment. A
 * pub/sub connection can also die silently (a half-open TCP connection, a proxy that stops
 * forwarding): a probe published to a node-private channel must come back on it within one probe
 * interval, or the connection is rebuilt. The probe also writes a small node-private key, so a
 * Redis that answers but refuses writes (at {@code maxmemory} with {@code noeviction}, a read-only
 * replica) makes the node not ready until writes succeed again.
 *
 * <p>A publish that was sent but not answered (a timeout, a connection lost meanwhile) may have
 * been applied: it fails with {@link dev.redcast.protocol.ErrorCode#OUTCOME_UNKNOWN}, never as a
 * plain failure that invites a duplicate. Publishes with an idempotency key are applied at most
 * once per key within the window, checked atomically in the same function call as the publish.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    /** How long a publish, a write or the probe may wait for Redis's answer: 5 s. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisConfig config;
    private final String prefix;
    private final byte[] probeChannel;
    private final byte[] probeKey;
    private final int probeIntervalSeconds;
    private final ClientResources resources;
    private final RedisClient commandClient;
    private final RedisClient bulkClient;
    private final ScheduledExecutorService exec;
    private final PubSubSync sync;
    private final RedisLibrary library;
    private final RedisHistory history;
    private final RedisLane commands;
    private final RedisLane bulk;
    private final ConnectionSupervisor<StatefulRedisPubSubConnection<byte[], byte[]>> pubsub;
    private final AtomicLong replays = new AtomicLong();

    private final MessageRouter router = new MessageRouter();
    private volatile boolean ready;
    private volatile boolean closing;

    // Executor-confined state.
    private boolean pubsubSynced;

    /** Why Redis refuses writes in redcast's words, or null while it takes them. */
    private String writesRefused;

    /** The readiness last logged: null before the first connect succeeded or failed. */
    private Boolean reported;

    private long downSinceNanos;
    private volatile String downReason = "not connected yet";
    private boolean flushQueued;
    private long probeSent;
    private volatile long probeAcked;
    private volatile long probeReceived;

    /**
     * @param idempotencyWindow how long an idempotency key is kept after the publish that first
     *     used it
     */
    public RedisBroker(
            RedisConfig config, String nodeId, HistoryRules history, Duration idempotencyWindow) {
        // First: an unusable CA file stops start-up before any thread or connection exists.
        SslOptions ssl = RedisTls.options(config);
        this.config = config;
        this.prefix = config.channelPrefix();
        this.library = new RedisLibrary(prefix, idempotencyWindow);
        this.history = new RedisHistory(library, history);
        this.probeChannel =
                (prefix + ChannelNames.RESERVED_PREFIX + "probe:" + nodeId)
                        .getBytes(StandardCharsets.UTF_8);
        this.probeKey =
                (prefix + "redcast:probe:{" + nodeId + "}").getBytes(StandardCharsets.UTF_8);
        this.probeIntervalSeconds = config.probeIntervalSeconds();
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).build();
        RedisURI uri = RedisURI.create(config.url());
        Duration readTimeout = Duration.ofSeconds(config.readTimeoutSeconds());
        this.commandClient = client(uri, COMMAND_TIMEOUT, ssl);
        this.bulkClient = client(uri, readTimeout, ssl);
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
                new RedisLane(
                        "command",
                        COMMAND_TIMEOUT,
                        new ConnectionSupervisor<>(
                                "command",
                                exec,
                                connector(commandClient, uri, nodeId, "command"),
                                Backoff.defaults(),
                                new ConnectionSupervisor.Hooks<>() {
                                    @Override
                                    public void up(StatefulRedisConnection<byte[], byte[]> c) {
                                        loadLibrary(c);
                                        // Redis is back: the bulk connection need not wait out
                                        // its own backoff, reads should work as soon as writes.
                                        bulk.connectNow();
                                        updateReady(null);
                                    }

                                    @Override
                                    public void down(String reason) {
                                        updateReady("command connection: " + reason);
                                    }
                                }),
                        this::commandFailed);
        this.bulk =
                new RedisLane(
                        "bulk",
                        readTimeout,
                        new ConnectionSupervisor<>(
                                "bulk",
                                exec,
                                connector(bulkClient, uri, nodeId, "bulk"),
                                Backoff.defaults(),
                                new ConnectionSupervisor.Hooks<>() {
                                    @Override
                                    public void up(StatefulRedisConnection<byte[], byte[]> c) {
                                        updateReady(null);
                                    }

                                    @Override
                                    public void down(String reason) {
                                        updateReady("bulk connection: " + reason);
                                    }
                                }),
                        f -> {});
        this.pubsub =
                new ConnectionSupervisor<>(
                        "pub/sub",
                        exec,
                        () ->
                                commandClient
                                        .connectPubSubAsync(
                                                ByteArrayCodec.INSTANCE,
                                                named(uri, nodeId, "pubsub"))
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

    /**
     * A Lettuce client whose commands wait at most {@code timeout} for their answer.
     *
     * @param ssl how to verify a {@code rediss://} Redis, or null for the defaults
     */
    private RedisClient client(RedisURI uri, Duration timeout, SslOptions ssl) {
        RedisClient c = RedisClient.create(resources, uri);
        ClientOptions.Builder options =
                ClientOptions.builder()
                        .autoReconnect(false)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(timeout));
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        c.setOptions(options.build());
        return c;
    }

    private static Supplier<CompletableFuture<StatefulRedisConnection<byte[], byte[]>>> connector(
            RedisClient client, RedisURI uri, String nodeId, String lane) {
        RedisURI named = named(uri, nodeId, lane);
        return () -> client.connectAsync(ByteArrayCodec.INSTANCE, named).toCompletableFuture();
    }

    /**
     * {@code uri} with a client name, {@code redcast-<node>-<connection>}, so {@code CLIENT LIST}
     * tells an operator which node holds which connection. Only characters Redis accepts in a name
     * are kept.
     */
    private static RedisURI named(RedisURI uri, String nodeId, String lane) {
        String name = ("redcast-" + nodeId + "-" + lane).replaceAll("[^A-Za-z0-9_.:-]", "_");
        return RedisURI.builder(uri).withClientName(name).build();
    }

    @Override
    public void start(BrokerListener listener) {
        router.main(listener);
        commands.start();
        bulk.start();
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
    public CompletableFuture<PublishResult> publish(
            String channel, byte[] payload, String from, IdempotencyKey key) {
        String what = "publish on '" + channel + "' failed";
        HistoryRule rule = history.rule(channel);
        CompletableFuture<PublishResult> published;
        if (rule != null) {
            published = history.publish(commands, rule, channel, payload, from, key, what);
        } else {
            // A plain payload goes out as it is, for programs that read the Redis channel directly.
            boolean wtf8 = JsonBytes.hasLoneSurrogates(payload);
            byte[] message =
                    from == null && !wtf8 && !Envelope.mustWrap(payload)
                            ? payload
                            : Envelope.wrap(payload, from, System.currentTimeMillis(), wtf8);
            byte[] redisChannel = library.redisChannel(channel);
            if (key == null) {
                published =
                        commands.write(what, a -> a.publish(redisChannel, message))
                                .thenApply(receivers -> PublishResult.LIVE_ONLY);
            } else {
                published =
                        library.<Long>fcall(
                                        commands,
                                        what,
                                        true,
                                        RedisLibrary.PUBLISH_LIVE,
                                        ScriptOutputType.INTEGER,
                                        new byte[][] {library.idempotencyKey(channel, key)},
                                        new byte[][] {redisChannel, message, library.windowArg()})
                                .thenApply(
                                        sent ->
                                                sent == 1
                                                        ? PublishResult.LIVE_ONLY
                                                        : PublishResult.LIVE_ONLY.asReplay());
            }
        }
        return published.thenApply(
                r -> {
                    if (r.replayed()) {
                        replays.incrementAndGet();
                    }
                    return r;
                });
    }

    /**
     * The command connection, for the node's other Redis-backed services (presence writes, registry
     * writes, small reads) to share.
     */
    public RedisLane commands() {
        return commands;
    }

    /**
     * The bulk connection, for reads whose replies can be large (presence and registry listings);
     * its timeout is {@code redis-read-timeout}.
     */
    public RedisLane bulk() {
        return bulk;
    }

    /** Publishes answered from an idempotency key rather than applied again. */
    public long replays() {
        return replays.get();
    }

    @Override
    public CompletableFuture<HistoryPage> readAfter(String channel, long after, int limit) {
        HistoryRule rule = history.rule(channel);
        return rule == null
                ? CompletableFuture.completedFuture(HistoryPage.NONE)
                : history.readAfter(bulk, rule, channel, after, limit);
    }

    @Override
    public CompletableFuture<HistoryPage> readLast(String channel, int limit, Long before) {
        HistoryRule rule = history.rule(channel);
        return rule == null
                ? CompletableFuture.completedFuture(HistoryPage.NONE)
                : history.readLast(bulk, rule, channel, limit, before);
    }

    /** Loads the function library on a fresh command connection; calls reload it if it is lost. */
    private void loadLibrary(StatefulRedisConnection<byte[], byte[]> c) {
        library.load(c.async())
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
    public String notReadyReason() {
        return ready ? null : downReason;
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
        bulk.close();
        pubsub.close();
        exec.execute(() -> exec.shutdown());
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commandClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        bulkClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * A command on the command connection failed (the lane has logged and classified it): an answer
     * saying Redis refuses writes makes the node not ready until the probe's write works.
     */
    private void commandFailed(RedisFailure f) {
        if (f.refusesWrites()) {
            exec.execute(
                    () -> {
                        writesRefused = f.words();
                        updateReady(f.words());
                    });
        }
    }

    /** The probe's write worked: Redis takes writes (again). */
    private void writesAccepted() {
        exec.execute(
                () -> {
                    if (writesRefused != null) {
                        writesRefused = null;
                        updateReady(null);
                    }
                });
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
        boolean now =
                pubsubSynced
                        && pubsub.current() != null
                        && commands.current() != null
                        && bulk.current() != null
                        && writesRefused == null;
        if (reason != null) {
            downReason = reason;
        } else if (!now && writesRefused != null) {
            downReason = writesRefused;
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
                    "redis not ready: {} ({}); serving connected clients, checking again",
                    downReason,
                    config.redacted());
            reported = Boolean.FALSE;
        }
    }

    /**
     * Checks that both connections still work: the previous probe's PUBLISH must have been answered
     * (else the command connection is stuck) and the probe must have come back on the pub/sub
     * connection (else that one is), before the next probe is sent. Each probe also writes a small
     * key that expires after two intervals: while Redis refuses that write the node is not ready.
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
            byte[] tokenBytes = Long.toString(token).getBytes(StandardCharsets.US_ASCII);
            // A tiny write first: a Redis that answers but refuses writes is not ready.
            cmd.async()
                    .set(probeKey, tokenBytes, SetArgs.Builder.px(2000L * probeIntervalSeconds))
                    .whenComplete(
                            (ok, err) -> {
                                if (err != null) {
                                    commands.failed(cmd, err);
                                } else {
                                    writesAccepted();
                                }
                            });
            cmd.async()
                    .publish(probeChannel, tokenBytes)
                    .whenComplete(
                            (receivers, err) -> {
                                if (err != null) {
                                    commands.failed(cmd, err);
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
