package dev.redcast.server.config;

/**
 * Thread-safe (immutable). How many connections a node admits and how long one may stay before it
 * upgrades to WebSocket. Every count is per node; a limit of 0 means no limit.
 *
 * @param maxConnections WebSocket connections on the node
 * @param maxPerUser WebSocket connections of one user
 * @param maxPerIp WebSocket connections from one remote address
 * @param maxHttpConnections connections that have not upgraded (HTTP requests, handshakes)
 * @param requestTimeoutSeconds seconds to send a whole HTTP request, from the connection or from
 *     the first byte of a request on a kept-alive one
 * @param idleTimeoutSeconds seconds a kept-alive HTTP connection may wait for its next request
 */
public record ConnectionsConfig(
        int maxConnections,
        int maxPerUser,
        int maxPerIp,
        int maxHttpConnections,
        int requestTimeoutSeconds,
        int idleTimeoutSeconds) {
    public ConnectionsConfig {
        Setting.MAX_CONNECTIONS.check(maxConnections);
        Setting.MAX_CONNECTIONS_PER_USER.check(maxPerUser);
        Setting.MAX_CONNECTIONS_PER_IP.check(maxPerIp);
        Setting.MAX_HTTP_CONNECTIONS.check(maxHttpConnections);
        Setting.HTTP_REQUEST_TIMEOUT.check(requestTimeoutSeconds);
        Setting.HTTP_IDLE_TIMEOUT.check(idleTimeoutSeconds);
    }
}
