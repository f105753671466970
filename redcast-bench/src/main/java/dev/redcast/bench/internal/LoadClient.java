package dev.redcast.bench.internal;

import dev.redcast.bench.spec.BenchException;
import dev.redcast.bench.spec.BenchOptions;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.protocol.Subprotocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Thread-safe: the runner's thread drives it, the event loops report to it. The benchmark's
 * WebSocket connections: opens them in bounded batches from many 127.0.0.x source addresses,
 * subscribes them, and gives the runner phase control over their {@link ReceiverStats}.
 *
 * <p>A loopback destination accepts about 28 000 connections per source address (the ephemeral port
 * range), so connection {@code i} binds to {@code 127.0.0.(2 + i % sourceAddresses)}.
 */
public final class LoadClient implements AutoCloseable, ConnectionListener {

    /** Largest frame accepted from the server: a maximal payload with room for its envelope. */
    private static final int MAX_FRAME = 2 * BenchOptions.MAX_PAYLOAD_SIZE;

    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int FAILED = 2;
    private static final int CLOSED = 3;

    private final BenchOptions options;
    private final Topology topology;
    private final PrintWriter err;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final WebSocketClientProtocolConfig wsConfig;
    private final InetSocketAddress remote;
    private final boolean bindSource;
    private final Map<EventLoop, ReceiverStats> stats = new ConcurrentHashMap<>();

    private final AtomicIntegerArray state;
    private final AtomicReferenceArray<Channel> channels;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger disconnected = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> firstSubscribeError = new AtomicReference<>();
    private final AtomicLong publishErrors = new AtomicLong();
    private final AtomicReference<String> firstPublishError = new AtomicReference<>();
    private final Map<Integer, AtomicLong> closeCodes = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstDisconnect = new AtomicReference<>();
    private final Semaphore publishPermits;
    private final Semaphore connectGate;
    private final AtomicReference<String> server = new AtomicReference<>();
    private volatile boolean closing;

