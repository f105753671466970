package dev.redcast.server.transport;

import dev.redcast.server.api.HttpResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Thread-safe (stateless). Writes an {@link HttpResult} as a Netty response. */
final class HttpResponses {
    private HttpResponses() {}

    /** Writes and flushes the response; the future completes when it is written. */
    static ChannelFuture write(ChannelHandlerContext ctx, HttpResult result, boolean keepAlive) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(result.status()),
                        Unpooled.wrappedBuffer(result.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, result.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, result.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        result.headers().forEach(response.headers()::set);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(response);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
