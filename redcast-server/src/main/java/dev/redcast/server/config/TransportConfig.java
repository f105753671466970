package dev.redcast.server.config;

import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). How the node listens and how it treats each connection's bytes.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param ioThreads event loop threads for connections; given as 0, one per available core
 * @param maxFrameSize largest client frame in bytes
 * @param outboundBudget bytes queued towards one client before it counts as too slow
 * @param pingIntervalSeconds seconds between WebSocket pings
 * @param allowedOrigins allowed {@code Origin} values; empty allows any
 * @param tls the certificate and key to serve HTTPS and WSS with, or null for plain HTTP and WS
 */
public record TransportConfig(
        String host,
        int port,
        int ioThreads,
        int maxFrameSize,
        int outboundBudget,
        int pingIntervalSeconds,
        List<String> allowedOrigins,
        TlsSettings tls) {
    public TransportConfig {
        Objects.requireNonNull(host, "host");
        allowedOrigins = List.copyOf(allowedOrigins);
        Setting.HOST.check(host);
        Setting.PORT.check(port);
        Setting.IO_THREADS.check(ioThreads);
        if (ioThreads == 0) {
            ioThreads = Runtime.getRuntime().availableProcessors();
        }
        Setting.MAX_FRAME_SIZE.check(maxFrameSize);
        Setting.OUTBOUND_BUDGET.check(outboundBudget);
        Setting.PING_INTERVAL.check(pingIntervalSeconds);
        Setting.ALLOWED_ORIGINS.check(allowedOrigins);
    }

    /** Whether the port speaks TLS: https and wss rather than http and ws. */
    public boolean secure() {
        return tls != null;
    }
}
