package dev.redcast.client;

import java.time.Duration;
import java.util.List;

/**
 * Thread-safe (immutable). The server's first frame on a connection.
 *
 * @param client the connection's id on the server
 * @param user the user name the server assigned
 * @param node the server node that accepted the connection
 * @param version the server's version
 * @param pingInterval how often the client should show it is alive; {@link Duration#ZERO} when the
 *     server did not say
 * @param subscriptions channels the server subscribed this connection to on its own (defaults and
 *     channels remembered for the user)
 */
public record Welcome(
        String client,
        String user,
        String node,
        String version,
        Duration pingInterval,
        List<String> subscriptions) {
    public Welcome {
        pingInterval = pingInterval == null ? Duration.ZERO : pingInterval;
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
}
