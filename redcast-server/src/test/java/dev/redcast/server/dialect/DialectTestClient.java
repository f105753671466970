package dev.redcast.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.auth.Principal;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.hub.Session;
import dev.redcast.server.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Confined to the test thread. One client of a dialect on an {@link EmbeddedChannel}: frames go to
 * the dialect as the WebSocket handler hands them over (refusals to the session), and what the
 * server writes comes back as text: a text frame's content, a shared finished frame's payload, or
 * {@code binary:HEX}. Every read releases what it read.
 */
final class DialectTestClient {
    final EmbeddedChannel channel;
    private Session session;
    private Dialect.Connection connection;

    DialectTestClient(Hub hub, Dialect dialect, Principal principal, String id) {
        channel =
                new EmbeddedChannel(
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void handlerAdded(ChannelHandlerContext ctx) {
                                session = hub.open(ctx, principal, id, dialect.wire(), false);
                                connection = dialect.connect(session);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                session.closed();
                                ctx.fireChannelInactive();
                            }
                        });
        run();
    }

    Session session() {
        return session;
    }

    DialectTestClient run() {
        channel.runPendingTasks();
        return this;
    }

    /** A text frame from the client. */
    void send(String text) {
        try {
            connection.text(text.getBytes(StandardCharsets.UTF_8));
            session.goodCommand();
        } catch (ProtocolException e) {
            session.refuse(e);
        }
        run();
    }

    /** A binary frame from the client. */
    void sendBinary(byte[] bytes) {
        try {
            connection.binary(bytes);
            session.goodCommand();
        } catch (ProtocolException e) {
            session.refuse(e);
        }
        run();
    }

    /** The next frame the server wrote, as text. */
    String next() {
        run();
        Object o = channel.readOutbound();
        assertThat(o).as("an outbound frame").isNotNull();
        try {
            if (o instanceof TextWebSocketFrame t) {
                return t.text();
            }
            if (o instanceof BinaryWebSocketFrame b) {
                return "binary:" + HexFormat.of().formatHex(ByteBufUtil.getBytes(b.content()));
            }
            assertThat(o).as("a finished frame").isInstanceOf(ByteBuf.class);
            ByteBuf frame = (ByteBuf) o;
            int start = frame.readerIndex();
            int length = frame.getByte(start + 1) & 0x7f;
            int header = length < 126 ? 2 : length == 126 ? 4 : 10;
            byte[] payload = new byte[frame.readableBytes() - header];
            frame.getBytes(start + header, payload);
            boolean binary = (frame.getByte(start) & 0x0f) == 0x2;
            return binary
                    ? "binary:" + HexFormat.of().formatHex(payload)
                    : new String(payload, StandardCharsets.UTF_8);
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    void assertExhausted() {
        run();
        Object o = channel.readOutbound();
        try {
            assertThat(o).as("no unexpected frame left").isNull();
        } finally {
            ReferenceCountUtil.release(o);
        }
    }
}
