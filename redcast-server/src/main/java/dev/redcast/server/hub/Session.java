package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final String id;
    private final Principal principal;
    private final boolean fullProtocol;
    private final ChannelHandlerContext ctx;
    private final LoopShard shard;
    private final Hub hub;
    private final ServerMetrics metrics;
    private final int maxBadCommands;
    private final String logPrefix;
    private final Map<TopicKey, Subscription> subscriptions = new LinkedHashMap<>();
    private final TokenBucket commandBudget;
    private boolean dirty;
    private boolean closing;
    private boolean awaitingPong;
    private boolean offline;
    private int badCommandsInARow;

    Session(
            String id,
            Principal principal,
            boolean fullProtocol,
            ChannelHandlerContext ctx,
            LoopShard shard,
            Hub hub,
            ServerMetrics metrics,
            int commandRate,
            int maxBadCommands) {
        this.id = id;
        this.principal = principal;
        this.fullProtocol = fullProtocol;
        this.ctx = ctx;
        this.shard = shard;
        this.hub = hub;
        this.metrics = metrics;
        this.maxBadCommands = maxBadCommands;
        this.logPrefix = "[c=" + id + " user=" + principal.user() + "]";
        this.commandBudget = new TokenBucket(commandRate, System.nanoTime());
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

    /** Whether the client asked for {@code redcast.v1} (and so gets welcome, join and leave). */
    public boolean fullProtocol() {
        return fullProtocol;
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

    /** Writes a shared message frame (borrowed) without flushing; the drain flushes once. */
    void writeShared(ByteBuf frame) {
        if (closing) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            // The budget counts unflushed frames too: flush this drain's own before judging the
            // peer.
            flushIfDirty();
        }
        if (!ctx.channel().isWritable()) {
            closeSlow(
                    "slow consumer: outbound budget of "
                            + ctx.channel().config().getWriteBufferHighWaterMark()
                            + " bytes exceeded");
            return;
        }
        ctx.write(frame.retainedDuplicate(), ctx.voidPromise());
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

    /** Writes and flushes a reply frame. */
    public void send(ObjectNode reply) {
        if (closing) {
            return;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(Replies.bytes(reply))));
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

    /** Any frame from the peer proves it alive. */
    public void touched() {
        awaitingPong = false;
    }

    void keepAliveTick() {
        if (closing) {
            return;
        }
        if (awaitingPong) {
            log.debug("{} no pong within a ping interval; closing", logPrefix);
            close(CloseCodes.PING_TIMEOUT, "no pong received within the ping interval");
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
        log.debug("{} closing with {}: {}", logPrefix, code, reason);
        hub.release(this);
        ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)))
                .addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The channel is gone: forget everything. */
    public void closed() {
        closing = true;
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
