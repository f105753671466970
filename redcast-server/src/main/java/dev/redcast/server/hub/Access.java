package dev.redcast.server.hub;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.ChannelPolicy;
import dev.redcast.server.config.Namespace;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.ProtocolException;

/**
 * Thread-safe (immutable). Who may do what on which channel: {@link Commands} asks before it
 * carries out a client's command, and a refusal is a {@code forbidden} error that names the rule.
 * The answers come from the channel's namespace ({@link ChannelPolicy}). What the server subscribes
 * a connection to itself (default channels, a token's {@code channels}, the admin API) is not
 * asked.
 *
 * <p>Reading a channel's history or presence needs what subscribing needs, unless the connection is
 * already subscribed (so a subscription token is presented once, at subscribe).
 */
final class Access {
    private final ChannelPolicy policy;
    private final Authenticator authenticator;
    private final boolean remembersChannels;

    /**
     * @param remembersChannels whether users may have channels remembered at all (verified
     *     identities, or an operator who accepts claimed ones)
     */
    Access(ChannelPolicy policy, Authenticator authenticator, boolean remembersChannels) {
        this.policy = policy;
        this.authenticator = authenticator;
        this.remembersChannels = remembersChannels;
    }

    void subscribe(Session session, Command.Subscribe c) {
        if (c.pattern()) {
            pattern(c);
            return;
        }
        Namespace ns = policy.namespace(c.channel());
        byName(session, c.channel(), ns, c.token(), c.id());
        if (c.persist()) {
            if (!remembersChannels) {
                throw forbidden(
                        "persist needs verified identities (JWT), or claimed-identity-writes on"
                                + " this server",
                        c.id());
            }
            if (!ns.persist()) {
                throw forbidden(where(ns) + " may not be remembered (persist)", c.id());
            }
        }
    }

    void publish(Session session, Command.Publish c) {
        switch (policy.publish(c.channel())) {
            case NONE ->
                    throw forbidden(
                            "clients may not publish on " + where(policy.namespace(c.channel())),
                            c.id());
            case SUBSCRIBERS -> {
                if (!subscribed(session, c.channel())) {
                    throw forbidden(
                            "only subscribers of " + c.channel() + " may publish on it", c.id());
                }
            }
            case ANYONE -> {}
        }
    }

    void readHistory(Session session, String channel, Long id) {
        read(session, channel, id);
    }

    void readPresence(Session session, String channel, Long id) {
        Namespace ns = policy.namespace(channel);
        if (!ns.presence()) {
            throw forbidden("presence is off in " + where(ns), id);
        }
        read(session, channel, id);
    }

    /** Whether a subscribe with {@code since} on {@code channel} may replay what was missed. */
    boolean recovers(String channel) {
        return policy.namespace(channel).recovery();
    }

    /**
     * Whether users' channels are remembered at all: read back on connect, forgotten on
     * unsubscribe.
     */
    boolean remembers() {
        return remembersChannels;
    }

    /**
     * Whether a channel remembered for {@code user} is subscribed again on connect: it must still
     * be one they could subscribe to by name and remember now.
     */
    boolean restores(String user, String channel) {
        Namespace ns = policy.namespace(channel);
        return remembersChannels
                && ns.persist()
                && ns.subscribe() == Namespace.Subscribe.AUTHENTICATED
                && ChannelPolicy.userAllowed(channel, user);
    }

    private void read(Session session, String channel, Long id) {
        if (!subscribed(session, channel)) {
            byName(session, channel, policy.namespace(channel), null, id);
        }
    }

    private void byName(Session session, String channel, Namespace ns, String token, Long id) {
        if (!ChannelPolicy.userAllowed(channel, session.user())) {
            throw forbidden(channel + " is only for the users named after its '#'", id);
        }
        switch (ns.subscribe()) {
            case NONE -> throw forbidden(where(ns) + " is not open to clients", id);
            case TOKEN -> {
                if (token == null) {
                    throw forbidden(
                            where(ns) + " needs a subscription token ('token' in subscribe)", id);
                }
                try {
                    authenticator.authorizeSubscription(token, session.user(), channel);
                } catch (AuthException e) {
                    throw forbidden(e.getMessage(), id);
                }
            }
            case AUTHENTICATED -> {}
        }
    }

    /**
     * A pattern may name one namespace (its part before the first colon is plain text) or span
     * several. Either way it only ever receives channels open to everyone ({@link
     * ChannelPolicy#openToPatterns}); refusing what cannot match anything tells the client early.
     */
    private void pattern(Command.Subscribe c) {
        Namespace ns = policy.namespaceOfPattern(c.channel());
        Namespace target = ns != null ? ns : policy.namespace("");
        if (!target.patterns()) {
            throw forbidden("pattern subscriptions are off in " + where(target), c.id());
        }
        if (ns != null && ns.subscribe() != Namespace.Subscribe.AUTHENTICATED) {
            throw forbidden(where(ns) + " is not open to pattern subscriptions", c.id());
        }
    }

    private static boolean subscribed(Session session, String channel) {
        return session.subscriptions().containsKey(TopicKey.channel(channel));
    }

    private static String where(Namespace ns) {
        return ns.name().isEmpty() ? "the default namespace" : "namespace '" + ns.name() + "'";
    }

    private static ProtocolException forbidden(String message, Long id) {
        return new ProtocolException(ErrorCode.FORBIDDEN, message, id);
    }
}
