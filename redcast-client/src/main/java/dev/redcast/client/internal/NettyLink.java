package dev.redcast.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * Confined to its channel's event loop (which is the client's scheduler thread). A {@link Link}
 * over a Netty channel; it also makes sure the core hears exactly one end event.
 */
final class NettyLink implements Link {
    private final Link.Events events;
    private Channel channel;
    private boolean open;
    private boolean closing;
    private boolean ended;

    NettyLink(Link.Events events) {
        this.events = events;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void send(String text) {
        assert channel == null || channel.eventLoop().inEventLoop();
        if (open && !closing && channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        if (channel == null) {
            return;
        }
        if (open && channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    void opened() {
        if (!ended) {
            open = true;
            events.onOpen(this);
        }
    }

    void text(String text) {
        if (open && !ended) {
            events.onText(this, text);
        }
    }

    void failed(Throwable cause) {
        if (!ended) {
            ended = true;
            if (channel != null) {
                channel.close();
            }
            events.onFailed(this, cause);
        }
    }

    void closed(int code, String reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (open) {
            events.onClosed(this, code, reason);
        } else {
            events.onFailed(
                    this,
                    new java.net.ConnectException(
                            "connection closed during the WebSocket upgrade: " + reason));
        }
    }
}
