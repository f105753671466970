package dev.redcast.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Thread-safe. The node's counters, exported in Prometheus text format on {@code /metrics} and read
 * by the periodic summary line. Hot-path counts are added per delivery batch, not per subscriber.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Counter connectionsTotal;
    private final Counter messagesIn;
    private final Counter deliveries;
    private final Counter clientPublishes;
    private final Counter slowConsumers;
    private final Counter badCommands;
    private final Counter loopOverflows;
    private final Counter presenceWriteFailures;
    private final List<Object> suppliers = new CopyOnWriteArrayList<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile LongSupplier ioAllocated;

    public ServerMetrics() {
        Gauge.builder("redcast.connections", connections, AtomicLong::get)
                .description("open WebSocket connections")
                .register(registry);
        Gauge.builder("redcast.subscriptions", subscriptions, AtomicLong::get)
                .description("client subscriptions on this node")
                .register(registry);
        connectionsTotal = Counter.builder("redcast.connections.opened").register(registry);
        messagesIn =
                Counter.builder("redcast.messages.in")
                        .description("messages received from the broker")
                        .register(registry);
        deliveries =
                Counter.builder("redcast.messages.out")
                        .description("message frames sent to clients")
                        .register(registry);
        clientPublishes = Counter.builder("redcast.client.publishes").register(registry);
        slowConsumers =
                Counter.builder("redcast.slow.consumers")
                        .description("connections closed with 4008")
                        .register(registry);
        badCommands = Counter.builder("redcast.bad.commands").register(registry);
        loopOverflows =
                Counter.builder("redcast.loop.overflows")
                        .description("deliveries dropped because an event loop's queue was full")
                        .register(registry);
        presenceWriteFailures =
                Counter.builder("redcast.presence.write.failures")
                        .description(
                                "presence entries the store could not write (Redis down, full)")
                        .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** Registers the bytes allocated so far by the connection event loops. */
    public void ioAllocatedBytes(LongSupplier allocated) {
        // Micrometer holds the measured object weakly; this keeps it alive.
        ioAllocated = allocated;
        FunctionCounter.builder("redcast.io.allocated.bytes", allocated, LongSupplier::getAsLong)
                .description("heap bytes allocated by the connection event loops")
                .register(registry);
    }

    /** Registers readiness of the broker as a 0/1 gauge. */
    public void brokerReady(BooleanSupplier ready) {
        Gauge.builder("redcast.broker.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .register(registry);
    }

    /**
     * Registers the size of the channel registry as this node last saw it (negative: not yet seen,
     * exported as NaN).
     */
    public void registryChannels(LongSupplier known) {
        Gauge.builder(
                        "redcast.registry.channels",
                        () -> {
                            long n = known.getAsLong();
                            return n < 0 ? Double.NaN : n;
                        })
                .description("registered channels, as this node last saw them")
                .register(registry);
    }

    /** Registers the idempotency keys the embedded broker holds (bound: 100 000). */
    public void idempotencyKeys(IntSupplier held) {
        Gauge.builder("redcast.idempotency.keys", held::getAsInt)
                .description("idempotency keys the embedded broker holds (bound: 100 000)")
                .register(registry);
    }

    /** Registers how many idempotency keys were dropped early because the bound was reached. */
    public void idempotencyEvictions(LongSupplier evicted) {
        functionCounter(
                "redcast.idempotency.evictions",
                "idempotency keys dropped before their window ended because the bound was reached",
                evicted);
    }

    /** Registers how many publishes were answered from an idempotency key, not applied again. */
    public void idempotentReplays(LongSupplier replays) {
        functionCounter(
                "redcast.idempotent.replays",
                "publishes answered from an idempotency key instead of being applied again",
                replays);
    }

    /**
     * Registers how many commands on the Redis connection {@code connection} ({@code command} or
     * {@code bulk}) timed out; each rebuilt that connection.
     */
    public void redisTimeouts(String connection, LongSupplier timeouts) {
        FunctionCounter.builder("redcast.redis.timeouts", timeouts, LongSupplier::getAsLong)
                .description("Redis commands that timed out, by connection; each rebuilt it")
                .tag("connection", connection)
                .register(registry);
        suppliers.add(timeouts);
    }

    /** A presence entry (join, leave, online) that could not be written to the store. */
    public void presenceWriteFailed() {
        presenceWriteFailures.increment();
    }

    public double presenceWriteFailuresTotal() {
        return presenceWriteFailures.count();
    }

    private void functionCounter(String name, String description, LongSupplier value) {
        FunctionCounter.builder(name, value, LongSupplier::getAsLong)
                .description(description)
                .register(registry);
        // Micrometer holds the measured object weakly; this keeps it alive.
        suppliers.add(value);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
        connectionsTotal.increment();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    public void messageIn() {
        messagesIn.increment();
    }

    public void deliveries(int n) {
        deliveries.increment(n);
    }

    public void clientPublish() {
        clientPublishes.increment();
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** A connection closed by the server with {@code code}. */
    public void closedWith(int code) {
        Counter.builder("redcast.closes")
                .description("connections the server closed, by close code")
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment();
    }

    /** Registers the number of open connections that have not upgraded to WebSocket. */
    public void httpConnections(IntSupplier open) {
        Gauge.builder("redcast.http.connections", open::getAsInt)
                .description("open connections that have not upgraded to WebSocket")
                .register(registry);
    }

    /**
     * A connection refused by a connection limit: {@code reason} is {@code node}, {@code user} or
     * {@code ip} for a WebSocket upgrade, {@code http} for a connection closed at accept.
     */
    public void connectionRefused(String reason) {
        Counter.builder("redcast.connections.refused")
                .description("connections refused by a connection limit, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * An HTTP connection closed because its request did not arrive in time ({@code request}) or
     * because it waited too long for its next one ({@code idle}).
     */
    public void httpTimeout(String kind) {
        Counter.builder("redcast.http.timeouts")
                .description("HTTP connections closed by a deadline before the upgrade, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /**
     * A TLS handshake that failed: {@code reason} is {@code not_tls}, {@code timeout}, {@code
     * closed} or {@code refused}.
     */
    public void tlsHandshakeFailure(String reason) {
        Counter.builder("redcast.tls.handshake.failures")
                .description("TLS handshakes that failed, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * A message on the control channel {@code channel} (e.g. {@code presence}, {@code admin}) that
     * was ignored, and why: {@code malformed}, {@code stale}, {@code unknown_node}, {@code
     * bad_signature}, {@code overflow}, {@code unverifiable}, or the channel's own reason.
     */
    public void controlIgnored(String channel, String reason) {
        Counter.builder("redcast.control.ignored")
                .description("control messages between nodes that were ignored, by reason")
                .tag("channel", channel)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void loopOverflow() {
        loopOverflows.increment();
    }

    /** Deliveries waiting for event loops, summed over loops. */
    public void loopQueued(IntSupplier queued) {
        Gauge.builder("redcast.loop.queued", queued::getAsInt)
                .description("deliveries waiting for event loops (bound: 65 536 per loop)")
                .register(registry);
    }

    public void badCommand() {
        badCommands.increment();
    }

    public long connections() {
        return connections.get();
    }

    public long subscriptions() {
        return subscriptions.get();
    }

    public double messagesInTotal() {
        return messagesIn.count();
    }

    public double deliveriesTotal() {
        return deliveries.count();
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
