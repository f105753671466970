package dev.redcast.server.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.protocol.ChannelMessage;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Confined to the test thread. Metadata carried next to a verbatim payload through Redis. */
class EnvelopeTest {
    private static final long SENT = 1_700_000_000_123L;
    private static final long RECEIVED = 1_700_000_000_999L;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ChannelMessage plain(String channel, String pattern, byte[] raw) {
        return new ChannelMessage(
                channel, pattern, raw, RECEIVED, ChannelMessage.NO_OFFSET, null, null);
    }

    @Test
    void wrapThenUnwrap_keepsPayloadFromAndTime() {
        byte[] payload = utf8("{\"tx\":\"0x1\"}");
        ChannelMessage m =
                Envelope.unwrap("c", "c*", Envelope.wrap(payload, "wael", SENT, false), RECEIVED);
        assertThat(m)
                .isEqualTo(
                        new ChannelMessage(
                                "c", "c*", payload, SENT, ChannelMessage.NO_OFFSET, null, "wael"));
    }

    @Test
    void wrapThenUnwrap_withoutFrom_hasNoFrom() {
        ChannelMessage m =
                Envelope.unwrap("c", null, Envelope.wrap(utf8("x"), null, SENT, false), RECEIVED);
        assertThat(m.from()).isNull();
        assertThat(m.payload()).isEqualTo(utf8("x"));
        assertThat(m.timestampMillis()).isEqualTo(SENT);
    }

    @Test
    void wrapThenUnwrap_seededRandomPayloadsAndUsers_roundTripExactly() {
        Random r = new Random(5);
        for (int n = 0; n < 2_000; n++) {
            byte[] payload = new byte[r.nextInt(64)];
            r.nextBytes(payload);
            String from = n % 3 == 0 ? null : "u\n\"\u0000\\ü😀" + n;
            ChannelMessage m =
                    Envelope.unwrap(
                            "ch", null, Envelope.wrap(payload, from, SENT + n, false), RECEIVED);
            assertThat(m.payload()).isEqualTo(payload);
            assertThat(m.from()).isEqualTo(from);
            assertThat(m.timestampMillis()).isEqualTo(SENT + n);
        }
    }

    @Test
    void wrapThenUnwrap_keepsTheLoneSurrogateMark() {
        byte[] payload = {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        ChannelMessage m =
                Envelope.unwrap("c", null, Envelope.wrap(payload, null, SENT, true), RECEIVED);
        assertThat(m.wtf8()).isTrue();
        assertThat(m.payload()).isEqualTo(payload);
        assertThat(
                        Envelope.unwrap(
                                        "c",
                                        null,
                                        Envelope.wrap(payload, "u", SENT, false),
                                        RECEIVED)
                                .wtf8())
                .isFalse();
    }

    @Test
    void wrap_emptyPayload_roundTrips() {
        ChannelMessage m =
                Envelope.unwrap("c", null, Envelope.wrap(new byte[0], "u", SENT, false), RECEIVED);
        assertThat(m.payload()).isEmpty();
        assertThat(m.from()).isEqualTo("u");
    }

    static Stream<Arguments> notEnvelopes() {
        return Stream.of(
                Arguments.of("plain text", utf8("hello")),
                Arguments.of("JSON", utf8("{\"f\":\"mallory\",\"t\":1}\nx")),
                Arguments.of("empty", new byte[0]),
                Arguments.of("magic prefix only", new byte[] {0, 'r', 'c'}),
                Arguments.of(
                        "marker without text", new byte[] {'r', 'c', '1', '{', '}', '\n', 'x'}),
                Arguments.of("magic, no newline", utf8("\0rc1{\"f\":\"mallory\"}")),
                Arguments.of("magic, broken header", utf8("\0rc1{\"f\":\n payload")),
                Arguments.of("magic, header not an object", utf8("\0rc1[\"f\"]\npayload")),
                Arguments.of("magic, empty header", utf8("\0rc1\npayload")),
                Arguments.of("other version", utf8("\0rc2{\"f\":\"mallory\"}\npayload")),
                Arguments.of(
                        "invalid UTF-8",
                        new byte[] {(byte) 0xff, 0, 'r', 'c', '1', '{', '}', '\n'}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notEnvelopes")
    void unwrap_notAnEnvelope_isDeliveredVerbatim(String name, byte[] raw) {
        assertThat(Envelope.unwrap("c", "p*", raw, RECEIVED)).isEqualTo(plain("c", "p*", raw));
    }

    @Test
    void unwrap_headerWithWrongTypes_fallsBackPerField() {
        ChannelMessage m =
                Envelope.unwrap(
                        "c",
                        null,
                        utf8("\0rc1{\"f\":7,\"t\":\"soon\",\"x\":1}\npay\nload"),
                        RECEIVED);
        assertThat(m.payload()).isEqualTo(utf8("pay\nload"));
        assertThat(m.from()).isNull();
        assertThat(m.timestampMillis()).isEqualTo(RECEIVED);
    }

    @Test
    void unwrap_headerWithOffsetAndEpoch_carriesThem() {
        ChannelMessage m =
                Envelope.unwrap(
                        "c", null, utf8("\0rc1{\"t\":5,\"o\":42,\"e\":\"ep\"}\n"), RECEIVED);
        assertThat(m.offset()).isEqualTo(42);
        assertThat(m.epoch()).isEqualTo("ep");
        assertThat(m.timestampMillis()).isEqualTo(5);
        assertThat(m.payload()).isEmpty();
    }

    @Test
    void aPayloadThatLooksLikeAnEnvelope_mustBeWrapped_andThenArrivesVerbatim() {
        byte[] forged = utf8("\0rc1{\"f\":\"admin\",\"o\":7,\"e\":\"x\"}\nhi");
        assertThat(Envelope.mustWrap(forged)).isTrue();
        assertThat(Envelope.mustWrap(utf8("{\"rc1\":1}"))).isFalse();

        ChannelMessage m =
                Envelope.unwrap("c", null, Envelope.wrap(forged, null, SENT, false), RECEIVED);
        assertThat(m.payload()).isEqualTo(forged);
        assertThat(m.from()).isNull();
        assertThat(m.offset()).isEqualTo(ChannelMessage.NO_OFFSET);
        assertThat(m.epoch()).isNull();
    }
}
