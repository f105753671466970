package dev.redcast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. UTF-8 validation and JSON string escaping. */
class JsonBytesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JDK's strict decoder: the reference for what valid UTF-8 is. */
    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Random bytes biased towards UTF-8 lead and continuation bytes, so both outcomes occur. */
    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(12)];
        for (int i = 0; i < b.length; i++) {
            int kind = r.nextInt(6);
            b[i] =
                    (byte)
                            switch (kind) {
                                case 0 -> r.nextInt(0x80);
                                case 1, 2 -> 0x80 + r.nextInt(0x40);
                                case 3 -> 0xc0 + r.nextInt(0x20);
                                case 4 -> 0xe0 + r.nextInt(0x10);
                                default -> 0xf0 + r.nextInt(0x10);
                            };
        }
        return b;
    }

    @Test
    void isValidUtf8_agreesWithJdkDecoder_onSeededRandomBytes() {
        Random r = new Random(20240115);
        int valid = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] b = randomBytes(r);
            boolean expected = jdkValid(b);
            assertThat(JsonBytes.isValidUtf8(b))
                    .as("bytes %s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("the sample covers valid input too").isGreaterThan(1000);
    }

    @Test
    void isValidUtf8_agreesWithJdkDecoder_onEveryTwoAndThreeByteSequenceLead() {
        for (int b0 = 0x80; b0 <= 0xff; b0++) {
            for (int b1 = 0; b1 <= 0xff; b1++) {
                byte[] two = {(byte) b0, (byte) b1};
                assertThat(JsonBytes.isValidUtf8(two)).isEqualTo(jdkValid(two));
                byte[] three = {(byte) b0, (byte) b1, (byte) 0x80};
                assertThat(JsonBytes.isValidUtf8(three)).isEqualTo(jdkValid(three));
                byte[] four = {(byte) b0, (byte) b1, (byte) 0x80, (byte) 0xbf};
                assertThat(JsonBytes.isValidUtf8(four)).isEqualTo(jdkValid(four));
            }
        }
    }

    @Test
    void writeEscapedUtf8_agreesWithIsValidUtf8_andRoundTripsThroughJackson() throws Exception {
        Random r = new Random(7);
        ByteBuf out = Unpooled.buffer();
        try {
            for (int n = 0; n < 5_000; n++) {
                byte[] b = randomBytes(r);
                out.clear();
                out.writeByte('"');
                boolean ok = JsonBytes.writeEscapedUtf8(out, b, 0, b.length);
                assertThat(ok).isEqualTo(JsonBytes.isValidUtf8(b));
                if (ok) {
                    out.writeByte('"');
                    byte[] json = new byte[out.readableBytes()];
                    out.getBytes(0, json);
                    assertThat(JSON.readTree(json).textValue())
                            .isEqualTo(new String(b, StandardCharsets.UTF_8));
                }
            }
        } finally {
            out.release();
        }
    }

    @Test
    void writeString_everyAsciiControlChar_isEscapedAndParsesBack() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            sb.append(c);
        }
        String s = sb.toString();
        ByteBuf out = Unpooled.buffer();
        try {
            JsonBytes.writeString(out, s);
            byte[] json = new byte[out.readableBytes()];
            out.getBytes(0, json);
            for (byte b : json) {
                assertThat(b & 0xff)
                        .as("no raw control bytes in JSON")
                        .isGreaterThanOrEqualTo(0x20);
            }
            assertThat(JSON.readTree(json).textValue()).isEqualTo(s);
        } finally {
            out.release();
        }
    }

    @Test
    void writeEscapedUtf8_subrange_writesOnlyThatRange() {
        byte[] src = "ab\"cd".getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(JsonBytes.writeEscapedUtf8(out, src, 1, 4)).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("b\\\"c");
        } finally {
            out.release();
        }
    }

    @Test
    void isValidUtf8_boundaries() {
        assertThat(JsonBytes.isValidUtf8(new byte[0])).isTrue();
        assertThat(
                        JsonBytes.isValidUtf8(
                                new byte[] {(byte) 0xf4, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf}))
                .isTrue();
        assertThat(
                        JsonBytes.isValidUtf8(
                                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .isFalse();
        assertThat(JsonBytes.isValidUtf8(new byte[] {(byte) 0xed, (byte) 0x9f, (byte) 0xbf}))
                .isTrue();
        assertThat(JsonBytes.isValidUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}))
                .isFalse();
        assertThat(JsonBytes.isValidUtf8(new byte[] {(byte) 0xe0, (byte) 0xa0, (byte) 0x80}))
                .isTrue();
        assertThat(JsonBytes.isValidUtf8(new byte[] {(byte) 0xe0, (byte) 0x9f, (byte) 0xbf}))
                .isFalse();
    }

    @Test
    void textBytes_isUtf8ForWellFormedText_andKeepsLoneSurrogatesInTheirThreeByteForm() {
        for (String text : List.of("", "plain", "ü ß € 中文", "emoji \ud83d\ude00 pair")) {
            assertThat(JsonBytes.textBytes(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            assertThat(JsonBytes.hasLoneSurrogates(JsonBytes.textBytes(text))).isFalse();
        }
        byte[] lone = JsonBytes.textBytes("a\ud800b\udfff\ud83d\ude00\udbff");
        assertThat(lone)
                .isEqualTo(
                        new byte[] {
                            'a',
                            (byte) 0xed,
                            (byte) 0xa0,
                            (byte) 0x80,
                            'b',
                            (byte) 0xed,
                            (byte) 0xbf,
                            (byte) 0xbf,
                            (byte) 0xf0,
                            (byte) 0x9f,
                            (byte) 0x98,
                            (byte) 0x80,
                            (byte) 0xed,
                            (byte) 0xaf,
                            (byte) 0xbf
                        });
        assertThat(JsonBytes.hasLoneSurrogates(lone)).isTrue();
    }

    @Test
    void writeEscapedWtf8_writesLoneSurrogatesAsTheirEscapes_andParsesBackToTheSameString()
            throws Exception {
        String text = "a\ud800b \\\"q\" \udc00\ud83d\ude00 ü \udbff";
        byte[] b = JsonBytes.textBytes(text);
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte('"');
            assertThat(JsonBytes.writeEscapedUtf8(out, b, 0, b.length)).isFalse();
            out.clear();
            out.writeByte('"');
            assertThat(JsonBytes.writeEscapedWtf8(out, b, 0, b.length)).isTrue();
            out.writeByte('"');
            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(json).startsWith("\"a\\ud800b ").contains("\\udc00😀").endsWith("\\udbff\"");
            assertThat(JSON.readTree(json).textValue()).isEqualTo(text);
        } finally {
            out.release();
        }
    }

    @Test
    void writeEscapedWtf8_stillRefusesWhatIsNeitherUtf8NorASurrogate() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(JsonBytes.writeEscapedWtf8(out, new byte[] {'a', (byte) 0xff}, 0, 2))
                    .isFalse();
            assertThat(JsonBytes.writeEscapedWtf8(out, new byte[] {(byte) 0xed, (byte) 0xa0}, 0, 2))
                    .isFalse();
        } finally {
            out.release();
        }
    }
}
