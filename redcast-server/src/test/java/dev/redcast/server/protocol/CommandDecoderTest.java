package dev.redcast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.protocol.IdempotencyKeys;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. Every way a client text frame can decode or be refused. */
class CommandDecoderTest {

    private static Command decode(String json) {
        return CommandDecoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProtocolException refused(String json) {
        return catchThrowableOfType(ProtocolException.class, () -> decode(json));
    }

    /** Refuses {@code json} with {@code code}, echoing {@code id}; returns the exception. */
    private static ProtocolException refused(String json, ErrorCode code, Long id) {
        ProtocolException e = refused(json);
        assertThat(e).as("refused: %s", json).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.id()).isEqualTo(id);
        return e;
    }

    private static ProtocolException refused(byte[] json) {
        return catchThrowableOfType(ProtocolException.class, () -> CommandDecoder.decode(json));
    }

    @Test
    void decode_subscribeWithAllFields_keepsThem() {
        assertThat(
                        decode(
                                "{\"type\":\"subscribe\",\"id\":3,\"channel\":\"news\","
                                        + "\"since\":{\"offset\":42,\"epoch\":\"ab\"},"
                                        + "\"history\":10,\"persist\":true}"))
                .isEqualTo(
                        new Command.Subscribe(
                                3L, "news", false, new StreamPosition(42, "ab"), 10, true));
    }

    @Test
    void decode_subscribeMinimal_takesDefaults() {
        assertThat(decode("{\"type\":\"subscribe\",\"channel\":\"news:*\",\"pattern\":true}"))
                .isEqualTo(new Command.Subscribe(null, "news:*", true, null, 0, false));
    }

    @Test
    void decode_everyOtherType_decodes() {
        assertThat(decode("{\"type\":\"unsubscribe\",\"id\":1,\"channel\":\"a\"}"))
                .isEqualTo(new Command.Unsubscribe(1L, "a", false));
        assertThat(decode("{\"type\":\"unsubscribe\",\"channel\":\"a*\",\"pattern\":true}"))
                .isEqualTo(new Command.Unsubscribe(null, "a*", true));
        assertThat(decode("{\"type\":\"publish\",\"id\":2,\"channel\":\"a\",\"payload\":\"x\"}"))
                .isEqualTo(new Command.Publish(2L, "a", "x"));
        assertThat(decode("{\"type\":\"history\",\"channel\":\"a\"}"))
                .isEqualTo(new Command.History(null, "a", Command.History.DEFAULT_LIMIT, null));
        assertThat(decode("{\"type\":\"history\",\"channel\":\"a\",\"limit\":5,\"before\":9}"))
                .isEqualTo(new Command.History(null, "a", 5, 9L));
        assertThat(decode("{\"type\":\"presence\",\"id\":4,\"channel\":\"a\"}"))
                .isEqualTo(new Command.Presence(4L, "a"));
        assertThat(decode("{\"type\":\"channels\",\"id\":5}")).isEqualTo(new Command.Channels(5L));
        assertThat(decode("{\"type\":\"channels\",\"limit\":20,\"cursor\":\"Y2g\"}"))
                .isEqualTo(new Command.Channels(null, 20L, "Y2g"));
        assertThat(decode("{\"type\":\"ping\"}")).isEqualTo(new Command.Ping(null));
    }

    @Test
    void decode_publishWithIdempotencyKey_keepsIt() {
        assertThat(
                        decode(
                                "{\"type\":\"publish\",\"channel\":\"a\",\"payload\":\"x\","
                                        + "\"idempotency_key\":\"order-42\"}"))
                .isEqualTo(new Command.Publish(null, "a", "x", "order-42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "\"\"", "\"two words\"", "\"\u00e9\""})
    void decode_publishWithABadIdempotencyKey_isBadRequestWithId(String key) {
        refused(
                "{\"type\":\"publish\",\"id\":3,\"channel\":\"a\",\"payload\":\"x\","
                        + "\"idempotency_key\":"
                        + key
                        + "}",
                ErrorCode.BAD_REQUEST,
                3L);
    }

    @Test
    void decode_publishWithAnIdempotencyKeyTooLong_isBadRequest() {
        String key = "k".repeat(IdempotencyKeys.MAX_LENGTH + 1);
        ProtocolException e =
                refused(
                        "{\"type\":\"publish\",\"channel\":\"a\",\"payload\":\"x\","
                                + "\"idempotency_key\":\""
                                + key
                                + "\"}",
                        ErrorCode.BAD_REQUEST,
                        null);
        assertThat(e.getMessage())
                .isEqualTo("an idempotency key is at most 128 characters, got 129");
    }

    @Test
    void decode_publishPayload_keepsQuotesBackslashesAndEmoji() {
        Command c =
                decode(
                        "{\"type\":\"publish\",\"channel\":\"a\","
                                + "\"payload\":\"{\\\"k\\\":\\\"v\\\\\\\\\\\"} \\u0001 😀\"}");
        assertThat(((Command.Publish) c).payload()).isEqualTo("{\"k\":\"v\\\\\"} \u0001 😀");
    }

    @Test
    void decode_unknownFields_areIgnored() {
        assertThat(decode("{\"type\":\"ping\",\"id\":1,\"extra\":{\"deep\":[1,2]},\"x\":null}"))
                .isEqualTo(new Command.Ping(1L));
    }

    @Test
    void decode_idNull_isNoId() {
        assertThat(decode("{\"type\":\"ping\",\"id\":null}")).isEqualTo(new Command.Ping(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"type\":\"ping\"", "not json", "{\"type\":}", "", "{'a':1}"})
    void decode_malformedJson_isBadRequestWithoutId(String json) {
        ProtocolException e = refused(json);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.id()).isNull();
        assertThat(e.clientFault()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "42", "\"ping\"", "null", "true"})
    void decode_nonObjectRoot_isBadRequest(String json) {
        ProtocolException e = refused(json);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).contains("JSON object");
    }

