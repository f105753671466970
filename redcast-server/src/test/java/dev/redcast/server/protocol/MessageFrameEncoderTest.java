package dev.redcast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. The hot-path message frame: header bytes and JSON body. */
class MessageFrameEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TS = 1_705_314_600_123L; // 2024-01-15T10:30:00.123Z

    /** The frame's header, checked, and its body. */
    private record Frame(int headerLength, long declaredLength, byte[] body) {}

    private static Frame parse(ByteBuf frame) {
        int i = frame.readerIndex();
        assertThat(frame.getUnsignedByte(i)).as("FIN + text opcode").isEqualTo((short) 0x81);
        int b1 = frame.getUnsignedByte(i + 1);
        assertThat(b1 & 0x80).as("server frames are never masked").isZero();
        int len7 = b1 & 0x7f;
        int header;
        long length;
        if (len7 < 126) {
            header = 2;
            length = len7;
        } else if (len7 == 126) {
            header = 4;
            length = frame.getUnsignedShort(i + 2);
            assertThat(length).as("minimal length encoding").isGreaterThanOrEqualTo(126);
        } else {
            header = 10;
            length = frame.getLong(i + 2);
            assertThat(length).as("minimal length encoding").isGreaterThanOrEqualTo(65536);
        }
        assertThat(frame.readableBytes()).isEqualTo(header + length);
        byte[] body = new byte[(int) length];
        frame.getBytes(i + header, body);
        return new Frame(header, length, body);
    }

    private static Frame encode(ChannelMessage m) {
        ByteBuf frame = MessageFrameEncoder.encodeFrame(ByteBufAllocator.DEFAULT, m);
        try {
            return parse(frame);
        } finally {
            assertThat(frame.release()).isTrue();
        }
    }

    private static ChannelMessage plain(String channel, byte[] payload) {
        return new ChannelMessage(channel, null, payload, TS, ChannelMessage.NO_OFFSET, null, null);
    }

    /** The envelope PROTOCOL.md describes, re-parsed so number node types compare equal. */
    private static JsonNode expected(ChannelMessage m) throws Exception {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "message");
        n.put("channel", m.channel());
        if (JsonBytes.isValidUtf8(m.payload())) {
            n.put("payload", new String(m.payload(), StandardCharsets.UTF_8));
        } else {
            n.put("payload_b64", Base64.getEncoder().encodeToString(m.payload()));
        }
        n.put("timestamp", Instant.ofEpochMilli(m.timestampMillis()).toString());
        if (m.hasOffset()) {
            n.put("offset", m.offset());
        }
        if (m.epoch() != null) {
            n.put("epoch", m.epoch());
        }
        if (m.from() != null) {
            n.put("from", m.from());
        }
        if (m.pattern() != null) {
            n.put("pattern", m.pattern());
        }
        return JSON.readTree(JSON.writeValueAsBytes(n));
    }

    private static JsonNode body(Frame f) throws Exception {
        return JSON.readTree(f.body());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 125, 126, 127, 1000, 65535, 65536, 65537, 200_000})
    void encodeFrame_bodyLength_usesMinimalHeader(int bodyLength) throws Exception {
        // Size the payload so that the body is exactly bodyLength bytes where possible.
        int overhead = encode(plain("c", new byte[0])).body().length;
        int payloadLength = Math.max(0, bodyLength - overhead);
        byte[] payload = "x".repeat(payloadLength).getBytes(StandardCharsets.US_ASCII);
        ChannelMessage m = plain("c", payload);
        Frame f = encode(m);
        long length = f.declaredLength();
        assertThat(length).isEqualTo(Math.max(bodyLength, overhead));
        assertThat(f.headerLength()).isEqualTo(length < 126 ? 2 : length < 65536 ? 4 : 10);
        assertThat(body(f)).isEqualTo(expected(m));
    }

    @Test
    void encodeFrame_plainMessage_hasOnlyTheOriginalThreeFields() throws Exception {
        ChannelMessage m =
                plain(
                        "mempool:tx_analysis",
                        "{\"tx_hash\":\"0x123\"}".getBytes(StandardCharsets.UTF_8));
        Frame f = encode(m);
        assertThat(new String(f.body(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"type\":\"message\",\"channel\":\"mempool:tx_analysis\","
                                + "\"payload\":\"{\\\"tx_hash\\\":\\\"0x123\\\"}\","
                                + "\"timestamp\":\"2024-01-15T10:30:00.123Z\"}");
    }

    @Test
    void encodeFrame_allOptionalFields_arePresent() throws Exception {
        ChannelMessage m =
                new ChannelMessage(
                        "news:eu",
                        "news:*",
                        "hi".getBytes(StandardCharsets.UTF_8),
                        TS,
                        42,
                        "a1b2",
                        "wael");
        JsonNode body = body(encode(m));
        assertThat(body).isEqualTo(expected(m));
        assertThat(body.get("offset").longValue()).isEqualTo(42);
        assertThat(body.get("pattern").textValue()).isEqualTo("news:*");
    }

    static Stream<Arguments> offsets() {
        return Stream.of(0L, 1L, 9L, 10L, 1234567890123L, Long.MAX_VALUE).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("offsets")
    void encodeFrame_offset_isWrittenAsDecimal(long offset) throws Exception {
        ChannelMessage m = new ChannelMessage("c", null, new byte[] {'a'}, TS, offset, "e", null);
        assertThat(body(encode(m)).get("offset").longValue()).isEqualTo(offset);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "quote \" backslash \\ slash /",
                "\\\"already escaped\\\"",
                "controls \u0000\u0001\b\t\n\f\r\u001f\u007f end",
                "emoji 😀 👩‍👩‍👧 and ü ß € 中文 \uD83D\uDE00",
                "max code point \uDBFF\uDFFF",
                "{\"nested\":\"json\",\"n\":[1,2,3]}"
            })
    void encodeFrame_validUtf8Payload_isVerbatimString(String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ChannelMessage m =
                new ChannelMessage("ch \"q\" ü\t", null, payload, TS, -1, null, "us\"er");
        JsonNode body = body(encode(m));
        assertThat(body).isEqualTo(expected(m));
        assertThat(body.get("payload").textValue()).isEqualTo(text);
        assertThat(body.has("payload_b64")).isFalse();
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("overlong 2-byte NUL", new byte[] {'a', (byte) 0xc0, (byte) 0x80}),
                Arguments.of("overlong 2-byte", new byte[] {(byte) 0xc1, (byte) 0xbf}),
                Arguments.of("overlong 3-byte", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}),
                Arguments.of(
                        "overlong 4-byte",
                        new byte[] {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}),
                Arguments.of("lone continuation", new byte[] {'x', (byte) 0x80, 'y'}),
                Arguments.of("surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                Arguments.of("low surrogate", new byte[] {(byte) 0xed, (byte) 0xbf, (byte) 0xbf}),
                Arguments.of(
                        "above U+10FFFF",
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of(
                        "F5 lead", new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}),
                Arguments.of("FF", new byte[] {(byte) 0xff}),
                Arguments.of("truncated 3-byte at end", new byte[] {'a', (byte) 0xe2, (byte) 0x82}),
                Arguments.of(
                        "truncated 4-byte mid",
                        new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, 'a'}),
                Arguments.of("truncated 2-byte at end", new byte[] {(byte) 0xc3}),
                Arguments.of(
                        "escapable then invalid", new byte[] {'"', '\\', '\n', (byte) 0xc3, '('}));
    }

    @Test
    void encodeFrame_textWithALoneSurrogate_isThePayloadStringWithTheEscape() throws Exception {
        byte[] payload = JsonBytes.textBytes("a\ud800b");
        ChannelMessage text = new ChannelMessage("c", null, payload, TS, 7, "e", "u", true);
        ChannelMessage bytes = new ChannelMessage("c", null, payload, TS, 7, "e", "u", false);

        Frame f = encode(text);
        assertThat(new String(f.body(), StandardCharsets.UTF_8))
                .contains("\"payload\":\"a\\ud800b\"");
        assertThat(body(f).get("payload").textValue()).isEqualTo("a\ud800b");
        // The same bytes from a plain Redis PUBLISH are not text: base64, as PROTOCOL.md says.
        assertThat(body(encode(bytes)).has("payload_b64")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void encodeFrame_invalidUtf8Payload_isBase64OfExactBytes(String name, byte[] payload)
            throws Exception {
        ChannelMessage m = new ChannelMessage("c", null, payload, TS, 7, "e", "u");
        JsonNode body = body(encode(m));
        assertThat(body.has("payload")).isFalse();
        assertThat(Base64.getDecoder().decode(body.get("payload_b64").textValue()))
                .isEqualTo(payload);
        assertThat(body).isEqualTo(expected(m));
    }

    @Test
    void writeEnvelope_equalsFrameBody() {
        ChannelMessage m =
                new ChannelMessage(
                        "c", "c*", "π \"x\"".getBytes(StandardCharsets.UTF_8), TS, 3, "e", "f");
        ByteBuf out = Unpooled.buffer();
        try {
            MessageFrameEncoder.writeEnvelope(out, m);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(encode(m).body());
        } finally {
            out.release();
        }
    }

    @Test
    void writeEnvelope_appendsAfterExistingContent() {
        ChannelMessage m = plain("c", new byte[] {(byte) 0xff});
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte('[');
            MessageFrameEncoder.writeEnvelope(out, m);
            out.writeByte(']');
            byte[] all = ByteBufUtil.getBytes(out);
            assertThat(new String(all, StandardCharsets.UTF_8))
                    .startsWith("[{\"type\":\"message\"")
                    .contains("\"payload_b64\":\"/w==\"")
                    .endsWith("}]");
        } finally {
            out.release();
        }
    }
}