    public LoadClient(BenchOptions options, Topology topology, PrintWriter err) {
        this.options = options;
        this.topology = topology;
        this.err = err;
        this.remote = resolve(options.url());
        this.epoll = Epoll.isAvailable();
        this.group =
                new MultiThreadIoEventLoopGroup(
                        options.clientThreads(),
                        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            stats.put(loop, new ReceiverStats(loop));
        }
        this.bindSource = options.sourceAddresses() > 0 && remote.getAddress().isLoopbackAddress();
        this.wsConfig =
                WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(withToken(options.url(), options.token()))
                        .subprotocol(Subprotocol.V1)
                        .version(WebSocketVersion.V13)
                        .allowExtensions(false)
                        .maxFramePayloadLength(MAX_FRAME)
                        // Close frames come to BenchSocketHandler so that their code is recorded.
                        .handleCloseFrames(false)
                        .handshakeTimeoutMillis(options.connectTimeout().toMillis())
                        // Validating UTF-8 cost half the bench's CPU; the stamp parser rejects
                        // anything that is not its own ASCII anyway.
                        .withUTF8Validator(false)
                        .build();
        Bootstrap b =
                new Bootstrap()
                        .group(group)
                        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE,
                                                options.connectTimeout().toMillis()));
        if (epoll && bindSource) {
            // Lets the kernel pick the port at connect time, per destination, instead of at bind.
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        this.bootstrap = b;
        this.state = new AtomicIntegerArray(options.connections());
        this.channels = new AtomicReferenceArray<>(options.connections());
        this.publishPermits = new Semaphore(options.maxInFlight());
        this.connectGate = new Semaphore(options.connectConcurrency());
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Opens every connection and, when {@code subscribe}, waits until the server confirmed each
     * one's subscription.
     *
     * @throws BenchException when a connection fails or it all takes longer than the connect
     *     timeout, with the first failure's reason
     */
    public void connectAll(boolean subscribe) throws InterruptedException {
        int n = options.connections();
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        Progress progress = new Progress();
        int attempted = 0;
        for (int i = 0; i < n; i++) {
            if (!connectGate.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw timeout("connecting", attempted);
            }
            if (failed.get() > 0) {
                break;
            }
            connect(i, subscribe);
            attempted++;
            progress.maybePrint(subscribe);
        }
        while (opened.get() + failed.get() < attempted) {
            awaitStep(deadline, "connecting", attempted);
            progress.maybePrint(subscribe);
        }
        if (failed.get() > 0) {
            throw new BenchException(
                    failed.get()
                            + " of "
                            + attempted
                            + " connections to "
                            + options.url()
                            + " failed; first: "
                            + firstFailure.get());
        }
        if (subscribe) {
            while (subscribed.get() < n) {
                String error = firstSubscribeError.get();
                if (error != null) {
                    throw new BenchException("subscribe refused by the server: " + error);
                }
                if (disconnected.get() > 0) {
                    throw new BenchException(
                            disconnected.get()
                                    + " connections closed while subscribing; close codes "
                                    + closeCodes());
                }
                awaitStep(deadline, "subscribing", attempted);
                progress.maybePrint(true);
            }
        }
        err.printf(
                "connected %d (%s, %d loops, %s), %d subscribed%n",
                opened.get(),
                transport(),
                options.clientThreads(),
                bindSource
                        ? "source 127.0.0.2-" + (1 + options.sourceAddresses())
                        : "kernel-chosen source",
                subscribed.get());
        err.flush();
    }

    private void connect(int index, boolean subscribe) {
        List<String> subscriptions =
                subscribe
                        ? List.of(topology.channelName(topology.channelOfConnection(index)))
                        : List.of();
        Bootstrap b =
                bootstrap
                        .clone()
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        BenchSocketHandler handler =
                                                new BenchSocketHandler(
                                                        index,
                                                        subscriptions,
                                                        LoadClient.this,
                                                        LoadClient.this::statsOf);
                                        ch.pipeline()
                                                .addLast(
                                                        new HttpClientCodec(),
                                                        new HttpObjectAggregator(64 * 1024),
                                                        new WebSocketClientProtocolHandler(
                                                                handshaker(handler), wsConfig),
                                                        new WebSocketFrameAggregator(MAX_FRAME),
                                                        handler);
                                    }
                                });
        var future =
                bindSource
                        ? b.connect(remote, new InetSocketAddress(sourceAddress(index), 0))
                        : b.connect(remote);
        future.addListener(
                (ChannelFutureListener)
                        f -> {
                            if (!f.isSuccess()) {
                                onFailed(index, f.cause());
                            }
                        });
    }

    /** A handshaker that installs the in-place decoder feeding {@code handler}'s loop stats. */
    private WebSocketClientHandshaker handshaker(BenchSocketHandler handler) {
        return new WebSocketClientHandshaker13(
                wsConfig.webSocketUri(),
                WebSocketVersion.V13,
                Subprotocol.V1,
                false,
                EmptyHttpHeaders.INSTANCE,
                MAX_FRAME,
                true,
                false,
                wsConfig.forceCloseTimeoutMillis()) {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder() {
                return new InPlaceFrameDecoder(MAX_FRAME, handler::onTextInPlace);
            }
        };
    }

    private InetAddress sourceAddress(int index) {
        int last = 2 + index % options.sourceAddresses();
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal IPv4 address cannot be unknown", e);
        }
    }

    private ReceiverStats statsOf(EventLoop loop) {
        return stats.computeIfAbsent(loop, ReceiverStats::new);
    }

    // ---------------------------------------------------------------- phases

    /** Resets every loop's counters for {@code phase} and waits until all have done it. */
    public void beginPhase(Phase phase) throws InterruptedException {
        List<Future<?>> done = new ArrayList<>();
        for (ReceiverStats s : stats.values()) {
            done.add(s.loop().submit(() -> s.begin(phase)));
        }
        for (Future<?> f : done) {
            await(f);
        }
    }

    /** Deliveries of the current phase so far, over all loops. */
    public long received() {
        long sum = 0;
        for (ReceiverStats s : stats.values()) {
            sum += s.received();
        }
        return sum;
    }

    /** Copies every loop's counters of the current phase. */
    public List<ReceiverStats.Snapshot> snapshot() throws InterruptedException {
        List<Future<ReceiverStats.Snapshot>> futures = new ArrayList<>();
        for (ReceiverStats s : stats.values()) {
            futures.add(s.loop().submit(s::snapshot));
        }
        List<ReceiverStats.Snapshot> snapshots = new ArrayList<>();
        for (Future<ReceiverStats.Snapshot> f : futures) {
            snapshots.add(await(f));
        }
        return snapshots;
    }

    private static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BenchException("a receiver loop failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchException("a receiver loop did not answer within 30 s", e);
        }
    }

    // ---------------------------------------------------------------- publishing via the server

    /**
     * Sends a {@code publish} command on connection {@code index}, waiting while {@code
     * maxInFlight} publishes are unacknowledged.
     *
     * @return false when the connection is gone (the publish is not sent)
     */
    public boolean publishVia(int index, String channel, String payload)
            throws InterruptedException {
        Channel ch = channels.get(index);
        if (ch == null || !ch.isActive()) {
            return false;
        }
        publishPermits.acquire();
        String json =
                "{\"type\":\"publish\",\"id\":"
                        + BenchSocketHandler.PUBLISH_ID
                        + ",\"channel\":\""
                        + channel
                        + "\",\"payload\":\""
                        + payload
                        + "\"}";
        ch.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ch.alloc(), json)))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                publishPermits.release();
                                recordPublishError("write failed: " + f.cause());
                            }
                        });
        return true;
    }

    /** Publishes refused by the server or lost on the way out, since the start. */
    public long publishErrors() {
        return publishErrors.get();
    }

    /** The first publish error, or null. */
    public String firstPublishError() {
        return firstPublishError.get();
    }

    // ---------------------------------------------------------------- state

    /** Connections the server closed (or that broke) after they were open. */
    public int disconnects() {
        return disconnected.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return opened.get() - disconnected.get();
    }

    /** Close codes seen so far, code to count (-1: closed without a close frame). */
    public Map<Integer, Long> closeCodes() {
        Map<Integer, Long> copy = new TreeMap<>();
        closeCodes.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    /** How the first connection that closed after opening went, or null if none did. */
    public String firstDisconnect() {
        return firstDisconnect.get();
    }

    /** The server's node and version from its welcome frame, or null if none came. */
    public String server() {
        return server.get();
    }

    // ---------------------------------------------------------------- ConnectionListener

    @Override
    public void onOpen(int index, Channel channel) {
        if (state.compareAndSet(index, CONNECTING, OPEN)) {
            channels.set(index, channel);
            opened.incrementAndGet();
            connectGate.release();
        }
    }

    @Override
    public void onFailed(int index, Throwable cause) {
        if (state.compareAndSet(index, CONNECTING, FAILED)) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, "connection " + index + ": " + describe(cause));
            connectGate.release();
        }
    }

    @Override
    public void onSubscribed(int index, String channel) {
        subscribed.incrementAndGet();
    }

    @Override
    public void onPublished(int index) {
        publishPermits.release();
    }

    @Override
    public void onError(int index, long replyTo, String code, String message) {
        String text = code + ": " + message + " (connection " + index + ")";
        if (replyTo == BenchSocketHandler.SUBSCRIBE_ID) {
            firstSubscribeError.compareAndSet(null, text);
        } else if (replyTo == BenchSocketHandler.PUBLISH_ID) {
            publishPermits.release();
            recordPublishError(text);
        } else {
            recordPublishError("unsolicited error " + text);
        }
    }

    private void recordPublishError(String text) {
        publishErrors.incrementAndGet();
        firstPublishError.compareAndSet(null, text);
    }

    @Override
    public void onWelcome(int index, String node, String version) {
        server.compareAndSet(null, "node " + node + ", version " + version);
    }

    @Override
    public void onClosed(int index, int closeCode, String reason) {
        if (state.compareAndSet(index, CONNECTING, FAILED)) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(
                    null,
                    "connection "
                            + index
                            + " closed during the handshake (code "
                            + closeCode
                            + ")");
            connectGate.release();
        } else if (state.compareAndSet(index, OPEN, CLOSED) && !closing) {
            disconnected.incrementAndGet();
            closeCodes.computeIfAbsent(closeCode, c -> new AtomicLong()).incrementAndGet();
            firstDisconnect.compareAndSet(
                    null, "connection " + index + " closed with code " + closeCode + " " + reason);
        }
    }

    // ---------------------------------------------------------------- closing

    /** Closes every connection with a normal close frame and stops the event loops. */
    @Override
    public void close() {
        closing = true;
        for (int i = 0; i < channels.length(); i++) {
            Channel ch = channels.get(i);
            if (ch != null && ch.isActive()) {
                ch.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, "bench done"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
        group.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).awaitUninterruptibly(10_000);
    }

    // ---------------------------------------------------------------- helpers

    private void awaitStep(long deadline, String what, int attempted) throws InterruptedException {
        if (remaining(deadline) <= 0) {
            throw timeout(what, attempted);
        }
        Thread.sleep(10);
    }

    private BenchException timeout(String what, int attempted) {
        return new BenchException(
                what
                        + " timed out after "
                        + options.connectTimeout().toSeconds()
                        + " s (--connect-timeout): "
                        + opened.get()
                        + " of "
                        + attempted
                        + " open, "
                        + failed.get()
                        + " failed, "
                        + subscribed.get()
                        + " subscribed");
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    private final class Progress {
        private long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);

        void maybePrint(boolean subscribe) {
            long now = System.nanoTime();
            if (now >= next) {
                next = now + TimeUnit.SECONDS.toNanos(2);
                err.printf(
                        "connecting: %d of %d open%s%n",
                        opened.get(),
                        options.connections(),
                        subscribe ? ", " + subscribed.get() + " subscribed" : "");
                err.flush();
            }
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static InetSocketAddress resolve(URI url) {
        try {
            return new InetSocketAddress(
                    InetAddress.getByName(url.getHost()), BenchOptions.port(url));
        } catch (UnknownHostException e) {
            throw new BenchException("unknown host in --url: " + url.getHost(), e);
        }
    }

    /** The endpoint with {@code token} appended as a query parameter. */
    static URI withToken(URI url, String token) {
        if (token == null) {
            return url;
        }
        String t = URLEncoder.encode(token, StandardCharsets.UTF_8);
        String s = url.toString();
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + "token=" + t);
    }
}