    @Test
    void decode_invalidUtf8_isBadRequest() {
        ProtocolException e =
                refused(
                        new byte[] {
                            '{', '"', 't', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'
                        });
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void decode_missingType_isBadRequestWithId() {
        ProtocolException e = refused("{\"id\":7,\"channel\":\"a\"}", ErrorCode.BAD_REQUEST, 7L);
        assertThat(e.getMessage()).contains("'type'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"ping\"]"})
    void decode_nonStringType_isBadRequestWithId(String type) {
        ProtocolException e =
                refused("{\"id\":8,\"type\":" + type + "}", ErrorCode.BAD_REQUEST, 8L);
        assertThat(e.getMessage()).contains("'type' must be a string");
    }

    @Test
    void decode_unknownType_isBadRequestWithId() {
        ProtocolException e = refused("{\"id\":9,\"type\":\"explode\"}", ErrorCode.BAD_REQUEST, 9L);
        assertThat(e.getMessage()).contains("explode");
    }

    @Test
    void decode_unknownLongType_isAbbreviatedInMessage() {
        String type = "x".repeat(10_000);
        ProtocolException e = refused("{\"type\":\"" + type + "\"}");
        assertThat(e.getMessage()).hasSizeLessThan(100).contains("...");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subscribe", "unsubscribe", "publish", "history", "presence"})
    void decode_missingChannel_isBadRequestWithId(String type) {
        ProtocolException e =
                refused(
                        "{\"id\":1,\"type\":\"" + type + "\",\"payload\":\"p\"}",
                        ErrorCode.BAD_REQUEST,
                        1L);
        assertThat(e.getMessage()).contains("'channel'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "1", "true", "[\"a\"]", "{}"})
    void decode_emptyOrNonStringChannel_isBadRequestWithId(String channel) {
        ProtocolException e =
                refused(
                        "{\"id\":2,\"type\":\"subscribe\",\"channel\":" + channel + "}",
                        ErrorCode.BAD_REQUEST,
                        2L);
    }

    @Test
    void decode_channelAtMaxLength_isAccepted_andOneMoreIsRefused() {
        String max = "c".repeat(ChannelNames.MAX_LENGTH);
        assertThat(decode("{\"type\":\"subscribe\",\"channel\":\"" + max + "\"}"))
                .isInstanceOf(Command.Subscribe.class);
        ProtocolException e =
                refused(
                        "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"" + max + "c\"}",
                        ErrorCode.BAD_REQUEST,
                        3L);
        assertThat(e.getMessage()).contains(String.valueOf(ChannelNames.MAX_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\nb", "a\\u0000b", "\\t", "a\\u007fb", "a\\u001fb"})
    void decode_controlCharInChannel_isBadRequest(String channel) {
        ProtocolException e =
                refused(
                        "{\"id\":4,\"type\":\"publish\",\"channel\":\""
                                + channel
                                + "\",\"payload\":\"p\"}",
                        ErrorCode.BAD_REQUEST,
                        4L);
        assertThat(e.getMessage()).contains("control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "a\\udc00b", "x\\ud83d", "\\ude00\\ud83d"})
    void decode_loneSurrogateInChannel_isBadRequest(String channel) {
        ProtocolException e =
                refused(
                        "{\"id\":4,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}",
                        ErrorCode.BAD_REQUEST,
                        4L);
        assertThat(e.getMessage()).contains("surrogate");
    }

    @Test
    void decode_emojiChannel_isAccepted() {
        assertThat(decode("{\"type\":\"subscribe\",\"channel\":\"\\ud83d\\ude00 room\"}"))
                .isEqualTo(new Command.Subscribe(null, "\ud83d\ude00 room", false, null, 0, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "\"false\"", "[]"})
    void decode_patternNotBoolean_isBadRequest(String value) {
        String json =
                "{\"id\":5,\"type\":\"subscribe\",\"channel\":\"a\",\"pattern\":" + value + "}";
        ProtocolException e = refused(json, ErrorCode.BAD_REQUEST, 5L);
        assertThat(e.getMessage()).contains("'pattern'");
    }

    @Test
    void decode_persistNotBoolean_isBadRequest() {
        ProtocolException e =
                refused("{\"id\":5,\"type\":\"subscribe\",\"channel\":\"a\",\"persist\":\"yes\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).contains("'persist'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"10\"", "true", "99999999999", "{}"})
    void decode_historyNotACount_isBadRequest(String value) {
        ProtocolException e =
                refused(
                        "{\"id\":6,\"type\":\"subscribe\",\"channel\":\"a\",\"history\":"
                                + value
                                + "}",
                        ErrorCode.BAD_REQUEST,
                        6L);
        assertThat(e.getMessage()).contains("'history'");
    }

    @Test
    void decode_historyAboveLimit_isLimitExceeded() {
        assertThat(decode("{\"type\":\"subscribe\",\"channel\":\"a\",\"history\":1000}"))
                .extracting(c -> ((Command.Subscribe) c).history())
                .isEqualTo(CommandDecoder.MAX_HISTORY_LIMIT);
        ProtocolException e =
                refused(
                        "{\"id\":7,\"type\":\"subscribe\",\"channel\":\"a\",\"history\":1001}",
                        ErrorCode.LIMIT_EXCEEDED,
                        7L);
        assertThat(e.getMessage()).contains("1000").contains("1001");
    }

    @Test
    void decode_historyLimitAboveMax_isLimitExceeded() {
        ProtocolException e = refused("{\"type\":\"history\",\"channel\":\"a\",\"limit\":5000}");
        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"limit\":-1", "\"limit\":\"10\"", "\"limit\":1.5", "\"cursor\":7"})
    void decode_channelsPagingOfTheWrongType_isBadRequest(String field) {
        ProtocolException e =
                refused(
                        "{\"id\":8,\"type\":\"channels\"," + field + "}",
                        ErrorCode.BAD_REQUEST,
                        8L);
        assertThat(e.getMessage()).contains("'" + field.substring(1, field.indexOf('"', 1)) + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2.5", "\"3\""})
    void decode_historyBeforeNotAnOffset_isBadRequest(String value) {
        ProtocolException e =
                refused("{\"type\":\"history\",\"channel\":\"a\",\"before\":" + value + "}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).contains("'before'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7\"", "7.5", "1e3", "true", "[7]", "99999999999999999999"})
    void decode_idNotAnInteger_isBadRequestWithoutId(String id) {
        ProtocolException e = refused("{\"type\":\"ping\",\"id\":" + id + "}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.id()).isNull();
        assertThat(e.getMessage()).contains("'id'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"42\"",
                "42",
                "[]",
                "{}",
                "{\"offset\":1}",
                "{\"epoch\":\"e\"}",
                "{\"offset\":-1,\"epoch\":\"e\"}",
                "{\"offset\":1.5,\"epoch\":\"e\"}",
                "{\"offset\":\"1\",\"epoch\":\"e\"}",
                "{\"offset\":1,\"epoch\":7}"
            })
    void decode_malformedSince_isBadRequestWithId(String since) {
        ProtocolException e =
                refused(
                        "{\"id\":11,\"type\":\"subscribe\",\"channel\":\"a\",\"since\":"
                                + since
                                + "}",
                        ErrorCode.BAD_REQUEST,
                        11L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{\"a\":1}", "[\"x\"]"})
    void decode_payloadNotString_isBadRequest(String payload) {
        ProtocolException e =
                refused(
                        "{\"id\":12,\"type\":\"publish\",\"channel\":\"a\",\"payload\":"
                                + payload
                                + "}",
                        ErrorCode.BAD_REQUEST,
                        12L);
        assertThat(e.getMessage()).contains("'payload'");
    }

    @Test
    void decode_missingPayload_isBadRequest() {
        ProtocolException e = refused("{\"type\":\"publish\",\"channel\":\"a\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).contains("'payload'");
    }

    @Test
    void decode_deeplyNestedArrays_isBadRequestNotStackOverflow() {
        ProtocolException e = refused("[".repeat(100_000));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        ProtocolException closed = refused("[".repeat(100_000) + "]".repeat(100_000));
        assertThat(closed.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void decode_deeplyNestedUnknownField_isBadRequestNotStackOverflow() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        ProtocolException e = refused("{\"type\":\"ping\",\"x\":" + deep + "}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void reservedChannel_isRefusedForEveryCommand() {
        for (String type : new String[] {"subscribe", "unsubscribe", "history", "presence"}) {
            assertThat(
                            refused(
                                            "{\"type\":\""
                                                    + type
                                                    + "\",\"id\":1,\"channel\":\"__redcast:presence\"}",
                                            ErrorCode.BAD_REQUEST,
                                            1L)
                                    .getMessage())
                    .contains("reserved");
        }
        refused(
                "{\"type\":\"publish\",\"id\":2,\"channel\":\"__redcast:presence\","
                        + "\"payload\":\"{}\"}",
                ErrorCode.BAD_REQUEST,
                2L);
    }
}
