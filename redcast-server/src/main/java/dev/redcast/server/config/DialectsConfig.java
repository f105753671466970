package dev.redcast.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe (immutable). Which paths speak the frames of a system redcast replaces, so that its
 * clients work unchanged; see the README's "Migrating" section.
 *
 * @param paths dialect name by path, e.g. {@code /chat -> gochat}, in the order configured
 * @param open dialects whose clients may connect without a token, as their originals did
 * @param relayChannel the channel every frame of the relay dialect is published to
 * @param roomsNamespace the namespace whose channels are the room server's rooms ({@code room:42})
 */
public record DialectsConfig(
        Map<String, String> paths, Set<String> open, String relayChannel, String roomsNamespace) {
    /**
     * The Rust Redis-to-WebSocket forwarder: what {@code /ws} serves clients without subprotocol.
     */
    public static final String FORWARDER = "forwarder";

    /** The Pub/Sub + Streams chat-room server and its browser {@code ChatClient}. */
    public static final String ROOMS = "rooms";

    /** The Node {@code ws} + {@code redis} relay of raw text frames. */
    public static final String RELAY = "relay";

    /** The Go chat service ({@code /chat?username=}). */
    public static final String GOCHAT = "gochat";

    /** Every dialect, in the order of the README. */
    public static final List<String> NAMES = List.of(FORWARDER, ROOMS, RELAY, GOCHAT);

    /** The path of redcast's own protocol, which serves the forwarder's clients too. */
    public static final String REDCAST_PATH = "/ws";

    public DialectsConfig {
        paths = Map.copyOf(new LinkedHashMap<>(paths));
        open = Set.copyOf(open);
        for (String name : open) {
            if (!paths.containsValue(name)) {
                throw ConfigException.invalid(
                        Setting.OPEN_DIALECTS,
                        name,
                        "a dialect that the dialects setting enables (" + paths.values() + ")");
            }
        }
        Setting.RELAY_CHANNEL.check(relayChannel);
        Setting.ROOMS_NAMESPACE.check(roomsNamespace);
    }

    /** The {@code dialects} setting's items ({@code name:/path}) by path. */
    static Map<String, String> parsePaths(List<String> items) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String item : items) {
            int colon = item.indexOf(':');
            paths.put(item.substring(colon + 1), item.substring(0, colon));
        }
        return paths;
    }

    /**
     * Null when every item of the {@code dialects} setting is {@code name:/path} with a known name
     * and a path of its own, else what is wrong with the first one that is not.
     */
    static Rule.Refusal problem(List<String> items) {
        Set<String> seen = new java.util.HashSet<>();
        for (String item : items) {
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon);
            String path = colon < 0 ? "" : item.substring(colon + 1);
            if (!NAMES.contains(name)) {
                return new Rule.Refusal(item, "name:/path with a name of " + NAMES);
            }
            if (!path.startsWith("/") || path.contains("?") || path.contains(" ")) {
                return new Rule.Refusal(item, "name:/path, the path starting with /");
            }
            if (path.equals(REDCAST_PATH) && !name.equals(FORWARDER)) {
                return new Rule.Refusal(
                        item,
                        REDCAST_PATH
                                + " is redcast's own path (it serves the forwarder's clients"
                                + " too); give "
                                + name
                                + " another");
            }
            if (!seen.add(path)) {
                return new Rule.Refusal(item, "one dialect per path");
            }
        }
        return null;
    }

    /** Whether every one of {@code names} is a dialect that may be opened without a token. */
    static boolean openable(List<String> names) {
        return names.stream().allMatch(n -> NAMES.contains(n) && !n.equals(FORWARDER));
    }

    /** Whether {@code name} may name the rooms' namespace. */
    static boolean namespaceName(String name) {
        try {
            Namespace.defaults(name);
            return !name.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
