package dev.redcast.server.transport;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.config.ConnectionsConfig;
import dev.redcast.server.config.Setting;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.protocol.Replies;
import io.netty.channel.Channel;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. Every connection limit of the node, decided in one place: the cap on connections
 * that have not upgraded, checked when a connection is accepted, and the WebSocket connections per
 * node, per user and per remote address, checked at the upgrade (after authentication, before the
 * handshake is written).
 *
 * <p>The counts are shared by every event loop: atomics, and concurrent maps whose entries are
 * changed only inside their per-key {@code compute} and removed when they reach zero, so the maps
 * hold only users and addresses that have connections. A WebSocket admission takes its three counts
 * together or none of them, and gives them back from the channel's close future, which completes
 * exactly once whatever happens after the admission: a handshake that fails, a channel that closes
 * before its session opens, a session that closes. A limit of 0 is not counted at all.
 */
final class ConnectionLimits {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);

    /** Why a connection was refused; the tag of {@code redcast_connections_refused_total}. */
    enum Reason {
        NODE("node", Setting.MAX_CONNECTIONS),
        USER("user", Setting.MAX_CONNECTIONS_PER_USER),
        IP("ip", Setting.MAX_CONNECTIONS_PER_IP),
        HTTP("http", Setting.MAX_HTTP_CONNECTIONS);

        final String tag;
        final Setting<Integer> setting;

        Reason(String tag, Setting<Integer> setting) {
            this.tag = tag;
            this.setting = setting;
        }
    }

    private final ConnectionsConfig config;
    private final ServerMetrics metrics;
    private final AtomicInteger http = new AtomicInteger();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final Set<Reason> warned = ConcurrentHashMap.newKeySet();

    ConnectionLimits(ConnectionsConfig config, ServerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        warnIfBeyondFileLimit(config);
    }

    /**
     * Takes one of the slots for connections that have not upgraded; the caller closes the
     * connection when there is none.
     *
     * @return whether the connection may stay; if so, {@link #releaseHttp} gives the slot back
     */
    boolean acquireHttp() {
        if (tryIncrement(http, config.maxHttpConnections())) {
            return true;
        }
        refused(Reason.HTTP, config.maxHttpConnections() + " connections have not upgraded");
        return false;
    }

    /** Gives back a slot taken by {@link #acquireHttp}: the connection upgraded or closed. */
    void releaseHttp() {
        http.decrementAndGet();
    }

    /** Open connections that have not upgraded. */
    int httpConnections() {
        return http.get();
    }

    /** WebSocket connections admitted and not closed yet. */
    int webSockets() {
        return webSockets.get();
    }

    /**
     * Admits a WebSocket connection of {@code user} on {@code channel}, or says why not. The counts
     * it takes are given back when the channel closes.
     *
     * @return null when admitted, else the answer to refuse the upgrade with: 503 when the node is
     *     full, 429 when the user or the address has too many connections
     */
    HttpResult admit(Channel channel, String user) {
        InetAddress address =
                channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        HttpResult refusal = take(address, user);
        if (refusal == null) {
            channel.closeFuture().addListener(f -> give(address, user));
        }
        return refusal;
    }

    /**
     * Takes a WebSocket connection's counts, all or none; {@code address} null when the peer has
     * none (not counted per address).
     *
     * @return null when taken, else the refusal
     */
    HttpResult take(InetAddress address, String user) {
        if (!tryIncrement(webSockets, config.maxConnections())) {
            return refused(
                    Reason.NODE,
                    "node full: "
                            + config.maxConnections()
                            + " WebSocket connections, the most it accepts");
        }
        if (address != null && !tryIncrement(perIp, address, config.maxPerIp())) {
            webSockets.decrementAndGet();
            return refused(
                    Reason.IP,
                    "too many connections from "
                            + address.getHostAddress()
                            + ": "
                            + config.maxPerIp()
                            + ", the most allowed per address");
        }
        if (!tryIncrement(perUser, user, config.maxPerUser())) {
            if (address != null) {
                decrement(perIp, address, config.maxPerIp());
            }
            webSockets.decrementAndGet();
            return refused(
                    Reason.USER,
                    "too many connections for user "
                            + user
                            + ": "
                            + config.maxPerUser()
                            + ", the most allowed per user");
        }
        return null;
    }

    /** Gives back what {@link #take} took. */
    void give(InetAddress address, String user) {
        decrement(perUser, user, config.maxPerUser());
        if (address != null) {
            decrement(perIp, address, config.maxPerIp());
        }
        webSockets.decrementAndGet();
    }

    private HttpResult refused(Reason reason, String message) {
        metrics.connectionRefused(reason.tag);
        if (warned.add(reason)) {
            log.warn(
                    "refusing connections: {} ({} / {}); further refusals are logged at DEBUG and"
                            + " counted in redcast_connections_refused_total{reason=\"{}\"}",
                    message,
                    reason.setting.key(),
                    reason.setting.env(),
                    reason.tag);
        } else {
            log.debug("refused: {}", message);
        }
        // Node full is the server's state (another node may have room): 503. Too many from one
        // user or address is the client's doing: 429.
        return reason == Reason.NODE
                ? new HttpResult(
                        503, HttpResult.JSON, Replies.httpError(ErrorCode.LIMIT_EXCEEDED, message))
                : HttpResult.error(ErrorCode.TOO_MANY_REQUESTS, message);
    }

    private static boolean tryIncrement(AtomicInteger count, int max) {
        while (true) {
            int n = count.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private static <K> boolean tryIncrement(ConcurrentHashMap<K, Integer> counts, K key, int max) {
        if (max == 0) {
            return true;
        }
        boolean[] taken = {false};
        counts.compute(
                key,
                (k, n) -> {
                    int held = n == null ? 0 : n;
                    if (held >= max) {
                        return n;
                    }
                    taken[0] = true;
                    return held + 1;
                });
        return taken[0];
    }

    private static <K> void decrement(ConcurrentHashMap<K, Integer> counts, K key, int max) {
        if (max > 0) {
            counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /**
     * Every connection is a file descriptor: limits the process cannot reach are worth a word at
     * start-up, because past the descriptor limit the node stops accepting anyone at all.
     */
    private static void warnIfBeyondFileLimit(ConnectionsConfig config) {
        if (!(ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return;
        }
        long files = unix.getMaxFileDescriptorCount();
        long wanted = (long) config.maxConnections() + config.maxHttpConnections();
        if (config.maxConnections() > 0 && config.maxHttpConnections() > 0 && wanted > files) {
            log.warn(
                    "max-connections ({}) plus max-http-connections ({}) exceed the open-file"
                            + " limit of {}: the node stops accepting before either limit; raise"
                            + " 'ulimit -n' or lower max-connections",
                    config.maxConnections(),
                    config.maxHttpConnections(),
                    files);
        }
    }
}
