package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import java.util.Locale;
import java.util.Objects;

/**
 * Thread-safe (immutable). What clients may do on the channels of one namespace: the channels whose
 * name starts with {@code name:}, or, for the default namespace ({@code name} empty), every channel
 * whose prefix names no configured namespace.
 *
 * @param name the namespace, or empty for the default one
 * @param subscribe who may subscribe
 * @param publish who may publish over the WebSocket; null when the {@code client-publish} setting
 *     decides ({@link Publish#ANYONE} or {@link Publish#NONE})
 * @param patterns whether pattern subscriptions may reach these channels
 * @param history how much history the channels keep; null when the {@code history} setting's rules
 *     decide
 * @param recovery whether a subscribe with {@code since} replays what was missed
 * @param presence whether clients may ask who is subscribed ({@code presence})
 * @param joinLeave whether subscribers get {@code join}/{@code leave} frames; null when the {@code
 *     presence} setting's globs decide
 * @param persist whether clients may ask to have these channels remembered ({@code persist})
 */
public record Namespace(
        String name,
        Subscribe subscribe,
        Publish publish,
        boolean patterns,
        HistoryRule history,
        boolean recovery,
        boolean presence,
        Boolean joinLeave,
        boolean persist) {

    /** Who may subscribe to a namespace's channels. */
    public enum Subscribe {
        /** Every connected client. */
        AUTHENTICATED,
        /** Only a client that presents a subscription token for the channel. */
        TOKEN,
        /** No client; only the server (default channels, a token's channels, the admin API). */
        NONE
    }

    /** Who may publish on a namespace's channels over the WebSocket. */
    public enum Publish {
        NONE,
        /** Only a connection that is subscribed to the channel. */
        SUBSCRIBERS,
        ANYONE
    }

    public Namespace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscribe, "subscribe");
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("namespace '" + name + "': " + problem);
        }
    }

    /** The default namespace's options when nothing is configured: today's behaviour. */
    public static Namespace defaults(String name) {
        return new Namespace(
                name, Subscribe.AUTHENTICATED, null, true, null, true, true, null, true);
    }

    /**
     * Namespaces as the {@code namespaces} setting writes them: a JSON object of name to options.
     *
     * @throws IllegalArgumentException naming the namespace and option that is wrong
     */
    public static java.util.List<Namespace> parseJson(String json) {
        return NamespacesJson.parse(json);
    }

    /** The part of {@code channel} that selects its namespace: up to the first colon, or "". */
    public static String prefixOf(String channel) {
        int colon = channel.indexOf(':');
        return colon < 0 ? "" : channel.substring(0, colon);
    }

    /** The option value as written in the configuration ({@code authenticated}, {@code anyone}). */
    static String text(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (ChannelNames.isReserved(name + ":")) {
            return "reserved for the server";
        }
        String problem = ChannelNames.problem(name);
        if (problem != null) {
            return problem;
        }
        for (char c : name.toCharArray()) {
            if (c == ':' || c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '#') {
                return "a namespace name has none of : * ? [ ] \\ #";
            }
        }
        return null;
    }
}
