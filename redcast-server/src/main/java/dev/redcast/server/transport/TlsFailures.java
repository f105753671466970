package dev.redcast.server.transport;

import dev.redcast.server.metrics.ServerMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (one instance shared by every connection; stateless but for a log-once flag). Sits
 * right behind the {@link io.netty.handler.ssl.SslHandler}: counts failed handshakes by reason and
 * keeps TLS errors from travelling on as exceptions, so a port scanner or a client speaking plain
 * HTTP to the TLS port costs a metric and a DEBUG line, never a stack trace. The {@code SslHandler}
 * closes a connection whose handshake failed; this closes one whose records turn bad later.
 *
 * <p>Reasons: {@code not_tls} (the first bytes were not a TLS record, e.g. plain HTTP), {@code
 * timeout} (no complete handshake within the HTTP request timeout), {@code closed} (the peer left
 * during the handshake, as TCP health checks do), {@code refused} (a TLS alert: no common protocol
 * or cipher, or the client refused the certificate).
 */
@ChannelHandler.Sharable
final class TlsFailures extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsFailures.class);

    private final ServerMetrics metrics;
    private final AtomicBoolean told = new AtomicBoolean();

    TlsFailures(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            String reason = reason(ctx, done.cause());
            metrics.tlsHandshakeFailure(reason);
            if (told.compareAndSet(false, true)) {
                log.info(
                        "TLS handshake with {} failed ({}: {}); further failures are logged at"
                                + " DEBUG and counted in redcast_tls_handshake_failures_total",
                        ctx.channel().remoteAddress(),
                        reason,
                        done.cause().toString());
            } else {
                log.debug(
                        "TLS handshake with {} failed ({}: {})",
                        ctx.channel().remoteAddress(),
                        reason,
                        done.cause().toString());
            }
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tlsError(cause)) {
            log.debug("TLS error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static String reason(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        if (cause instanceof NotSslRecordException
                || cause.getCause() instanceof NotSslRecordException) {
            return "not_tls";
        }
        // The handler reports a failure caused by the peer closing once the channel is inactive.
        return ctx.channel().isActive() ? "refused" : "closed";
    }

    private static boolean tlsError(Throwable cause) {
        Throwable t =
                cause instanceof DecoderException && cause.getCause() != null
                        ? cause.getCause()
                        : cause;
        return t instanceof SSLException;
    }
}
