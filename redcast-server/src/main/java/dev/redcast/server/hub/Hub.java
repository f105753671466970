package dev.redcast.server.hub;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.NodeStats;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.PresenceEvent;
import dev.redcast.server.protocol.Replies;
import dev.redcast.server.protocol.WebSocketFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. The node's subscription registry and fan-out.
 *
 * <p>Design: topics live in a concurrent map and are created or dropped only inside that map's
 * per-key {@code compute}, which is also where the broker is told about interest, so "first local
 * subscriber subscribes upstream, last one unsubscribes" holds under any interleaving. A message
 * from the broker is encoded once into a pooled buffer holding the finished WebSocket frame; each
 * event loop with subscribers of the topic gets one delivery carrying a reference to that buffer
 * and its subscribers, and writes it to them in its own drain ({@link LoopShard}).
 */
public final class Hub implements BrokerListener {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerConfig config;
    private final Broker broker;
    private final ServerMetrics metrics;
    private final String version;

    /**
     * Shared frames come from a pool of their own. Pooled, not Netty's default adaptive allocator,
     * because only pooled buffers take the duplicate each subscriber writes from a recycler instead
     * of allocating it. Without thread caches, because a frame is allocated on the broker's thread
     * and freed on an event loop, and a cache would hand the freed memory back through objects the
     * loop allocates for every message.
     */
    private static final ByteBufAllocator FRAMES =
            new PooledByteBufAllocator(true, 0, 2, 8192, 9, 0, 0, false);

    private final ConcurrentHashMap<TopicKey, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventLoop, LoopShard> shards = new ConcurrentHashMap<>();
    private final Recovery recovery;
    private final PresenceStore presence;
    private final PresenceEvents presenceEvents;
    private final Access access;
    private final long startedMillis = System.currentTimeMillis();

    /**
     * @param cluster carries presence events between nodes
     * @param presence where presence is recorded
     * @param presenceReads the coalesced presence reads, dropped when membership changes
     * @param access which remembered channels a user gets back on connect
     */
    Hub(
            ServerConfig config,
            Cluster cluster,
            ServerMetrics metrics,
            String version,
            PresenceStore presence,
            PresenceReads presenceReads,
            Access access) {
        this.config = config;
        this.access = access;
        this.broker = cluster.broker();
        this.metrics = metrics;
        metrics.loopQueued(() -> shards.values().stream().mapToInt(LoopShard::queued).sum());
        this.version = version;
        this.recovery = new Recovery(broker, FRAMES);
        this.presence = presence;
        this.presenceEvents =
                new PresenceEvents(
                        cluster, presence, presenceReads, config.channels(), this, metrics);
    }

    Recovery recovery() {
        return recovery;
    }

    /** A new subscription of {@code session} to {@code key}, not yet added to its topic. */
    Subscription subscription(Session session, TopicKey key) {
        return new Subscription(session, key, recovery);
    }

