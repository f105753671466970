package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.auth.Credentials;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.JsonBytes;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.Replies;
import dev.redcast.server.registry.ChannelListing;
import dev.redcast.server.registry.ChannelPage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from final collaborators); each call runs on the session's event
 * loop. Carries out one client command and replies. Refusals are thrown as {@link
 * ProtocolException}; the caller turns them into {@code error} frames.
 */
public final class Commands {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private final Hub hub;
    private final Broker broker;
    private final PresenceStore presence;
    private final PresenceReads presenceReads;
    private final ChannelListing listing;
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final HistoryQuery history;
    private final Authenticator authenticator;
    private final Access access;

    Commands(
            Hub hub,
            Broker broker,
            PresenceStore presence,
            PresenceReads presenceReads,
            ChannelListing listing,
            ServerMetrics metrics,
            ServerConfig config,
            Authenticator authenticator,
            Access access) {
        this.hub = hub;
        this.access = access;
        this.authenticator = authenticator;
        this.broker = broker;
        this.presence = presence;
        this.presenceReads = presenceReads;
        this.listing = listing;
        this.metrics = metrics;
        this.config = config;
        this.history = new HistoryQuery(broker);
    }

    public void handle(Session session, Command command) {
        if (!session.admitCommand()) {
            throw new ProtocolException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "more than " + config.limits().commandRate() + " commands per second",
                    command.id());
        }
        if (command instanceof Command.Subscribe c) {
            access.subscribe(session, c); // the server's own subscriptions are not asked
            subscribe(session, c, session::send);
        } else if (command instanceof Command.Unsubscribe c) {
            unsubscribe(session, c, session::send);
        } else if (command instanceof Command.Publish c) {
            publish(session, c);
        } else if (command instanceof Command.History c) {
            access.readHistory(session, c.channel(), c.id());
            history.handle(session, c);
        } else if (command instanceof Command.Presence c) {
            presence(session, c);
        } else if (command instanceof Command.Channels c) {
            channels(session, c);
        } else if (command instanceof Command.Ping c) {
            session.send(Replies.reply("pong", c.id()));
        } else if (command instanceof Command.Refresh c) {
            refresh(session, c);
        }
    }

    /**
     * New credentials for the same user: the connection's expiry moves to theirs. A token for
     * another user, or one the authenticator refuses, is refused and the old expiry stands.
     */
    private void refresh(Session session, Command.Refresh c) {
        Principal next;
        try {
            next =
                    authenticator.authenticate(
                            new Credentials(c.token(), session.user(), session.id()));
        } catch (AuthException e) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage(), c.id());
        }
        if (!next.user().equals(session.user())) {
            throw new ProtocolException(
                    ErrorCode.FORBIDDEN,
                    "the token is for another user; reconnect to change users",
                    c.id());
        }
        session.refreshed(next.expiresAt());
        ObjectNode reply = Replies.reply("refreshed", c.id());
        if (next.expiresAt() != null) {
            reply.put("expires_at", next.expiresAt().toString());
        }
        session.send(reply);
    }

    /**
     * Subscribes {@code session} to {@code channel} for an administrator, through the path of a
     * client's {@code subscribe}, limit included; only the client's command budget does not apply.
     * The client is told with the {@code subscribed} frame its own subscribe would get, without an
     * {@code id}, when it speaks {@code redcast.v1} (listen-only clients get only messages).
     *
     * @return whether the session was subscribed now: false when it already was or is at its limit
     */
    boolean subscribeByServer(Session session, String channel) {
        if (session.subscriptions().containsKey(TopicKey.channel(channel))) {
            return false;
        }
        try {
            subscribe(
                    session,
                    new Command.Subscribe(null, channel, false, null, 0, false),
                    toldByServer(session));
            return true;
        } catch (ProtocolException e) {
            log.debug(
                    "{} not subscribed to {} by an administrator: {}",
                    session.logPrefix(),
                    channel,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Unsubscribes {@code session} from {@code channel} for an administrator, through the path of a
     * client's {@code unsubscribe} (which also forgets the channel if it was remembered); the
     * client is told as by {@link #subscribeByServer}.
     *
     * @return whether the session was subscribed to it
     */
    boolean unsubscribeByServer(Session session, String channel) {
        if (!session.subscriptions().containsKey(TopicKey.channel(channel))) {
            return false;
        }
        unsubscribe(session, new Command.Unsubscribe(null, channel, false), toldByServer(session));
        return true;
    }

    /**
     * Where the replies to what the server did on its own go: they are notices the client did not
     * ask for, so only clients whose kind takes them ({@link Wire#notice}) get them.
     */
    private static Consumer<ObjectNode> toldByServer(Session session) {
        return session::notice;
    }

    /**
     * @param reply where the {@code subscribed} reply goes (the client's own refusals are thrown,
     *     or sent as errors for a remembered set that is full)
     */
    private void subscribe(Session session, Command.Subscribe c, Consumer<ObjectNode> reply) {
        TopicKey key = new TopicKey(c.channel(), c.pattern());
        if (c.pattern() && c.since() != null) {
            throw ProtocolException.badRequest("'since' applies to channels, not patterns", c.id());
        }
        if (c.pattern() && c.persist()) {
            throw ProtocolException.badRequest(
                    "'persist' applies to channels, not patterns", c.id());
        }
        Map<TopicKey, Subscription> subs = session.subscriptions();
        if (subs.containsKey(key)) {
            // Idempotent: a repeated subscribe is confirmed, not duplicated.
            if (!c.persist()) {
                reply.accept(subscribedReply(c));
                return;
            }
            OnLoop.whenDone(
                    remember(session, c.channel()),
                    session,
                    (remembered, err) -> {
                        if (err != null) {
                            session.send(notRemembered(c, err, session, "the subscription stays"));
                        } else if (Boolean.FALSE.equals(remembered)) {
                            session.refuse(rememberedFull(c));
                        } else {
                            reply.accept(subscribedReply(c));
                        }
                    });
            return;
        }
        if (subs.size() >= config.limits().maxSubscriptions()) {
            throw new ProtocolException(
                    ErrorCode.LIMIT_EXCEEDED,
                    "at most "
                            + config.limits().maxSubscriptions()
                            + " subscriptions per connection",
                    c.id());
        }
        Subscription s = hub.subscription(session, key);
        subs.put(key, s);
        if (!c.persist()) {
            start(session, c, s, reply);
            return;
        }
        // Only now, past the connection's limit, is the channel remembered, and only while the
        // user's remembered set (which every later connection of theirs reads whole) has room,
        // whichever connection or node adds to it. Meanwhile s holds its place in subs without
        // joining its topic, so a later unsubscribe still takes effect after this subscribe. A
        // channel that cannot be remembered is not subscribed either: the client asked for both,
        // and hears that it got neither rather than find out on its next connection.
        OnLoop.whenDone(
                remember(session, c.channel()),
                session,
                (remembered, err) -> {
                    if (subs.get(key) != s) {
                        return; // unsubscribed meanwhile
                    }
                    if (err != null || Boolean.FALSE.equals(remembered)) {
                        subs.remove(key);
                        s.close();
                        if (err != null) {
                            session.send(notRemembered(c, err, session, "not subscribed"));
                        } else {
                            session.refuse(rememberedFull(c));
                        }
                        return;
                    }
                    start(session, c, s, reply);
                });
    }

    /** Joins {@code s} (registered in its session) to its topic and replies once messages flow. */
    private void start(
            Session session, Command.Subscribe c, Subscription s, Consumer<ObjectNode> reply) {
        CompletableFuture<Void> flowing = hub.subscribe(s);
        if (!c.pattern()
                && config.historyRule(c.channel()) != null
                && (c.since() == null || access.recovers(c.channel()))) {
            hub.recovery().subscribe(session, c, s, flowing, reply);
            return;
        }
        OnLoop.whenDone(
                flowing,
                session,
                (v, err) -> {
                    if (session.subscriptions().get(s.key()) != s) {
                        return; // unsubscribed meanwhile
                    }
                    reply.accept(subscribedReply(c));
                    s.activate();
                });
    }

    private ProtocolException rememberedFull(Command.Subscribe c) {
        return new ProtocolException(
                ErrorCode.LIMIT_EXCEEDED,
                "at most "
                        + config.limits().maxSubscriptions()
                        + " remembered channels per user; unsubscribe from one first",
                c.id());
    }

    private static ObjectNode subscribedReply(Command.Subscribe c) {
        ObjectNode reply = Replies.channelReply("subscribed", c.id(), c.channel(), c.pattern());
        if (c.since() != null) {
            // This channel keeps no history, so nothing missed can be replayed.
            reply.put("recovered", false);
        }
        return reply;
    }

    private void unsubscribe(Session session, Command.Unsubscribe c, Consumer<ObjectNode> reply) {
        Subscription s = session.subscriptions().remove(new TopicKey(c.channel(), c.pattern()));
        if (s != null) {
            hub.unsubscribe(s);
        }
        if (!c.pattern() && access.remembers()) {
            // Unsubscribing forgets a remembered channel, whether or not it was subscribed here.
            presence.forget(session.user(), c.channel())
                    .whenComplete((v, err) -> logStoreFailure(session, "forget", err));
        }
        reply.accept(Replies.channelReply("unsubscribed", c.id(), c.channel(), c.pattern()));
    }

    private void publish(Session session, Command.Publish c) {
        access.publish(session, c);
        byte[] payload = JsonBytes.textBytes(c.payload());
        IdempotencyKey key =
                c.idempotencyKey() == null
                        ? null
                        : IdempotencyKey.ofUser(session.user(), c.idempotencyKey());
        metrics.clientPublish();
        OnLoop.whenDone(
                broker.publish(c.channel(), payload, c.attributed() ? session.user() : null, key),
                session,
                (result, err) ->
                        session.send(
                                err == null
                                        ? publishedReply(c, result)
                                        : failure(c.id(), err, session)));
    }

    private static ObjectNode publishedReply(Command.Publish c, PublishResult r) {
        ObjectNode reply = Replies.channelReply("published", c.id(), c.channel(), false);
        if (r.hasOffset()) {
            reply.put("offset", r.offset());
            reply.put("epoch", r.epoch());
        }
        if (r.replayed()) {
            reply.put("replayed", true);
        }
        return reply;
    }

    /**
     * Remembers {@code channel} for the user: true when it is (or already was), false when their
     * remembered set is full; fails when the store cannot write it.
     */
    private CompletableFuture<Boolean> remember(Session session, String channel) {
        try {
            return presence.remember(session.user(), channel, config.limits().maxSubscriptions());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The error frame for a {@code persist} the store could not carry out. */
    private static ObjectNode notRemembered(
            Command.Subscribe c, Throwable err, Session session, String outcome) {
        if (!(err instanceof BrokerUnavailableException e)) {
            return failure(c.id(), err, session);
        }
        logStoreFailure(session, "remember", err);
        return Replies.error(
                c.id(),
                e.code(),
                "channel '"
                        + c.channel()
                        + "' could not be remembered ("
                        + e.getMessage()
                        + "); "
                        + outcome);
    }

    private static void logStoreFailure(Session session, String what, Throwable err) {
        if (err != null) {
            log.debug("{} could not {} a channel: {}", session.logPrefix(), what, err.toString());
        }
    }

    private void presence(Session session, Command.Presence c) {
        access.readPresence(session, c.channel(), c.id());
        OnLoop.whenDone(
                presenceReads.members(c.channel()),
                session,
                (members, err) ->
                        session.send(
                                err == null
                                        ? Replies.presence(c.id(), c.channel(), members)
                                        : failure(c.id(), err, session)));
    }

    private void channels(Session session, Command.Channels c) {
        CompletableFuture<ChannelPage> page;
        try {
            page = listing.page(c.cursor(), c.limit());
        } catch (IllegalArgumentException e) {
            throw ProtocolException.badRequest(e.getMessage(), c.id());
        }
        OnLoop.whenDone(
                page,
                session,
                (p, err) -> {
                    if (err != null) {
                        session.send(failure(c.id(), err, session));
                        return;
                    }
                    ObjectNode reply = Replies.reply("channels", c.id());
                    reply.set("channels", p.json());
                    if (p.next() != null) {
                        reply.put("next", p.next());
                    }
                    session.send(reply);
                });
    }

    /**
     * The error frame for a failure that is not the client's fault: for the broker or a store, its
     * code ({@code internal}, or {@code outcome_unknown} for a publish that may have been applied)
     * and its message in redcast's words.
     */
    static ObjectNode failure(Long id, Throwable err, Session session) {
        if (err instanceof BrokerUnavailableException e) {
            return Replies.error(id, e.code(), e.getMessage());
        }
        log.error("{} command failed", session.logPrefix(), err);
        return Replies.error(id, ErrorCode.INTERNAL, "internal error");
    }
}
