package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). The one place that says what a channel is: its {@link Namespace}, its
 * history, whether it announces join and leave, who may publish on it and which users it is limited
 * to. The {@code namespaces} setting fills it; the older {@code history}, {@code presence} and
 * {@code client-publish} settings are shortcuts that decide whatever a namespace leaves open.
 *
 * <p>A channel's namespace is the part of its name before the first {@code :} when a namespace of
 * that name is configured, else the default namespace ({@code ""} in the setting, today's behaviour
 * when not configured). A name ending in {@code #alice,bob} may be subscribed only by those users,
 * whatever its namespace allows.
 */
public final class ChannelPolicy implements HistoryRules {
    /** Marks the start of a channel name's user list: {@code dm:#alice,bob}. */
    public static final char USERS_MARK = '#';

    private final Namespace[] named;
    private final Namespace fallback;
    private final List<HistoryRule> history;
    private final PresenceConfig presence;
    private final boolean clientPublish;

    /**
     * @param namespaces the configured namespaces, {@code ""} for the default one
     * @param history the {@code history} setting's rules, for channels whose namespace sets none
     * @param presence the {@code presence} setting, for channels whose namespace leaves join/leave
     *     open
     * @param clientPublish the {@code client-publish} setting, for namespaces that leave publish
     *     open
     */
    public ChannelPolicy(
            List<Namespace> namespaces,
            List<HistoryRule> history,
            PresenceConfig presence,
            boolean clientPublish) {
        List<Namespace> named = new ArrayList<>();
        Namespace fallback = Namespace.defaults("");
        for (Namespace n : namespaces) {
            if (n.name().isEmpty()) {
                fallback = n;
            } else {
                named.add(n);
            }
        }
        this.named = named.toArray(Namespace[]::new);
        this.fallback = fallback;
        this.history = List.copyOf(history);
        this.presence = Objects.requireNonNull(presence, "presence");
        this.clientPublish = clientPublish;
    }

    /** The namespace of {@code channel}. Allocates nothing, as it runs for pattern deliveries. */
    public Namespace namespace(String channel) {
        for (Namespace n : named) {
            String name = n.name();
            if (channel.length() > name.length()
                    && channel.charAt(name.length()) == ':'
                    && channel.startsWith(name)) {
                return n;
            }
        }
        return fallback;
    }

    /**
     * The one namespace every channel {@code pattern} can match belongs to, or null when its
     * namespace part holds glob syntax (or it has no colon) so it may span several.
     */
    public Namespace namespaceOfPattern(String pattern) {
        int colon = pattern.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String prefix = pattern.substring(0, colon);
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return null;
            }
        }
        return namespace(pattern);
    }

    /**
     * Whether a pattern subscription may receive a message on {@code channel}: only channels that
     * any connected client could subscribe to by name, in a namespace that allows patterns.
     * Allocates nothing.
     */
    public boolean openToPatterns(String channel) {
        Namespace n = namespace(channel);
        return n.patterns()
                && n.subscribe() == Namespace.Subscribe.AUTHENTICATED
                && channel.indexOf(USERS_MARK) < 0;
    }

    /** The history rule for {@code channel}, or null when it keeps none. */
    @Override
    public HistoryRule find(String channel) {
        if (ChannelNames.isReserved(channel)) {
            return null; // the server's own channels keep no history, whatever a rule says
        }
        HistoryRule own = namespace(channel).history();
        return own != null ? own : HistoryRule.find(history, channel);
    }

    /** Whether subscribers of {@code channel} get join and leave frames. */
    public boolean announces(String channel) {
        if (ChannelNames.isReserved(channel)) {
            return false;
        }
        Boolean own = namespace(channel).joinLeave();
        return own != null ? own : presence.announces(channel);
    }

    /** Whether any channel at all announces join and leave. */
    public boolean anyAnnounces() {
        if (!presence.channels().isEmpty() || Boolean.TRUE.equals(fallback.joinLeave())) {
            return true;
        }
        for (Namespace n : named) {
            if (Boolean.TRUE.equals(n.joinLeave())) {
                return true;
            }
        }
        return false;
    }

    /** Who may publish on {@code channel} over the WebSocket. */
    public Namespace.Publish publish(String channel) {
        Namespace.Publish own = namespace(channel).publish();
        if (own != null) {
            return own;
        }
        return clientPublish ? Namespace.Publish.ANYONE : Namespace.Publish.NONE;
    }

    /**
     * Whether {@code user} may use a channel limited to some users: true for a channel without a
     * user list ({@code #a,b} at its end), else whether {@code user} is on it.
     */
    public static boolean userAllowed(String channel, String user) {
        int mark = channel.lastIndexOf(USERS_MARK);
        if (mark < 0) {
            return true;
        }
        for (String u : channel.substring(mark + 1).split(",", -1)) {
            if (u.equals(user)) {
                return true;
            }
        }
        return false;
    }

    /** The configured namespaces, the default one first, for the start-up banner. */
    public List<Namespace> namespaces() {
        List<Namespace> all = new ArrayList<>();
        all.add(fallback);
        all.addAll(List.of(named));
        return all;
    }
}
