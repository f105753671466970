package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InPlaceFrameDecoderTest {

    private final List<String> taken = new ArrayList<>();
    private boolean accept = true;
    private final EmbeddedChannel channel =
            new EmbeddedChannel(
                    new InPlaceFrameDecoder(
                            100_000,
                            (buf, index, length) -> {
                                if (accept) {
                                    taken.add(buf.toString(index, length, StandardCharsets.UTF_8));
                                }
                                return accept;
                            }));

    @AfterEach
    void tearDown() {
        assertThat(channel.finishAndReleaseAll()).as("frames left unread").isFalse();
    }

    @Test
    void wholeTextFrames_goToTheSinkWithoutBecomingFrames() {
        channel.writeInbound(Unpooled.wrappedBuffer(frame(0x81, "one"), frame(0x81, "two")));

        assertThat(taken).containsExactly("one", "two");
        assertThat(channel.<Object>readInbound()).isNull();
    }

    @Test
    void framesSplitAcrossReads_waitForTheirLastByte() {
        byte[] bytes = frame(0x81, "x".repeat(300));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 1));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 1, 3));
        assertThat(taken).isEmpty();

        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 4, bytes.length - 4));

        assertThat(taken).containsExactly("x".repeat(300));
    }

    @Test
    void sixtyFourBitLengths_areRead() {
        channel.writeInbound(Unpooled.wrappedBuffer(frame(0x81, "y".repeat(70_000))));

        assertThat(taken).singleElement().asString().hasSize(70_000);
    }

    @Test
    void declinedText_isPassedOnAsAFrame() {
        accept = false;

        channel.writeInbound(Unpooled.wrappedBuffer(frame(0x81, "{\"type\":\"pong\"}")));

        TextWebSocketFrame f = channel.readInbound();
        assertThat(f.text()).isEqualTo("{\"type\":\"pong\"}");
        f.release();
    }

    @Test
    void controlAndFragmentedFrames_arePassedOn() {
        byte[] close = {(byte) 0x88, 2, 0x0F, (byte) 0xA8}; // 4008
        channel.writeInbound(
                Unpooled.wrappedBuffer(
                        frame(0x89, "p"), frame(0x01, "fir"), frame(0x80, "st"), close));

        PingWebSocketFrame ping = channel.readInbound();
        TextWebSocketFrame first = channel.readInbound();
        ContinuationWebSocketFrame rest = channel.readInbound();
        CloseWebSocketFrame closeFrame = channel.readInbound();
        assertThat(ping.content().toString(StandardCharsets.UTF_8)).isEqualTo("p");
        assertThat(first.isFinalFragment()).isFalse();
        assertThat(first.text()).isEqualTo("fir");
        assertThat(rest.isFinalFragment()).isTrue();
        assertThat(rest.text()).isEqualTo("st");
        assertThat(closeFrame.statusCode()).isEqualTo(4008);
        assertThat(taken).isEmpty();
        ping.release();
        first.release();
        rest.release();
        closeFrame.release();
    }

    @Test
    void maskedFrames_areAProtocolViolation() {
        byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'};

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(masked)))
                .isInstanceOf(CorruptedWebSocketFrameException.class)
                .hasMessageContaining("the server masked a frame");
    }

    @Test
    void oversizedFrames_areRefusedBeforeTheyArrive() {
        byte[] header = {(byte) 0x81, 127, 0, 0, 0, 0, 0, 0x10, 0, 0};

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(header)))
                .isInstanceOf(CorruptedWebSocketFrameException.class)
                .hasMessageContaining("frame of 1048576 bytes > limit 100000");
    }

    /** An unmasked server frame with the given first byte (FIN and opcode). */
    private static byte[] frame(int b0, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(b0);
        if (payload.length < 126) {
            buf.writeByte(payload.length);
        } else if (payload.length < 65536) {
            buf.writeByte(126).writeShort(payload.length);
        } else {
            buf.writeByte(127).writeLong(payload.length);
        }
        buf.writeBytes(payload);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
