package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.auth.Principal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Confined to the test thread. A session of the hub on an {@link EmbeddedChannel}, recording what
 * the server writes: replies come out as text frames, messages as finished WebSocket frames in a
 * plain (shared) {@link ByteBuf}. Every read releases what it read; {@link #assertExhausted()}
 * checks that nothing unexpected was left.
 */
final class HubTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts flushes that reach the head of the pipeline. */
    static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    /** Opens a session when added, as the WebSocket handler does after the upgrade. */
    static final class Opener extends ChannelInboundHandlerAdapter {
        private final Hub hub;
        private final String user;
        private final String id;
        private final boolean v1;
        Session session;

        Opener(Hub hub, String user, String id) {
            this(hub, user, id, true);
        }

        Opener(Hub hub, String user, String id, boolean v1) {
            this.hub = hub;
            this.user = user;
            this.id = id;
            this.v1 = v1;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            session = hub.open(ctx, new Principal(user), id, v1);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            session.closed();
            ctx.fireChannelInactive();
        }
    }

    final EmbeddedChannel channel;
    final FlushCounter flushes = new FlushCounter();
    final Opener opener;

    HubTestClient(Hub hub, String user, String id) {
        opener = new Opener(hub, user, id);
        channel = new EmbeddedChannel(flushes, opener);
        channel.runPendingTasks();
    }

    Session session() {
        return opener.session;
    }

    /** Runs the loop's queued tasks (drains, completions). */
    HubTestClient run() {
        channel.runPendingTasks();
        return this;
    }

    /** The next outbound object, not released: the caller must release it. */
    Object nextRaw() {
        run();
        Object o = channel.readOutbound();
        assertThat(o).as("an outbound frame").isNotNull();
        return o;
    }

    /** The next frame as JSON (a reply or a message), released. */
    JsonNode next() {
        Object o = nextRaw();
        try {
            if (o instanceof TextWebSocketFrame t) {
                return parse(io.netty.buffer.ByteBufUtil.getBytes(t.content()));
            }
            assertThat(o).as("a JSON frame").isInstanceOf(ByteBuf.class);
            return parse(body((ByteBuf) o));
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    /** The next frame, which must be a reply or message of {@code type}. */
    JsonNode next(String type) {
        JsonNode n = next();
        assertThat(n.path("type").asText()).as("frame %s", n).isEqualTo(type);
        return n;
    }

    /** The next frame, which must be a close frame; returns its status code. */
    int nextClose() {
        Object o = nextRaw();
        try {
            assertThat(o).isInstanceOf(CloseWebSocketFrame.class);
            return ((CloseWebSocketFrame) o).statusCode();
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

    /** The payload of an unmasked server text frame in {@code frame}, header checked. */
    static byte[] body(ByteBuf frame) {
        int i = frame.readerIndex();
        assertThat(frame.getUnsignedByte(i)).isEqualTo((short) 0x81);
        int len = frame.getUnsignedByte(i + 1);
        int header = 2;
        long length = len;
        if (len == 126) {
            header = 4;
            length = frame.getUnsignedShort(i + 2);
        } else if (len == 127) {
            header = 10;
            length = frame.getLong(i + 2);
        }
        assertThat(frame.readableBytes()).isEqualTo(header + length);
        byte[] b = new byte[(int) length];
        frame.getBytes(i + header, b);
        return b;
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
