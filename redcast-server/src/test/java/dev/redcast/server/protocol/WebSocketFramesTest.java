package dev.redcast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Finished frames and the frame objects made from them. */
class WebSocketFramesTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @Test
    void unwrap_givesTheTextPayload_ofEveryHeaderLength() {
        for (int size : new int[] {0, 125, 126, 65535, 65536}) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 'a');
            ByteBuf frame = WebSocketFrames.text(ALLOC, payload);
            WebSocketFrame unwrapped = WebSocketFrames.unwrap(frame);
            try {
                assertThat(unwrapped).isInstanceOf(TextWebSocketFrame.class);
                assertThat(unwrapped.content().readableBytes()).as("size %d", size).isEqualTo(size);
            } finally {
                unwrapped.release();
                assertThat(frame.refCnt()).as("the shared frame is only borrowed").isEqualTo(1);
                frame.release();
            }
        }
    }

    @Test
    void binary_isABinaryFrame_andUnwrapsAsOne() {
        ByteBuf frame = WebSocketFrames.binary(ALLOC, "ab".getBytes(StandardCharsets.US_ASCII));
        try {
            assertThat(frame.getByte(frame.readerIndex()) & 0xff).isEqualTo(0x82);
            WebSocketFrame unwrapped = WebSocketFrames.unwrap(frame);
            assertThat(unwrapped).isInstanceOf(BinaryWebSocketFrame.class);
            assertThat(unwrapped.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
            unwrapped.release();
        } finally {
            frame.release();
        }
    }
}
