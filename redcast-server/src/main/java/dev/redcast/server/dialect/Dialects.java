package dev.redcast.server.dialect;

import dev.redcast.server.config.DialectsConfig;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Hub;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (immutable once built). Which kind of client a WebSocket upgrade is: {@code /ws}
 * speaks redcast's own protocol (the forwarder's clients are those that ask for no subprotocol),
 * and each path of the {@code dialects} setting speaks its dialect.
 */
public final class Dialects {
    private static final Logger log = LoggerFactory.getLogger(Dialects.class);

    /**
     * A path that speaks a dialect.
     *
     * @param open whether its clients may connect without a token
     */
    public record Route(String path, Dialect dialect, boolean open) {}

    private final Dialect v1;
    private final Dialect forwarder;
    private final Map<String, Route> routes;

    private Dialects(Dialect v1, Dialect forwarder, Map<String, Route> routes) {
        this.v1 = v1;
        this.forwarder = forwarder;
        this.routes = Map.copyOf(routes);
    }

    /**
     * The dialects the configuration asks for, speaking to {@code hub} through {@code commands}.
     */
    public static Dialects of(ServerConfig config, Hub hub, Commands commands) {
        DialectsConfig dc = config.dialects();
        Map<String, Dialect> byName = new HashMap<>();
        Dialect forwarder = RedcastDialect.forwarder(commands);
        byName.put(DialectsConfig.FORWARDER, forwarder);
        byName.put(DialectsConfig.RELAY, new Relay(commands, dc.relayChannel()));
        byName.put(DialectsConfig.GOCHAT, new GoChat(commands, config.remembersChannels()));
        byName.put(
                DialectsConfig.ROOMS,
                new Rooms(
                        hub,
                        commands,
                        dc.roomsNamespace(),
                        config.auth().jwt() != null,
                        config.channels().namespace(dc.roomsNamespace() + ":x").presence()));
        Map<String, Route> routes = new LinkedHashMap<>();
        dc.paths()
                .forEach(
                        (path, name) -> {
                            if (!path.equals(DialectsConfig.REDCAST_PATH)) {
                                routes.put(
                                        path,
                                        new Route(
                                                path, byName.get(name), dc.open().contains(name)));
                            }
                        });
        return new Dialects(RedcastDialect.v1(commands), forwarder, routes);
    }

    /** redcast's own protocol at {@code /ws}: with {@code redcast.v1}, or the forwarder's. */
    public Dialect redcast(boolean v1) {
        return v1 ? this.v1 : forwarder;
    }

    /** The dialect spoken at {@code path}, or null when it speaks none. */
    public Route at(String path) {
        return routes.get(path);
    }

    /** Every configured path and its dialect, for the start-up banner. */
    public List<Route> routes() {
        return List.copyOf(routes.values());
    }

    /** Logs the dialects in use, and loudly what an operator must know about them. */
    public void describe(ServerConfig config) {
        for (Route r : routes.values()) {
            log.info(
                    "dialect {} at {}{}",
                    r.dialect().name(),
                    r.path(),
                    r.open() ? " (no token needed)" : "");
            if (r.open()) {
                log.warn(
                        "dialect {} at {} admits clients without a token, as the original did:"
                                + " anyone may connect as any user, and read or rewrite that user's"
                                + " remembered channels (claimed-identity-writes is implied)",
                        r.dialect().name(),
                        r.path());
            }
        }
        DialectsConfig dc = config.dialects();
        if (dc.paths().containsValue(DialectsConfig.GOCHAT) && !config.remembersChannels()) {
            log.warn(
                    "dialect gochat: subscriptions last for the connection only; remembering them"
                            + " per user, as the original did, needs JWTs, claimed-identity-writes"
                            + "=true or open-dialects=gochat");
        }
        if (dc.paths().containsValue(DialectsConfig.ROOMS)) {
            String sample = dc.roomsNamespace() + ":1";
            if (config.historyRule(sample) == null) {
                log.warn(
                        "dialect rooms: namespace '{}' keeps no history, so get_history answers no"
                                + " messages; give it \"history\" in namespaces",
                        dc.roomsNamespace());
            }
            if (!config.channels().announces(sample)) {
                log.warn(
                        "dialect rooms: namespace '{}' does not announce joins, so clients get no"
                                + " user_joined/user_left; give it \"join_leave\":true in"
                                + " namespaces",
                        dc.roomsNamespace());
            }
        }
    }
}
