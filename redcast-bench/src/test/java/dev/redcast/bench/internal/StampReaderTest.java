package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampReaderTest {

    private final StampReader reader = new StampReader();

    @Test
    void build_padsToPayloadSizeWithJsonSafeCharacters() {
        String payload = PayloadStamp.build(3, 42, 123_456_789L, 100);

        assertThat(payload).hasSize(100).startsWith("3:42:123456789:").matches("[0-9:x]+");
    }

    @Test
    void build_keepsWholeStampWhenLongerThanSize() {
        assertThat(PayloadStamp.build(1, 2, 3, 4)).isEqualTo("1:2:3:");
    }

    @Test
    void build_rejectsNegativeFields() {
        assertThatThrownBy(() -> PayloadStamp.build(0, -1, 0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq=-1");
    }

    @Test
    void read_findsStampInServerMessageFrame() {
        String payload = PayloadStamp.build(7, 9_000_000_001L, 987_654_321_012L, 100);
        ByteBuf frame =
                buf(
                        "{\"type\":\"message\",\"channel\":\"bench\",\"payload\":\""
                                + payload
                                + "\",\"timestamp\":\"2024-01-15T10:30:00.123Z\",\"from\":\"u\"}");
        int readerIndex = frame.readerIndex();

        assertThat(reader.read(frame)).isEqualTo(1);

        assertThat(reader.phase()).isEqualTo(7);
        assertThat(reader.seq()).isEqualTo(9_000_000_001L);
        assertThat(reader.intendedNanos()).isEqualTo(987_654_321_012L);
        assertThat(frame.readerIndex()).isEqualTo(readerIndex);
        frame.release();
    }

    @Test
    void read_respectsReaderIndex() {
        ByteBuf frame = buf("xx{\"payload\":\"1:2:3:xxxx\"}");
        frame.readerIndex(2);

        assertThat(reader.read(frame)).isEqualTo(1);
        assertThat(reader.seq()).isEqualTo(2);
        frame.release();
    }

    @Test
    void read_returnsZeroForControlFrames() {
        ByteBuf frame = buf("{\"type\":\"subscribed\",\"id\":1,\"channel\":\"bench\"}");

        assertThat(reader.read(frame)).isZero();
        frame.release();
    }

    @Test
    void read_doesNotMistakeBase64PayloadForStamp() {
        ByteBuf frame = buf("{\"type\":\"message\",\"payload_b64\":\"MTozOjQ6\"}");

        assertThat(reader.read(frame)).isZero();
        frame.release();
    }

    @Test
    void read_returnsMinusOneForForeignPayloads() {
        for (String payload :
                new String[] {
                    "hello", "1:2", "1:2:", ":1:2:3:", "1:2:3", "1::3:", "1:2:99999999999999999999:"
                }) {
            ByteBuf frame = buf("{\"type\":\"message\",\"payload\":\"" + payload + "\"}");
            assertThat(reader.read(frame)).as(payload).isEqualTo(-1);
            frame.release();
        }
    }

    @Test
    void read_keepsPreviousStampWhenNextIsForeign() {
        ByteBuf good = buf("{\"payload\":\"1:2:3:\"}");
        ByteBuf bad = buf("{\"payload\":\"4:5:x\"}");

        reader.read(good);
        reader.read(bad);

        assertThat(reader.phase()).isEqualTo(1);
        assertThat(reader.seq()).isEqualTo(2);
        good.release();
        bad.release();
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
