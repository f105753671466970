package dev.redcast.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.client.ClientConfig;
import dev.redcast.client.ConnectionListener;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.Message;
import dev.redcast.client.MessageListener;
import dev.redcast.client.PresenceListener;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.SubscribeOptions;
import dev.redcast.client.Subscribed;
import dev.redcast.client.Welcome;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to the client's scheduler thread (entry points assert it). The protocol state machine of
 * one client: connection phases, request/reply matching, subscriptions and their recovery.
 *
 * <p>Design. All state lives on one thread, the client's Netty event loop, so nothing here takes a
 * lock; the public {@code RedcastClient} only hops onto that thread. Everything the application
 * sees (listener calls, future completions, state changes) goes through {@link #callbacks}, a
 * serial executor, in the order this class produced it: that is what makes "recovered messages
 * first, then live ones" true for the application and not just on the wire.
 *
 * <p>Subscriptions are desired state: they survive a lost connection and are sent again after each
 * welcome, with {@code since} = the position of the last message delivered, so the server can
 * replay the gap. Every delivered message with an offset moves that position; anything at or before
 * it in the same epoch is a duplicate and is dropped, which covers both a server that replays a
 * little too much and a live message racing the replay. Other requests do not survive: they fail
 * with {@link RedcastException#CODE_DISCONNECTED} when the connection is lost.
 *
 * <p>It is one class because a connection event touches all three kinds of state at once (a welcome
 * resends every subscription, a lost link fails requests and resets subscriptions); what one
 * subscription knows (its position, dedup, held-back messages) is in {@link Subscription}, and
 * matching replies to requests (ids, expected reply types, timeouts) in {@link PendingRequests},
 * and keeping a connection's JWT fresh in {@link TokenRefresh}.
 *
 * <p>Each connection attempt gets its own {@link Attempt} as link event sink; events from an
 * attempt that is no longer current are ignored, so a late close of an abandoned connection can
 * never tear down its successor.
 */
public final class ClientCore {
    private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

    private enum Phase {
        IDLE,
        CONNECTING,
        CONNECTED,
        WAITING,
        CLOSED
    }

    /** What the application registered besides per-subscription listeners; all nullable. */
    public record Listeners(
            ConnectionListener connection, PresenceListener presence, MessageListener fallback) {}

    private final ClientConfig config;
    private final Scheduler scheduler;
    private final Executor callbacks;
    private final Link.Connector connector;
    private final Listeners listeners;
    private final Consumer<ConnectionState> stateSink;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final TokenSource tokens; // null without a token supplier: config.token() is used

    private Phase phase = Phase.IDLE;
    private Attempt current;
    private CompletableFuture<Welcome> connectFuture;
    private boolean everConnected;
    private int attempt;
    private long lastInboundNanos;
    private String logPrefix = "[redcast]";
    private Scheduler.Cancellable connectTimer = Scheduler.Cancellable.NONE;
    private Scheduler.Cancellable reconnectTimer = Scheduler.Cancellable.NONE;
    private Scheduler.Cancellable heartbeat = Scheduler.Cancellable.NONE;

    /** Keeps the current connection's JWT fresh; only with a token supplier, while connected. */
    private TokenRefresh tokenRefresh;

    private final PendingRequests pending;
    private final Map<Subscription.Key, Subscription> subscriptions = new LinkedHashMap<>();

    /**
     * @param callbacks where listener calls and future completions run; must run tasks one at a
     *     time in order (a {@link SerialExecutor})
     * @param stateSink told of every state change at once, on the scheduler thread
     * @param random uniform values in [0, 1) for reconnect jitter
     */
    public ClientCore(
            ClientConfig config,
            Scheduler scheduler,
            Executor callbacks,
            Link.Connector connector,
            Listeners listeners,
            Consumer<ConnectionState> stateSink,
            DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.stateSink = Objects.requireNonNull(stateSink, "stateSink");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(), config.jitter());
        this.tokens =
                config.tokenSupplier() == null
                        ? null
                        : new TokenSource(config.tokenSupplier(), callbacks, scheduler);
        this.pending = new PendingRequests(scheduler, config.requestTimeout());
    }

    // ---- commands from the application ----

    /** Opens the first connection; {@code result} completes with its welcome. */
    public void connect(CompletableFuture<Welcome> result) {
        assert scheduler.inLoop();
        if (phase == Phase.CLOSED) {
            fail(result, closedError());
            return;
        }
        if (phase != Phase.IDLE) {
            connectFuture.whenComplete(
                    (w, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(w);
                        }
                    });
            return;
        }
        connectFuture = result;
        openLink();
    }

    /** Closes the connection for good; safe to call twice. */
    public void close() {
        assert scheduler.inLoop();
        if (phase != Phase.CLOSED) {
            terminate(CloseCodes.NORMAL, "closed by the client", closedError());
        }
    }

    public void subscribe(
            String channel,
            SubscribeOptions options,
            MessageListener listener,
            CompletableFuture<Subscribed> result) {
        assert scheduler.inLoop();
        if (phase == Phase.CLOSED) {
            fail(result, closedError());
            return;
        }
        Subscription.Key key = new Subscription.Key(channel, options.pattern());
        if (subscriptions.containsKey(key)) {
            fail(
                    result,
                    new RedcastException(
                            ErrorCode.BAD_REQUEST.wire(),
                            "already subscribed to "
                                    + (key.pattern() ? "pattern " : "")
                                    + channel
                                    + "; unsubscribe first"));
            return;
        }
        Subscription sub = new Subscription(key, options, listener);
        sub.future = result;
        subscriptions.put(key, sub);
        if (phase == Phase.CONNECTED) {
            sendSubscribe(sub);
        }
        // Otherwise it goes out right after the next welcome.
    }

    public void unsubscribe(String channel, boolean pattern, CompletableFuture<Void> result) {
        assert scheduler.inLoop();
        Subscription sub = subscriptions.remove(new Subscription.Key(channel, pattern));
        if (sub == null) {
            fail(
                    result,
                    new RedcastException(
                            ErrorCode.NOT_FOUND.wire(),
                            "not subscribed to " + (pattern ? "pattern " : "") + channel));
            return;
        }
        if (sub.future != null) {
            fail(
                    sub.future,
                    new RedcastException(
                            "cancelled", "unsubscribed from " + channel + " before the reply"));
            sub.future = null;
        }
        if (phase != Phase.CONNECTED) {
            complete(result, null);
            return;
        }
        long id = pending.nextId();
        pending.track(
                id,
                "unsubscribe",
                reply -> complete(result, null),
                error -> fail(result, error),
                // The next connection will not have it anyway.
                () -> complete(result, null));
        send(Frames.unsubscribe(id, channel, pattern));
    }

    /**
     * Sends a request that needs a connection and completes {@code result} with its decoded reply.
     */
    public <T> void request(
            String type,
            LongFunction<ObjectNode> command,
            Function<JsonNode, T> decoder,
            CompletableFuture<T> result) {
        assert scheduler.inLoop();
        if (phase == Phase.CLOSED) {
            fail(result, closedError());
            return;
        }
        if (phase != Phase.CONNECTED) {
            fail(
                    result,
                    new RedcastException(
                            RedcastException.CODE_DISCONNECTED,
                            type
                                    + " needs a connection; the client is "
                                    + (phase == Phase.WAITING ? "reconnecting" : "connecting")));
            return;
        }
        if (pending.size() >= config.maxPendingRequests()) {
            fail(
                    result,
                    new RedcastException(
                            ErrorCode.TOO_MANY_REQUESTS.wire(),
                            type
                                    + " rejected: "
                                    + pending.size()
                                    + " requests already wait for a reply (limit "
                                    + config.maxPendingRequests()
                                    + ")"));
            return;
        }
        long id = pending.nextId();
        pending.track(
                id,
                type,
                reply -> {
                    T value;
                    try {
                        value = decoder.apply(reply);
                    } catch (RedcastException e) {
                        fail(result, e);
                        return;
                    }
                    complete(result, value);
                },
                error -> fail(result, error),
                null);
        send(command.apply(id));
    }

    // ---- connection lifecycle ----

    private void openLink() {
        phase = Phase.CONNECTING;
        emit(new ConnectionState.Connecting(attempt));
        Attempt a = new Attempt();
        current = a;
        connectTimer =
                scheduler.schedule(
                        () -> {
                            if (a == current && phase == Phase.CONNECTING) {
                                connectFailed(
                                        a,
                                        new RedcastException(
                                                RedcastException.CODE_CONNECT_FAILED,
                                                "no welcome from "
                                                        + config.displayUrl()
                                                        + " within "
                                                        + config.connectTimeout().toMillis()
                                                        + " ms"));
                            }
                        },
                        config.connectTimeout());
        if (tokens == null) {
            openWith(a, config.token());
            return;
        }
        // Asked on every attempt, so an expiring token is fetched fresh for each reconnect.
        tokens.fetch(
                token -> {
                    if (a == current && phase == Phase.CONNECTING) {
                        openWith(a, token);
                    }
                },
                e -> {
                    if (a == current) {
                        connectFailed(
                                a,
                                new RedcastException(
                                        RedcastException.CODE_CONNECT_FAILED,
                                        "the token supplier failed: " + describe(e),
                                        e));
                    }
                });
    }

    private void openWith(Attempt a, String token) {
        a.token = token;
        Link link = connector.open(token, a);
        if (a.link == null) {
            a.link = link;
        }
        if (a != current) {
            // It failed while opening; make sure nothing of it stays around.
            link.close(CloseCodes.GOING_AWAY, "abandoned");
        }
    }

    /** With a token supplier, a JWT that expires is refreshed before it does. */
    private void startTokenRefresh(Attempt a) {
        stopTokenRefresh();
        if (tokens != null && a.token != null) {
            tokenRefresh =
                    new TokenRefresh(
                            a.token,
                            scheduler,
                            tokens,
                            (token, onRefreshed, onRefused) ->
                                    sendRefresh(a, token, onRefreshed, onRefused),
                            logPrefix);
        }
    }

    private void stopTokenRefresh() {
        if (tokenRefresh != null) {
            tokenRefresh.stop();
            tokenRefresh = null;
        }
    }

    private void sendRefresh(
            Attempt a,
            String token,
            Consumer<String> onRefreshed,
            Consumer<RedcastException> onRefused) {
        if (a != current || phase != Phase.CONNECTED) {
            return; // the connection is gone; the next one asks the supplier anyway
        }
        long id = pending.nextId();
        pending.track(
                id,
                "refresh",
                reply -> onRefreshed.accept(Frames.text(reply, "expires_at")),
                onRefused,
                () -> {});
        send(Frames.refresh(id, token));
    }

    private void onWelcome(Attempt a, JsonNode frame) {
        if (phase != Phase.CONNECTING) {
            log.debug("{} ignoring a second welcome", logPrefix);
            return;
        }
        connectTimer.cancel();
        Welcome welcome = Frames.welcome(frame);
        logPrefix = "[redcast c=" + welcome.client() + " user=" + welcome.user() + "]";
        phase = Phase.CONNECTED;
        if (attempt > 0) {
            log.info(
                    "{} reconnected to {} after {} attempt(s)",
                    logPrefix,
                    config.displayUrl(),
                    attempt);
        } else {
            log.debug("{} connected to {}", logPrefix, config.displayUrl());
        }
        everConnected = true;
        attempt = 0;
        emit(new ConnectionState.Connected(welcome));
        if (!connectFuture.isDone()) {
            complete(connectFuture, welcome);
        }
        for (Subscription sub : new ArrayList<>(subscriptions.values())) {
            sendSubscribe(sub);
        }
        startHeartbeat(a, welcome.pingInterval());
        startTokenRefresh(a);
    }

    private void connectFailed(Attempt a, Throwable cause) {
        current = null;
        connectTimer.cancel();
        if (a.link != null) {
            a.link.close(CloseCodes.GOING_AWAY, "connect failed");
        }
        RedcastException error = connectError(cause);
        if (!everConnected) {
            terminate(CloseCodes.ABNORMAL_CLOSURE, error.getMessage(), error);
        } else if (terminalHttp(error)) {
            log.warn("{} giving up: {}", logPrefix, error.getMessage());
            terminate(CloseCodes.ABNORMAL_CLOSURE, error.getMessage(), error);
        } else {
            scheduleReconnect(CloseCodes.ABNORMAL_CLOSURE, error.getMessage());
        }
    }

    private void connectionLost(int code, String reason) {
        current = null;
        connectTimer.cancel();
        heartbeat.cancel();
        stopTokenRefresh();
        if (phase == Phase.CONNECTING && !everConnected) {
            terminate(
                    code,
                    reason,
                    new RedcastException(
                            RedcastException.CODE_CONNECT_FAILED,
                            "connection closed before the welcome: " + code + " " + reason));
            return;
        }
        if (CloseCodes.isTerminal(code) || !config.reconnect()) {
            log.info("{} connection closed: {} {}", logPrefix, code, reason);
            terminate(
                    code,
                    reason,
                    new RedcastException(
                            RedcastException.CODE_CLOSED,
                            "connection closed: " + code + " " + reason));
        } else {
            scheduleReconnect(code, reason);
        }
    }

    private void scheduleReconnect(int code, String reason) {
        failPendingOnDisconnect(code, reason);
        attempt++;
        Duration delay = backoff.delay(attempt, random);
        phase = Phase.WAITING;
        // Throttled: a server that stays down for an hour must not fill the log.
        if (attempt == 1 || attempt % 10 == 0) {
            log.warn(
                    "{} connection lost ({} {}); reconnect attempt {} in {} ms",
                    logPrefix,
                    code,
                    reason,
                    attempt,
                    delay.toMillis());
        } else {
            log.debug("{} reconnect attempt {} in {} ms", logPrefix, attempt, delay.toMillis());
        }
        emit(new ConnectionState.Reconnecting(attempt, delay, code, reason));
        reconnectTimer =
                scheduler.schedule(
                        () -> {
                            if (phase == Phase.WAITING) {
                                openLink();
                            }
                        },
                        delay);
    }

    private void terminate(int code, String reason, RedcastException error) {
        phase = Phase.CLOSED;
        connectTimer.cancel();
        reconnectTimer.cancel();
        heartbeat.cancel();
        stopTokenRefresh();
        Attempt a = current;
        current = null;
        if (a != null && a.link != null) {
            boolean normal = code == CloseCodes.NORMAL;
            a.link.close(
                    normal ? CloseCodes.NORMAL : CloseCodes.GOING_AWAY,
                    normal ? "client closed" : "");
        }
        pending.endAll(error);
        for (Subscription sub : subscriptions.values()) {
            sub.inFlight = false;
            sub.resetHeld();
            if (sub.future != null) {
                fail(sub.future, error);
                sub.future = null;
            }
        }
        if (connectFuture != null && !connectFuture.isDone()) {
            fail(connectFuture, error);
        }
        emit(new ConnectionState.Closed(code, reason));
    }

    private void failPendingOnDisconnect(int code, String reason) {
        pending.endAll(
                new RedcastException(
                        RedcastException.CODE_DISCONNECTED,
                        "connection lost before the reply (" + code + " " + reason + ")"));
    }

    private void startHeartbeat(Attempt a, Duration interval) {
        heartbeat.cancel();
        if (interval.isZero()) {
            return;
        }
        heartbeat =
                scheduler.schedule(
                        () -> {
                            if (a != current || phase != Phase.CONNECTED) {
                                return;
                            }
                            if (scheduler.nanoTime() - lastInboundNanos >= interval.toNanos()) {
                                sendHeartbeatPing(a);
                            }
                            startHeartbeat(a, interval);
                        },
                        interval);
    }

    private void sendHeartbeatPing(Attempt a) {
        long id = pending.nextId();
        pending.track(
                id,
                "ping",
                reply -> {},
                error -> {
                    if (a == current && RedcastException.CODE_TIMEOUT.equals(error.code())) {
                        log.info("{} no pong within the request timeout; reconnecting", logPrefix);
                        current = null;
                        a.link.close(CloseCodes.GOING_AWAY, "no pong");
                        connectionLost(CloseCodes.ABNORMAL_CLOSURE, "no reply to ping");
                    }
                },
                () -> {});
        send(Frames.command("ping", id));
    }

    // ---- frames from the server ----

    private void onText(Attempt a, String text) {
        lastInboundNanos = scheduler.nanoTime();
        JsonNode frame;
        try {
            frame = Frames.parse(text);
        } catch (RedcastException e) {
            log.warn("{} ignoring a frame: {}", logPrefix, e.getMessage());
            return;
        }
        String type = Frames.type(frame);
        try {
            switch (type) {
                case "welcome" -> onWelcome(a, frame);
                case "message" -> onMessage(frame);
                case "join", "leave" -> onPresence(type, frame);
                default -> onReply(type, frame);
            }
        } catch (RedcastException e) {
            log.warn("{} ignoring a {} frame: {}", logPrefix, type, e.getMessage());
        }
    }

    private void onReply(String type, JsonNode frame) {
        if (pending.answer(type, frame)) {
            return;
        }
        if ("error".equals(type)) {
            onUnsolicitedError(frame);
        } else {
            log.debug(
                    "{} ignoring a {} frame with unknown id {}", logPrefix, type, Frames.id(frame));
        }
    }

    /**
     * An error that answers no request. With code {@code unrecoverable} and a channel it says that
     * messages of a live subscription were lost (a gap the server could not repair, or a new
     * epoch): the listener hears it as a failed recovery. The position stays: the message that
     * revealed the loss may come right after, and it must not look like a duplicate.
     */
    private void onUnsolicitedError(JsonNode frame) {
        RedcastException error = Frames.error(frame);
        String channel = Frames.text(frame, "channel");
        Subscription sub =
                channel != null ? subscriptions.get(new Subscription.Key(channel, false)) : null;
        if (sub != null && ErrorCode.UNRECOVERABLE.is(error.code())) {
            log.info("{} messages lost on {}: {}", logPrefix, channel, error.getMessage());
            StreamPosition current = Frames.position(frame);
            dispatch(() -> sub.listener.onRecoveryFailed(channel, current));
            return;
        }
        log.warn("{} server error: {} [{}]", logPrefix, error.getMessage(), error.code());
    }

    private void onMessage(JsonNode frame) {
        Message m = Frames.message(frame, null);
        Subscription.Key key =
                m.pattern() != null
                        ? new Subscription.Key(m.pattern(), true)
                        : new Subscription.Key(m.channel(), false);
        Subscription sub = subscriptions.get(key);
        if (sub == null) {
            MessageListener fallback = listeners.fallback();
            if (fallback != null) {
                dispatch(() -> fallback.onMessage(m));
            } else {
                log.debug("{} dropping a message on {}: no listener", logPrefix, m.channel());
            }
            return;
        }
        if (sub.inFlight && !sub.key.pattern()) {
            // Replayed messages in the reply must reach the listener before this one.
            sub.hold(m);
        } else if (sub.accept(m)) {
            dispatch(() -> sub.listener.onMessage(m));
        } else {
            log.debug("{} dropping duplicate offset {} on {}", logPrefix, m.offset(), m.channel());
        }
    }

    private void onPresence(String type, JsonNode frame) {
        PresenceListener presence = listeners.presence();
        String channel = Frames.text(frame, "channel");
        String user = Frames.text(frame, "user");
        if (presence == null || channel == null || user == null) {
            return;
        }
        if ("join".equals(type)) {
            dispatch(() -> presence.onJoin(channel, user));
        } else {
            dispatch(() -> presence.onLeave(channel, user));
        }
    }

    // ---- subscriptions ----

    private void sendSubscribe(Subscription sub) {
        long id = pending.nextId();
        StreamPosition since = sub.key.pattern() ? null : sub.last;
        int history = sub.confirmed ? 0 : sub.options.history();
        sub.requestedSince = since;
        sub.inFlight = true;
        sub.resetHeld();
        pending.track(
                id,
                "subscribe",
                reply -> onSubscribed(sub, reply),
                error -> onSubscribeError(sub, error),
                // The subscription stays; it is sent again after the next welcome.
                () -> {
                    sub.inFlight = false;
                    sub.resetHeld();
                });
        send(Frames.subscribe(id, sub.key.channel(), sub.options, since, history));
    }

    private void onSubscribed(Subscription sub, JsonNode frame) {
        if (subscriptions.get(sub.key) != sub) {
            return; // unsubscribed while the reply was on its way
        }
        Subscribed reply = Frames.subscribed(frame, sub.key.channel(), sub.key.pattern());
        StreamPosition since = sub.requestedSince;
        sub.requestedSince = null;
        sub.confirmed = true;
        sub.inFlight = false;
        List<Message> live = new ArrayList<>(sub.held);
        boolean overflowed = sub.overflowed;
        sub.resetHeld();
        String channel = sub.key.channel();
        StreamPosition current = position(reply.offset(), reply.epoch());
        if ((since != null && Boolean.FALSE.equals(reply.recovered())) || overflowed) {
            // The gap is lost; go on from where the channel is now.
            log.info("{} could not recover {} from {}", logPrefix, channel, since);
            sub.last = current;
            dispatch(() -> sub.listener.onRecoveryFailed(channel, current));
        } else {
            List<Message> fresh = new ArrayList<>();
            for (Message m : reply.messages()) {
                if (sub.accept(m)) {
                    fresh.add(m);
                }
            }
            for (Message m : fresh) {
                dispatch(() -> sub.listener.onMessage(m));
            }
            if (since != null) {
                int missed = fresh.size();
                dispatch(() -> sub.listener.onRecovered(channel, missed));
            }
        }
        for (Message m : live) {
            if (sub.accept(m)) {
                dispatch(() -> sub.listener.onMessage(m));
            }
        }
        sub.advanceTo(current);
        if (sub.future != null) {
            complete(sub.future, reply);
            sub.future = null;
        }
    }

    private void onSubscribeError(Subscription sub, RedcastException error) {
        if (subscriptions.get(sub.key) != sub) {
            return;
        }
        String channel = sub.key.channel();
        sub.inFlight = false;
        sub.resetHeld();
        if (sub.requestedSince != null && ErrorCode.UNRECOVERABLE.is(error.code())) {
            // Same as recovered:false, said as an error: continue without the gap.
            sub.requestedSince = null;
            sub.last = null;
            dispatch(() -> sub.listener.onRecoveryFailed(channel, null));
            if (phase == Phase.CONNECTED) {
                sendSubscribe(sub);
            }
            return;
        }
        subscriptions.remove(sub.key);
        if (RedcastException.CODE_TIMEOUT.equals(error.code()) && phase == Phase.CONNECTED) {
            // The server may still subscribe us; say we do not want it.
            send(Frames.unsubscribe(pending.nextId(), channel, sub.key.pattern()));
        }
        if (sub.future != null) {
            fail(sub.future, error);
            sub.future = null;
        } else {
            log.warn("{} resubscribing {} failed: {}", logPrefix, channel, error.getMessage());
            dispatch(() -> sub.listener.onSubscriptionFailed(channel, error));
        }
    }

    private static StreamPosition position(Long offset, String epoch) {
        return offset != null && epoch != null && offset >= 0
                ? new StreamPosition(offset, epoch)
                : null;
    }

    // ---- plumbing ----

    private void send(ObjectNode command) {
        Attempt a = current;
        if (a != null && a.link != null) {
            a.link.send(Frames.encode(command));
        }
    }

    private void emit(ConnectionState state) {
        stateSink.accept(state);
        ConnectionListener l = listeners.connection();
        if (l != null) {
            dispatch(() -> l.onStateChange(state));
        }
    }

    private void dispatch(Runnable task) {
        callbacks.execute(task);
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        dispatch(() -> future.complete(value));
    }

    private void fail(CompletableFuture<?> future, RedcastException error) {
        dispatch(() -> future.completeExceptionally(error));
    }

    private RedcastException closedError() {
        return new RedcastException(RedcastException.CODE_CLOSED, "the client is closed");
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private RedcastException connectError(Throwable cause) {
        if (cause instanceof RedcastException e) {
            return e;
        }
        return new RedcastException(
                RedcastException.CODE_CONNECT_FAILED,
                "cannot connect to " + config.displayUrl() + ": " + detail(cause),
                cause);
    }

    /**
     * What went wrong, in words: for a TLS failure the innermost cause ("unable to find valid
     * certification path ..."), which the outer exception ("General OpenSslEngine problem") hides.
     */
    private static String detail(Throwable cause) {
        Throwable root = cause;
        boolean tls = cause instanceof SSLException;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            tls |= root instanceof SSLException;
        }
        return tls ? "TLS handshake failed: " + message(root) : message(cause);
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** A refused upgrade that retrying will not fix (bad token, forbidden origin, wrong path). */
    private static boolean terminalHttp(RedcastException e) {
        int s = e.httpStatus();
        return s >= 400 && s < 500 && s != 408 && s != 429;
    }

    /** Link events of one connection attempt; stale attempts are ignored. */
    private final class Attempt implements Link.Events {
        Link link;

        /** The token this attempt connects with; null for none. */
        String token;

        @Override
        public void onOpen(Link l) {
            assert scheduler.inLoop();
            if (this == current) {
                link = l;
                lastInboundNanos = scheduler.nanoTime();
            }
        }

        @Override
        public void onText(Link l, String text) {
            assert scheduler.inLoop();
            if (this == current) {
                ClientCore.this.onText(this, text);
            }
        }

        @Override
        public void onClosed(Link l, int code, String reason) {
            assert scheduler.inLoop();
            if (this == current) {
                connectionLost(code, reason == null || reason.isEmpty() ? "closed" : reason);
            }
        }

        @Override
        public void onFailed(Link l, Throwable cause) {
            assert scheduler.inLoop();
            if (link == null) {
                link = l;
            }
            if (this == current) {
                connectFailed(this, cause);
            }
        }
    }
}