    /**
     * Subscribes the node to the default channels for good, so connects never wait on them, and to
     * the other nodes' presence events; waits a moment for them and for {@code alsoFlowing} (other
     * control channels) to flow.
     */
    void start(CompletableFuture<Void> alsoFlowing) {
        List<CompletableFuture<Void>> flowing = new ArrayList<>();
        flowing.add(alsoFlowing);
        flowing.add(presenceEvents.start());
        for (String channel : config.defaultChannels()) {
            Topic t =
                    topics.compute(
                            TopicKey.channel(channel),
                            (k, existing) -> existing != null ? existing : newTopic(k));
            t.pinned = true;
            flowing.add(t.flowing);
        }
        try {
            CompletableFuture.allOf(flowing.toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn(
                    "default channels not confirmed by the broker yet; they will be when it is up");
        }
    }

    /** Opens a session for a freshly upgraded connection of redcast's own protocol. */
    public Session open(
            ChannelHandlerContext ctx, Principal principal, String clientId, boolean v1) {
        return open(ctx, principal, clientId, v1 ? RedcastWire.V1 : RedcastWire.PLAIN, false);
    }

    /**
     * Opens a session for a freshly upgraded connection; runs on its event loop.
     *
     * @param wire what kind of client it is: the frames it gets and what it starts subscribed to
     * @param compressed whether the connection negotiated permessage-deflate
     */
    public Session open(
            ChannelHandlerContext ctx,
            Principal principal,
            String clientId,
            Wire wire,
            boolean compressed) {
        EventLoop loop = ctx.channel().eventLoop();
        assert loop.inEventLoop();
        LoopShard shard =
                shards.computeIfAbsent(
                        loop,
                        l -> new LoopShard(l, config.transport().pingIntervalSeconds(), metrics));
        Session session =
                new Session(
                        clientId,
                        principal,
                        wire,
                        compressed,
                        ctx,
                        shard,
                        this,
                        metrics,
                        config.limits().commandRate(),
                        config.limits().maxBadCommands());
        shard.register(session);
        session.armExpiry();
        metrics.connectionOpened();
        presence.online(principal.user(), clientId);
        OnLoop.whenDone(
                remembered(session),
                session,
                (saved, err) -> subscribeOnConnect(session, saved == null ? List.of() : saved));
        return session;
    }

    /**
     * The client of a session that was opened before it said who it is (a dialect whose clients
     * name themselves in their first frame) has now: from here on the session is {@code
     * principal}'s. Only a session that has subscribed to nothing yet may change hands, so no
     * presence entry or subscription is left under the old name.
     *
     * @throws IllegalStateException when the session already has subscriptions
     */
    public void identify(Session session, Principal principal) {
        assert session.ctx().executor().inEventLoop();
        if (!session.subscriptions().isEmpty()) {
            throw new IllegalStateException(
                    session.logPrefix() + " cannot change users once subscribed");
        }
        presence.offline(session.user(), session.id());
        session.identified(principal);
        presence.online(principal.user(), session.id());
    }

    /** The user's remembered channels; none (logged at DEBUG) when they cannot be read now. */
    private CompletableFuture<List<String>> remembered(Session session) {
        if (!access.remembers() || !session.wire().start().remembered()) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<String>> read;
        try {
            read = presence.remembered(session.user());
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.exceptionally(
                e -> {
                    log.debug(
                            "{} remembered channels unavailable, default channels only: {}",
                            session.logPrefix(),
                            e.toString());
                    return List.of();
                });
    }

    /**
     * Subscribes a new session to what its kind of client starts with: redcast's clients to the
     * default channels and the channels their token grants, a dialect's to its own; then to its
     * remembered channels (those beyond the default channels up to the subscription limit), then
     * welcomes it.
     */
    private void subscribeOnConnect(Session session, List<String> saved) {
        Wire.Start start = session.wire().start();
        LinkedHashSet<String> channels = new LinkedHashSet<>();
        List<String> requested = new ArrayList<>();
        if (start.serverChannels()) {
            channels.addAll(config.defaultChannels());
            requested.addAll(session.principal().channels());
        }
        channels.addAll(start.channels());
        for (String channel : saved) {
            // What the namespaces allow may have changed since the channel was remembered.
            if (access.restores(session.user(), channel)) {
                requested.add(channel);
            }
        }
        for (String channel : requested) {
            if (channels.size() >= config.limits().maxSubscriptions()) {
                log.debug(
                        "{} granted and remembered channels beyond the limit skipped",
                        session.logPrefix());
                break;
            }
            if (ChannelNames.publicProblem(channel) == null) {
                channels.add(channel);
            }
        }
        List<Subscription> initial = new ArrayList<>();
        List<CompletableFuture<Void>> flowing = new ArrayList<>();
        for (String channel : channels) {
            Subscription s = subscription(session, TopicKey.channel(channel));
            session.subscriptions().put(s.key(), s);
            initial.add(s);
            flowing.add(subscribe(s));
        }
        OnLoop.whenDone(
                CompletableFuture.allOf(flowing.toArray(CompletableFuture[]::new)),
                session,
                (v, err) -> {
                    session.notice(
                            Replies.welcome(
                                    session.id(),
                                    session.user(),
                                    config.nodeId(),
                                    version,
                                    config.transport().pingIntervalSeconds(),
                                    channels));
                    initial.forEach(Subscription::activate);
                });
    }

    /** Adds {@code s} to its topic; the future completes when the topic's messages flow. */
    CompletableFuture<Void> subscribe(Subscription s) {
        Topic t =
                topics.compute(
                        s.key(),
                        (k, existing) -> {
                            Topic topic = existing != null ? existing : newTopic(k);
                            topic.add(s);
                            return topic;
                        });
        metrics.subscriptionsChanged(1);
        if (!s.key().pattern()) {
            presenceEvents.joined(s.key().name(), s.session());
        }
        return t.flowing;
    }

    /**
     * Removes {@code s} from its topic, dropping the topic upstream when it was the last. A
     * subscription that never joined its topic (one waiting to be admitted) is only closed.
     */
    void unsubscribe(Subscription s) {
        s.close();
        boolean[] joined = {false};
        topics.computeIfPresent(
                s.key(),
                (k, topic) -> {
                    joined[0] = topic.remove(s);
                    if (topic.removable()) {
                        broker.unsubscribe(k);
                        return null;
                    }
                    return topic;
                });
        if (!joined[0]) {
            return;
        }
        metrics.subscriptionsChanged(-1);
        if (!s.key().pattern()) {
            presenceEvents.left(s.key().name(), s.session());
        }
    }

    /** Drops every subscription of a session that is closing or closed. */
    void release(Session session) {
        for (Subscription s : session.takeSubscriptions()) {
            unsubscribe(s);
        }
        if (session.markOffline()) {
            presence.offline(session.user(), session.id());
        }
    }

    private Topic newTopic(TopicKey key) {
        return new Topic(key, broker.subscribe(key));
    }

    @Override
    public void onMessage(ChannelMessage m) {
        metrics.messageIn();
        TopicKey key =
                m.pattern() == null ? TopicKey.channel(m.channel()) : TopicKey.pattern(m.pattern());
        Topic topic = topics.get(key);
        if (topic == null) {
            return;
        }
        if (m.pattern() != null && !config.channels().openToPatterns(m.channel())) {
            return; // a pattern never reaches channels that not everyone may subscribe to
        }
        Topic.Group[] groups = topic.groups();
        if (groups.length == 0) {
            return;
        }
        // Groups of one kind of client are adjacent (Topic): one frame per kind, encoded when its
        // first group comes up.
        Wire wire = null;
        ByteBuf frame = null;
        try {
            for (Topic.Group g : groups) {
                if (g.wire() != wire) {
                    if (frame != null) {
                        frame.release();
                    }
                    wire = g.wire();
                    frame = wire.message(FRAMES, m);
                }
                metrics.deliveries(g.subscribers().length);
                g.shard().enqueue(new Delivery(frame.retain(), m, g.subscribers()));
            }
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    /**
     * Sends {@code event} to this node's subscribers of its channel, each kind of client in its own
     * frame ({@link Wire#presence}), in line with the channel's messages; {@code cause} is the
     * broker message that brought it.
     */
    void sendPresence(PresenceEvent event, ChannelMessage cause) {
        Topic topic = topics.get(TopicKey.channel(event.channel()));
        if (topic == null) {
            return;
        }
        Wire wire = null;
        ByteBuf frame = null;
        try {
            for (Topic.Group g : topic.groups()) {
                if (g.wire() != wire) {
                    if (frame != null) {
                        frame.release();
                    }
                    wire = g.wire();
                    byte[] json = wire.presence(event);
                    frame = json == null ? null : WebSocketFrames.text(FRAMES, json);
                }
                if (frame != null) {
                    g.shard().enqueue(new Delivery(frame.retain(), cause, g.subscribers()));
                }
            }
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    /** What this node reports in its node record: its channels with a subscriber, among others. */
    public NodeStats stats() {
        Map<String, Integer> active = localChannels();
        active.values().removeIf(n -> n == 0); // default channels stay subscribed with nobody
        return NodeStats.of(
                version, startedMillis, metrics.connections(), metrics.subscriptions(), active);
    }

    /** Channels (not patterns) with local subscribers, and how many. */
    public Map<String, Integer> localChannels() {
        Map<String, Integer> out = new TreeMap<>();
        topics.forEach(
                (k, t) -> {
                    if (!k.pattern()) {
                        out.put(k.name(), t.size());
                    }
                });
        return out;
    }

    public int topicCount() {
        return topics.size();
    }

    /** Closes every session with {@code code}; the future completes when each loop has done so. */
    public CompletableFuture<Void> closeAll(int code, String reason) {
        return forEachSession(
                        s -> {
                            s.close(code, reason);
                            return true;
                        })
                .thenApply(n -> null);
    }

    /**
     * Runs {@code action} for every open session, on the session's event loop.
     *
     * @param action what to do with one session; answers whether it changed the session
     * @return completes, once every loop has run its sessions, with how many {@code action} changed
     */
    CompletableFuture<Integer> forEachSession(Predicate<Session> action) {
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (LoopShard shard : shards.values()) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            done.add(f);
            shard.loop.execute(
                    () -> {
                        int changed = 0;
                        try {
                            for (Session s : shard.sessions()) {
                                if (!s.closing() && action.test(s)) {
                                    changed++;
                                }
                            }
                        } catch (RuntimeException e) {
                            log.error("an action on the sessions of a loop failed", e);
                        } finally {
                            f.complete(changed);
                        }
                    });
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .thenApply(v -> done.stream().mapToInt(CompletableFuture::join).sum());
    }

    /** A new client id: 12 hex digits, unguessable. */
    public static String newClientId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
