package dev.redcast.server;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.api.AdminApi;
import dev.redcast.server.api.ApiKey;
import dev.redcast.server.api.BackendApi;
import dev.redcast.server.api.HealthEndpoints;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.api.PresenceEndpoints;
import dev.redcast.server.api.RegistryEndpoints;
import dev.redcast.server.api.Router;
import dev.redcast.server.api.WebAssets;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.NodeHeartbeat;
import dev.redcast.server.config.Namespace;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.config.Setting;
import dev.redcast.server.dialect.Dialects;
import dev.redcast.server.hub.Gateway;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.hub.NettyDefaults;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.metrics.SummaryLogger;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.transport.LoopAllocation;
import dev.redcast.server.transport.ServerInitializer;
import dev.redcast.server.transport.TlsContext;
import dev.redcast.server.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. A running redcast node. {@link #start} binds and connects the broker; {@link #close}
 * shuts down gracefully: stop accepting, close every client with 1001, release the broker. Closing
 * twice is harmless.
 */
public final class RedcastServer implements AutoCloseable {
    static {
        NettyDefaults.apply();
    }

    private static final Logger log = LoggerFactory.getLogger(RedcastServer.class);

    /** How long shutdown waits for clients to take their 1001 close frame. */
    private static final long DRAIN_MILLIS = 2000;

    /** How long start-up waits for the broker before serving without it. */
    private static final long BROKER_WAIT_MILLIS = 3000;

    private final ServerConfig config;
    private final Broker broker;
    private final PresenceStore presence;
    private final ServerMetrics metrics;
    private final Hub hub;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Identity identity;
    private final NodeHeartbeat heartbeat;

    /** Null without TLS. */
    private final TlsContext tls;

    private RedcastServer(ServerConfig config) throws InterruptedException {
        this.config = config;
        // What can refuse a setting comes first, before any thread or connection exists.
        this.tls =
                config.transport().secure()
                        ? TlsContext.open(
                                config.transport().tls(),
                                config.connections().requestTimeoutSeconds())
                        : null;
        Backend backend;
        try {
            this.identity = Identity.of(config.auth());
            try {
                backend = Backend.of(config);
            } catch (RuntimeException e) {
                identity.close();
                throw e;
            }
        } catch (RuntimeException e) {
            closeTls();
            throw e;
        }
        this.broker = backend.broker();
        this.presence = backend.presence();
        this.metrics = new ServerMetrics();
        backend.meters().accept(metrics);
        Cluster cluster = Cluster.of(broker, backend.nodes(), config.nodeId(), metrics);
        Gateway gateway =
                Gateway.wire(
                        config,
                        cluster,
                        presence,
                        backend.registry(),
                        metrics,
                        Version.current(),
                        identity.authenticator());
        this.hub = gateway.hub();
        this.heartbeat = new NodeHeartbeat(backend.nodes(), cluster.seal(), hub::stats);
        presence.start();
        metrics.brokerReady(broker::ready);
        metrics.registryChannels(backend.registry()::knownSize);
        awaitBroker();
        CompletableFuture<Void> recorded = heartbeat.start();
        if (broker.ready()) {
            awaitRecord(recorded);
        }
        gateway.start();

        Authenticator auth = identity.authenticator();
        Router router = new Router();
        HealthEndpoints.register(router, broker, config.nodeId());
        WebAssets.register(router);
        ApiKey apiKey = new ApiKey(config.auth().apiKey());
        BackendApi.register(router, broker, apiKey);
        PresenceEndpoints.register(
                router, presence, gateway.presenceReads(), apiKey, config.remembersChannels());
        RegistryEndpoints.register(router, backend.registry(), gateway.listing(), apiKey);
        AdminApi.register(router, gateway.admin(), cluster.nodes(), config.nodeId(), apiKey);
        router.exact(
                "GET",
                "/metrics",
                (req, tail) ->
                        CompletableFuture.completedFuture(
                                HttpResult.text(
                                        200,
                                        "text/plain; version=0.0.4; charset=utf-8",
                                        metrics.scrape())));

        Dialects dialects = Dialects.of(config, hub, gateway.commands());
        Transport transport = Transport.detect();
        this.boss = transport.group(1, "redcast-accept");
        this.workers = transport.group(config.transport().ioThreads(), "redcast-io");
        try {
            this.serverChannel =
                    new ServerBootstrap()
                            .group(boss, workers)
                            .channel(transport.serverChannel())
                            .option(ChannelOption.SO_BACKLOG, 4096)
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childOption(
                                    ChannelOption.WRITE_BUFFER_WATER_MARK,
                                    new WriteBufferWaterMark(
                                            config.transport().outboundBudget() / 2,
                                            config.transport().outboundBudget()))
                            .childHandler(
                                    new ServerInitializer(
                                            config.transport(),
                                            config.connections(),
                                            tls,
                                            router,
                                            auth,
                                            hub,
                                            dialects,
                                            metrics))
                            .bind(config.transport().host(), config.transport().port())
                            .sync()
                            .channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownResources();
            throw e;
        }
        LoopAllocation allocation = LoopAllocation.of(workers);
        if (allocation != null) {
            metrics.ioAllocatedBytes(allocation);
        }
        if (config.summaryIntervalSeconds() > 0) {
            boss.scheduleAtFixedRate(
                    new SummaryLogger(metrics),
                    config.summaryIntervalSeconds(),
                    config.summaryIntervalSeconds(),
                    TimeUnit.SECONDS);
        }
        banner(transport, auth);
        dialects.describe(config);
    }

    /**
     * Gives the broker a moment to connect, so a node that can reach Redis is serving fully when
     * start returns; one that cannot starts anyway, not ready, and keeps retrying.
     */
    private void awaitBroker() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BROKER_WAIT_MILLIS);
        while (!broker.ready() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Gives the first write of the node record a moment, so the other nodes accept this node's
     * control messages from its first client on; a node whose record cannot be written yet (its
     * broker is not ready) starts anyway and the heartbeat keeps trying.
     */
    private static void awaitRecord(CompletableFuture<Void> written) throws InterruptedException {
        try {
            written.get(BROKER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("node record not written at start-up: {}", e.toString());
        }
    }

    /**
     * Starts a node.
     *
     * @throws RuntimeException when the port cannot be bound (the message says which)
     */
    public static RedcastServer start(ServerConfig config) {
        try {
            return new RedcastServer(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String nodeId() {
        return config.nodeId();
    }

    public ServerConfig config() {
        return config;
    }

    public Hub hub() {
        return hub;
    }

    /** The broker this node publishes to and listens on. */
    public Broker broker() {
        return broker;
    }

    private void banner(Transport transport, Authenticator auth) {
        boolean secure = tls != null;
        String base = "://" + config.transport().host() + ":" + port();
        log.info(
                "redcast {} node {} listening on {} and {} ({}; tls: {}); broker: {}; identity: {}",
                Version.current(),
                config.nodeId(),
                (secure ? "https" : "http") + base + "/",
                (secure ? "wss" : "ws") + base + "/ws",
                transport.name(),
                secure ? "on (" + tls.provider() + ")" : "off",
                broker.describe(),
                identity.verified()
                        ? "verified, " + auth.describe()
                        : "claimed: " + auth.describe() + " (every holder can claim any name)");
        if (!config.history().isEmpty()) {
            log.info("history kept for (first match wins): {}", config.history());
        }
        if (!config.channels().namespaces().get(0).equals(Namespace.defaults(""))
                || config.channels().namespaces().size() > 1) {
            log.info("namespaces: {}", Setting.NAMESPACES.format(config.channels().namespaces()));
        }
        if (config.auth().tokenGenerated() && !identity.verified()) {
            log.warn(
                    "no WS_AUTH_TOKEN configured; generated token for this run: {}",
                    config.auth().token());
        }
        if (config.auth().apiKeyGenerated()) {
            log.warn(
                    "no API_KEY configured; generated API key for this run: {}",
                    config.auth().apiKey());
        }
    }

    private void closeTls() {
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("node {} shutting down", config.nodeId());
        serverChannel.close().awaitUninterruptibly();
        try {
            hub.closeAll(CloseCodes.GOING_AWAY, "server shutting down")
                    .get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            while (metrics.connections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("clients did not all close in time: {}", e.toString());
        }
        shutdownResources();
        log.info("node {} stopped", config.nodeId());
    }

    private void shutdownResources() {
        closeTls();
        identity.close();
        presence.close();
        // After presence, whose last leaves other nodes check against this node's record.
        heartbeat.close();
        broker.close();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        metrics.close();
    }
}
