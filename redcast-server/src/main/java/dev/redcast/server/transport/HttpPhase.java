package dev.redcast.server.transport;

import dev.redcast.server.config.ConnectionsConfig;
import dev.redcast.server.metrics.ServerMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. The HTTP phase of one connection, from accept until it
 * upgrades to WebSocket or closes: it holds the connection's slot among those that have not
 * upgraded ({@link ConnectionLimits#acquireHttp}) and closes a connection that is too slow to send
 * a request, or that sits idle between kept-alive requests:
 *
 * <ul>
 *   <li>from accept, and on a kept-alive connection from the first byte of each later request, the
 *       whole request must arrive within the request timeout (a client that trickles its headers
 *       byte by byte is closed when it runs out);
 *   <li>once every request is answered, the next one must begin within the idle timeout;
 *   <li>while the server works on a request no deadline runs: that time is the server's.
 * </ul>
 *
 * <p>To see both the first byte and the whole request it watches two points of the pipeline: a
 * {@linkplain #bytes() tap in front of the HTTP codec} and a {@linkplain #messages() tap behind the
 * aggregator}, which also sees each answer as it is written. Not a {@code ReadTimeoutHandler}: that
 * would go on timing a WebSocket connection, while this phase ends for good when the upgrade
 * removes both taps ({@link #end}). Removal, or the channel closing, cancels the deadline and gives
 * the slot back, once.
 */
final class HttpPhase {
    private static final Logger log = LoggerFactory.getLogger(HttpPhase.class);

    /** Name of the tap in front of the HTTP codec. */
    static final String BYTES = "http-first-byte";

    /** Name of the tap behind the aggregator. */
    static final String MESSAGES = "http-deadlines";

    /** What the connection is being timed for; {@link #NONE} while the server is answering. */
    private enum Wait {
        REQUEST("request"),
        IDLE("idle"),
        NONE("");

        final String tag;

        Wait(String tag) {
            this.tag = tag;
        }
    }

    private final ConnectionsConfig config;
    private final ConnectionLimits limits;
    private final ServerMetrics metrics;
    private final ChannelHandler bytes = new BytesTap();
    private final ChannelHandler messages = new MessagesTap();

    /** The bytes tap's context, to schedule and to close; set when it is added. */
    private ChannelHandlerContext ctx;

    private ScheduledFuture<?> deadline;
    private Wait waiting = Wait.NONE;
    private int unanswered;
    private boolean ended;

    /**
     * @param limits where the connection's slot (already taken) is given back
     */
    HttpPhase(ConnectionsConfig config, ConnectionLimits limits, ServerMetrics metrics) {
        this.config = config;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** The tap to put in front of the HTTP codec, named {@link #BYTES}. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** The tap to put behind the HTTP aggregator, named {@link #MESSAGES}. */
    ChannelHandler messages() {
        return messages;
    }

    /** Ends the HTTP phase of an upgraded connection: no deadline, no slot from now on. */
    static void end(ChannelPipeline p) {
        // A pipeline built without the phase (a test of the upgrade alone) has nothing to end.
        if (p.get(BYTES) != null) {
            p.remove(BYTES);
            p.remove(MESSAGES);
        }
    }

    private void start(ChannelHandlerContext bytesCtx) {
        ctx = bytesCtx;
        // Accepted connections are active when their pipeline is built: the first request's
        // deadline runs from accept.
        timeFor(Wait.REQUEST);
    }

    private void bytesRead() {
        if (waiting == Wait.IDLE) {
            timeFor(Wait.REQUEST);
        }
    }

    private void requestReceived() {
        unanswered++;
        timeFor(Wait.NONE);
    }

    private void answerWritten() {
        if (unanswered > 0) {
            unanswered--;
        }
        if (unanswered == 0) {
            timeFor(Wait.IDLE);
        }
    }

    private void timeFor(Wait what) {
        if (ended) {
            return;
        }
        assert ctx.executor().inEventLoop();
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        waiting = what;
        if (what != Wait.NONE) {
            int seconds =
                    what == Wait.REQUEST
                            ? config.requestTimeoutSeconds()
                            : config.idleTimeoutSeconds();
            deadline = ctx.executor().schedule(() -> expired(what), seconds, TimeUnit.SECONDS);
        }
    }

    private void expired(Wait what) {
        if (ended || waiting != what) {
            return;
        }
        metrics.httpTimeout(what.tag);
        log.debug(
                "closing HTTP connection from {}: {}",
                ctx.channel().remoteAddress(),
                what == Wait.REQUEST
                        ? "no whole request within " + config.requestTimeoutSeconds() + " s"
                        : "no request within the idle timeout of "
                                + config.idleTimeoutSeconds()
                                + " s");
        ctx.close();
    }

    /** Either tap left the pipeline: the connection upgraded or closed. Runs twice; acts once. */
    private void ended() {
        if (ended) {
            return;
        }
        ended = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        limits.releaseHttp();
    }

    /** Confined to its channel's event loop. Sees the raw bytes of every read. */
    private final class BytesTap extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            start(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytesRead();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            ended();
        }
    }

    /** Confined to its channel's event loop. Sees whole requests in and answers out. */
    private final class MessagesTap extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest) {
                requestReceived();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                promise = promise.unvoid();
                promise.addListener(
                        f -> {
                            if (f.isSuccess()) {
                                answerWritten();
                            }
                        });
            }
            ctx.write(msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            ended();
        }
    }
}
