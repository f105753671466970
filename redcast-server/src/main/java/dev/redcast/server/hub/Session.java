package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.Replies;
import dev.redcast.server.protocol.WebSocketFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. One WebSocket connection: who it is, what it is subscribed
 * to, and every write towards it, so the outbound budget is enforced in one place.
 *
 * <p>It is also the one close path: every decision to end the connection (a refusal that closes,
 * too many bad commands, too slow a reader, a silent peer, the peer's own close, shutdown) ends in
 * {@link #close}, and client refusals become error frames only in {@link #refuse}.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    /** How long a closing session waits for its close frame to drain before dropping the TCP. */
    static final long CLOSE_GRACE_SECONDS = 10;

    /**
     * Pings and pongs a peer may send per second (and in a burst) before it is closed with {@link
     * CloseCodes#CONTROL_FLOOD}. Keep-alive needs one per ping interval; browsers send none.
     */
    public static final int CONTROL_FRAME_RATE = 20;

    private final String id;
    private Principal principal;
    private final Wire wire;
    private final boolean compressed;
    private final ChannelHandlerContext ctx;
    private final LoopShard shard;
    private final Hub hub;
    private final ServerMetrics metrics;
    private final int maxBadCommands;
    private String logPrefix;
    private final Map<TopicKey, Subscription> subscriptions = new LinkedHashMap<>();
    private final TokenBucket commandBudget;
    private final TokenBucket controlBudget;
    private boolean dirty;
    private boolean closing;
    private boolean awaitingPong;
    private boolean pongInFlight;
    private long heldBytes;
    private ScheduledFuture<?> expiryTimer;
    private boolean offline;
    private int badCommandsInARow;

    Session(
            String id,
            Principal principal,
            Wire wire,
            boolean compressed,
            ChannelHandlerContext ctx,
            LoopShard shard,
            Hub hub,
            ServerMetrics metrics,
            int commandRate,
            int maxBadCommands) {
        this.id = id;
        this.principal = principal;
        this.wire = wire;
        this.compressed = compressed;
        this.ctx = ctx;
        this.shard = shard;
        this.hub = hub;
        this.metrics = metrics;
        this.maxBadCommands = maxBadCommands;
        this.logPrefix = "[c=" + id + " user=" + principal.user() + "]";
        this.commandBudget = new TokenBucket(commandRate, System.nanoTime());
        this.controlBudget = new TokenBucket(CONTROL_FRAME_RATE, System.nanoTime());
    }

    public String id() {
        return id;
    }

    public String user() {
        return principal.user();
    }

    public Principal principal() {
        return principal;
    }

    /** What kind of client this is: the frames it gets. */
    public Wire wire() {
        return wire;
    }

    /** The client said who it is after the session opened; see {@link Hub#identify}. */
    void identified(Principal next) {
        principal = next;
        logPrefix = "[c=" + id + " user=" + next.user() + "]";
    }

    /**
     * Arms the close that ends a connection whose credentials expire unrefreshed; called once the
     * session is open.
     */
    void armExpiry() {
        scheduleExpiry(principal.expiresAt());
    }

    /** The client presented new credentials, valid until {@code expiresAt} (null: for good). */
    public void refreshed(Instant expiresAt) {
        scheduleExpiry(expiresAt);
    }

    private void scheduleExpiry(Instant expiresAt) {
        cancelExpiry();
        if (expiresAt == null || closing) {
            return;
        }
        long delayMillis = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
        expiryTimer =
                ctx.executor()
                        .schedule(
                                () ->
                                        close(
                                                CloseCodes.TOKEN_INVALID,
                                                "token expired; refresh it before it does"),
                                delayMillis,
                                TimeUnit.MILLISECONDS);
    }

    /** Drops the expiry close, so a closed session is not kept alive by its timer until then. */
    private void cancelExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    public String logPrefix() {
        return logPrefix;
    }

    public boolean closing() {
        return closing;
    }

    LoopShard shard() {
        return shard;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    Map<TopicKey, Subscription> subscriptions() {
        return subscriptions;
    }

    /** Whether the connection is subscribed to {@code channel} (not a pattern). */
    public boolean subscribedTo(String channel) {
        return subscriptions.containsKey(TopicKey.channel(channel));
    }

    List<Subscription> takeSubscriptions() {
        List<Subscription> all = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        return all;
    }

    /** True exactly once: the first time the session's presence is withdrawn. */
    boolean markOffline() {
        if (offline) {
            return false;
        }
        offline = true;
        return true;
    }

    /**
     * The one outbound gate: every frame towards the client (messages, replies, history pages, join
     * and leave, pings and pongs) passes here first. A frame is admitted while the bytes queued
     * towards the peer are under the outbound budget (the channel's high-water mark, which counts
     * every frame written); a peer that lets them reach it is closed with 4008. So a session never
     * holds more than the budget plus one frame.
     *
     * @return whether the caller may write its frame
     */
    private boolean admit() {
        if (closing) {
            return false;
        }
        if (!ctx.channel().isWritable()) {
            // The budget counts unflushed frames too: flush this drain's own before judging the
            // peer.
            flushIfDirty();
        }
        if (!ctx.channel().isWritable()) {
            closeSlow("slow consumer: outbound budget of " + outboundBudget() + " bytes exceeded");
            return false;
        }
        return true;
    }

    /** Bytes that may be queued towards the client before it counts as too slow. */
    int outboundBudget() {
        return ctx.channel().config().getWriteBufferHighWaterMark();
    }

    /**
     * Counts {@code bytes} of a frame a subscription holds while it catches up. Held frames count
     * against the outbound budget as if they had been written, summed over all subscriptions; a
     * session that would exceed it is closed as too slow.
     *
     * @return whether the frame may be held
     */
    boolean reserveHeld(int bytes) {
        if (closing) {
            return false;
        }
        if (heldBytes + bytes > outboundBudget()) {
            closeSlow(
                    "more than the outbound budget of "
                            + outboundBudget()
                            + " bytes arrived while subscriptions caught up");
            return false;
        }
        heldBytes += bytes;
        return true;
    }

    /** A held frame was written or dropped. */
    void releaseHeld(int bytes) {
        heldBytes -= bytes;
    }

    /**
     * Writes a shared message frame (borrowed) without flushing; the drain flushes once. A
     * connection that negotiated permessage-deflate gets the frame's payload as a frame of its own
     * for the compressor; every other one gets a pooled duplicate of the finished frame, which
     * allocates nothing.
     */
    void writeShared(ByteBuf frame) {
        if (!admit()) {
            return;
        }
        ctx.write(
                compressed ? WebSocketFrames.unwrap(frame) : frame.retainedDuplicate(),
                ctx.voidPromise());
        if (!dirty) {
            dirty = true;
            shard.markDirty(this);
        }
    }

    void flushIfDirty() {
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    /**
     * Writes and flushes the frame that answers the client's command, in the form its kind of
     * client takes ({@link Wire#reply}), if it takes one.
     */
    public void send(ObjectNode reply) {
        sendText(wire.reply(this, reply));
    }

    /** Writes and flushes a frame the client did not ask for, if its kind takes it. */
    void notice(ObjectNode notice) {
        sendText(wire.notice(notice));
    }

    /**
     * Writes and flushes a text frame holding {@code json}, already in the client's own form (a
     * dialect's own frames); null sends nothing.
     */
    public void sendText(byte[] json) {
        if (json == null || !admit()) {
            return;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    }

    /** Consumes one unit of the command budget; false when the client sends too fast. */
    boolean admitCommand() {
        return commandBudget.tryTake(System.nanoTime());
    }

    /**
     * Answers a refused command with its error frame and ends the connection when the refusal says
     * so, or when the client has now sent {@code maxBadCommands} bad commands in a row.
     */
    public void refuse(ProtocolException e) {
        if (e.code() != null) {
            metrics.badCommand();
            send(Replies.error(e.id(), e.code(), e.getMessage()));
        }
        if (e.closeCode() != ProtocolException.NO_CLOSE) {
            close(e.closeCode(), e.getMessage());
        } else if (e.clientFault() && ++badCommandsInARow >= maxBadCommands) {
            close(CloseCodes.TOO_MANY_BAD_COMMANDS, maxBadCommands + " bad commands in a row");
        }
    }

    /** Ends a connection whose client does not keep up with what it is sent. */
    void closeSlow(String why) {
        if (closing) {
            return;
        }
        metrics.slowConsumer();
        close(CloseCodes.SLOW_CONSUMER, why);
    }

    public void goodCommand() {
        badCommandsInARow = 0;
    }

    /**
     * The peer pinged. Answered with one pong at most in flight (RFC 6455 allows answering only the
     * latest ping), so a peer that pings and never reads cannot queue pongs.
     */
    public void pinged(ByteBuf data) {
        if (!admitControlFrame() || pongInFlight || !admit()) {
            return;
        }
        pongInFlight = true;
        ctx.writeAndFlush(new PongWebSocketFrame(data.retain()))
                .addListener(f -> pongInFlight = false);
    }

    /**
     * The peer answered a ping. Only a pong proves it alive: a peer that sends but does not read
     * never sees the ping and is closed, however busy it keeps its side.
     */
    public void ponged() {
        if (admitControlFrame()) {
            awaitingPong = false;
        }
    }

    /** Counts an inbound control frame; closes a peer that floods them. */
    private boolean admitControlFrame() {
        if (closing) {
            return false;
        }
        if (!controlBudget.tryTake(System.nanoTime())) {
            close(
                    CloseCodes.CONTROL_FLOOD,
                    "more than " + CONTROL_FRAME_RATE + " pings and pongs a second");
            return false;
        }
        return true;
    }

    /**
     * A ping round: closes a peer that did not answer the last ping, and (through the gate) one
     * whose queued frames have not drained below the budget.
     */
    void keepAliveTick() {
        if (closing) {
            return;
        }
        if (awaitingPong) {
            log.debug("{} no pong within a ping interval; closing", logPrefix);
            close(CloseCodes.PING_TIMEOUT, "no pong received within the ping interval");
            return;
        }
        if (!admit()) {
            return;
        }
        awaitingPong = true;
        ctx.writeAndFlush(new PingWebSocketFrame());
    }

    /**
     * Closes with {@code code}: stops deliveries at once, sends the close frame behind what is
     * already queued, and drops the connection after a grace period if the peer does not drain it.
     * Safe to call twice.
     */
    public void close(int code, String reason) {
        assert ctx.executor().inEventLoop();
        if (closing) {
            return;
        }
        closing = true;
        cancelExpiry();
        log.debug("{} closing with {}: {}", logPrefix, code, reason);
        metrics.closedWith(code);
        hub.release(this);
        ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)))
                .addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The channel is gone: forget everything. */
    public void closed() {
        closing = true;
        cancelExpiry();
        hub.release(this);
        shard.unregister(this);
        metrics.connectionClosed();
    }

    /** A close reason must fit a control frame (123 bytes of UTF-8). */
    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        return b.length <= 123 ? reason : new String(b, 0, 116, StandardCharsets.UTF_8) + "...";
    }
}
