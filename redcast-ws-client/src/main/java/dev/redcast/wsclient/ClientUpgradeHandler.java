package dev.redcast.wsclient;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Confined to its channel's event loop. The client half of the WebSocket opening handshake: sends
 * the upgrade request when the channel becomes active, checks the server's answer, and then steps
 * aside for a {@link WebSocketFrameAggregator}, so the handler behind it sees only whole frames.
 *
 * <p>The handler behind it hears how the handshake went before it sees any frame: a user event
 * {@link Upgraded}, or {@code exceptionCaught} with an {@link UpgradeFailedException} that keeps
 * the status and body of the server's answer (the redcast protocol puts its error code in that
 * body, which Netty's own {@code WebSocketClientProtocolHandler} throws away), or with whatever
 * else broke the handshake (a failed write, an answer larger than {@link #MAX_UPGRADE_RESPONSE}).
 * It leaves the channel open on failure: closing it is the next handler's decision.
 *
 * <p>Why a module of its own ({@code redcast-ws-client}): the client library ({@code
 * redcast-client}) and the recording test client ({@code redcast-testkit}) both need exactly this,
 * and neither can hold it for the other. The testkit cannot depend on the client library, because
 * the client's integration tests use the testkit and Maven refuses a cycle between modules even
 * through test scope; and the client library must not depend on test support. {@code
 * redcast-protocol}, which both already use, stays free of Netty so that it can hold the wire's
 * vocabulary for any client. The bench does not use this class: its connections run Netty's {@code
 * WebSocketClientProtocolHandler} with a decoder of their own on the measured path.
 */
public final class ClientUpgradeHandler extends ChannelInboundHandlerAdapter {

    /** Largest upgrade answer accepted: headers and at most a short error body. 64 KiB. */
    public static final int MAX_UPGRADE_RESPONSE = 64 * 1024;

    /**
     * The user event that says the upgrade succeeded; frames follow.
     *
     * @param subprotocol the subprotocol the server agreed to, null when none
     */
    public record Upgraded(String subprotocol) {}

    private final WebSocketClientHandshaker handshaker;
    private final int maxFramePayload;

    private ClientUpgradeHandler(WebSocketClientHandshaker handshaker, int maxFramePayload) {
        this.handshaker = handshaker;
        this.maxFramePayload = maxFramePayload;
    }

    /**
     * Appends the HTTP codec, a bounded aggregator for the upgrade answer and the upgrade handler
     * to {@code pipeline} (after TLS, if the caller added it); the caller appends its frame handler
     * next.
     *
     * @param uri the {@code ws://} or {@code wss://} URI, path and query included
     * @param subprotocol the subprotocol to ask for; null asks for none
     * @param headers extra headers of the upgrade request, e.g. {@code Authorization}
     * @param maxFramePayload largest frame, and largest reassembled message, taken from the server
     */
    public static void addTo(
            ChannelPipeline pipeline,
            URI uri,
            String subprotocol,
            HttpHeaders headers,
            int maxFramePayload) {
        WebSocketClientHandshaker handshaker =
                WebSocketClientHandshakerFactory.newHandshaker(
                        uri, WebSocketVersion.V13, subprotocol, false, headers, maxFramePayload);
        pipeline.addLast("http-codec", new HttpClientCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE))
                .addLast("ws-upgrade", new ClientUpgradeHandler(handshaker, maxFramePayload));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker
                .handshake(ctx.channel())
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                ctx.fireExceptionCaught(f.cause());
                            }
                        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                finish(ctx, response);
            } else {
                ctx.fireExceptionCaught(
                        new IllegalStateException(
                                "expected the HTTP upgrade response, got " + msg));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse response) {
        try {
            // Checks the status before it touches the pipeline, so a refusal leaves it as it was.
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            ctx.fireExceptionCaught(
                    new UpgradeFailedException(
                            response.status().code(),
                            response.status().reasonPhrase(),
                            response.content().toString(StandardCharsets.UTF_8),
                            e));
            return;
        }
        // Frames the server sent right behind its 101 pass through here as soon as this read
        // returns, so the aggregator must be in place, and the next handler told, before that.
        WebSocketFrameAggregator aggregator = new WebSocketFrameAggregator(maxFramePayload);
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.replace(this, "ws-aggregator", aggregator);
        pipeline.context(aggregator)
                .fireUserEventTriggered(new Upgraded(handshaker.actualSubprotocol()));
    }
}
