package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.client.ChannelInfo;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.Message;
import dev.redcast.client.Presence;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.SubscribeOptions;
import dev.redcast.client.Subscribed;
import dev.redcast.client.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static JsonNode json(String text) {
        return Frames.parse(text.replace('\'', '"'));
    }

    @Test
    void subscribe_withSince_encodesPositionAndLeavesOutHistory() {
        String text =
                Frames.encode(
                        Frames.subscribe(
                                3,
                                "general",
                                SubscribeOptions.DEFAULT.withHistory(20).persisted(),
                                new StreamPosition(42, "a1b2"),
                                20));
        assertThat(text)
                .isEqualTo(
                        "{\"type\":\"subscribe\",\"id\":3,\"channel\":\"general\",\"persist\":true,"
                                + "\"since\":{\"offset\":42,\"epoch\":\"a1b2\"}}");
    }

    @Test
    void subscribe_plainPatternAndHistory() {
        assertThat(
                        Frames.encode(
                                Frames.subscribe(
                                        1, "news.*", SubscribeOptions.ofPattern(), null, 0)))
                .isEqualTo(
                        "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"news.*\",\"pattern\":true}");
        assertThat(Frames.encode(Frames.subscribe(2, "c", SubscribeOptions.DEFAULT, null, 5)))
                .isEqualTo("{\"type\":\"subscribe\",\"id\":2,\"channel\":\"c\",\"history\":5}");
    }

    @Test
    void publish_loneSurrogatesAreEscaped_pairsAndOtherTextStayAsTheyAre() {
        assertThat(Frames.encode(Frames.publish(3, "c", "a\ud800b \udc00\ud83d\ude00 ü")))
                .isEqualTo(
                        "{\"type\":\"publish\",\"id\":3,\"channel\":\"c\","
                                + "\"payload\":\"a\\ud800b \\udc00\ud83d\ude00 ü\"}");
    }

    @Test
    void otherCommands_encodeTheirFields() {
        assertThat(Frames.encode(Frames.publish(4, "c", "{\"x\":1}")))
                .isEqualTo(
                        "{\"type\":\"publish\",\"id\":4,\"channel\":\"c\",\"payload\":\"{\\\"x\\\":1}\"}");
        assertThat(Frames.encode(Frames.history(5, "c", 20, null)))
                .isEqualTo("{\"type\":\"history\",\"id\":5,\"channel\":\"c\",\"limit\":20}");
        assertThat(Frames.encode(Frames.history(6, "c", 10, 99L)))
                .isEqualTo(
                        "{\"type\":\"history\",\"id\":6,\"channel\":\"c\",\"limit\":10,\"before\":99}");
        assertThat(Frames.encode(Frames.unsubscribe(7, "p.*", true)))
                .isEqualTo(
                        "{\"type\":\"unsubscribe\",\"id\":7,\"channel\":\"p.*\",\"pattern\":true}");
        assertThat(Frames.encode(Frames.presence(8, "c")))
                .isEqualTo("{\"type\":\"presence\",\"id\":8,\"channel\":\"c\"}");
        assertThat(Frames.encode(Frames.command("channels", 9)))
                .isEqualTo("{\"type\":\"channels\",\"id\":9}");
    }

    @Test
    void message_withAllFields() {
        Message m =
                Frames.message(
                        json(
                                "{'type':'message','channel':'mempool:tx','payload':'{\\'tx\\':1}',"
                                        + "'timestamp':'2024-01-15T10:30:00.123Z','offset':42,'epoch':'a1b2c3d4',"
                                        + "'from':'wael','unknown':true}"),
                        null);
        assertThat(m.channel()).isEqualTo("mempool:tx");
        assertThat(m.payload()).isEqualTo("{\"tx\":1}");
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2024-01-15T10:30:00.123Z"));
        assertThat(m.position()).isEqualTo(new StreamPosition(42, "a1b2c3d4"));
        assertThat(m.from()).isEqualTo("wael");
        assertThat(m.pattern()).isNull();
        assertThat(m.isBinary()).isFalse();
    }

    @Test
    void message_fromPlainRedisPublish_hasNoOffsetOrSender() {
        Message m = Frames.message(json("{'type':'message','channel':'c','payload':'hi'}"), null);
        assertThat(m).isEqualTo(Message.text("c", "hi"));
        assertThat(m.position()).isNull();
    }

    @Test
    void message_withPayloadB64_isDecodedToBytes() {
        Message m =
                Frames.message(
                        json(
                                "{'type':'message','channel':'c','payload_b64':'/wA=','offset':1,'epoch':'e'}"),
                        null);
        assertThat(m.isBinary()).isTrue();
        assertThat(m.payload()).isNull();
        assertThat(m.bytes()).containsExactly(0xff, 0x00);
        m.binaryPayload()[0] = 1;
        assertThat(m.bytes()).as("the record stays immutable").containsExactly(0xff, 0x00);
        assertThat(m.toJson())
                .isEqualTo(
                        "{\"type\":\"message\",\"channel\":\"c\",\"payload_b64\":\"/wA=\",\"offset\":1,\"epoch\":\"e\"}");
    }

    @Test
    void message_badInput_isABadFrame() {
        assertThatThrownBy(() -> Frames.message(json("{'type':'message','payload':'x'}"), null))
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_BAD_FRAME))
                .hasMessageContaining("without a channel");
        assertThatThrownBy(
                        () ->
                                Frames.message(
                                        json("{'type':'message','channel':'c','payload_b64':'%%'}"),
                                        null))
                .hasMessageContaining("not base64");
    }

    @Test
    void envelope_roundTripsThroughTheParser() {
        Message original =
                new Message(
                        "c",
                        "hé \"quoted\"",
                        null,
                        Instant.parse("2024-01-15T10:30:00.120Z"),
                        7L,
                        "e",
                        "wael",
                        "c*");
        Message again = Frames.message(Frames.parse(original.toJson()), null);
        assertThat(again).isEqualTo(original);
        assertThat(again.bytes()).isEqualTo("hé \"quoted\"".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_rejectsWhatIsNotAFrame() {
        assertThatThrownBy(() -> Frames.parse("{oops"))
                .isInstanceOf(RedcastException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Frames.parse("[1,2]")).hasMessageContaining("no string 'type'");
        assertThatThrownBy(() -> Frames.parse("{\"type\":5}"))
                .hasMessageContaining("no string 'type'");
    }

    @Test
    void id_isMinusOneWhenMissing() {
        assertThat(Frames.id(json("{'type':'pong'}"))).isEqualTo(-1);
        assertThat(Frames.id(json("{'type':'pong','id':12}"))).isEqualTo(12);
    }

    @Test
    void welcome() {
        Welcome w =
                Frames.welcome(
                        json(
                                "{'type':'welcome','client':'c1f9','user':'wael','node':'n-7d2a','version':'1.2.0',"
                                        + "'ping_interval':25,'subscriptions':['a','b']}"));
        assertThat(w)
                .isEqualTo(
                        new Welcome(
                                "c1f9",
                                "wael",
                                "n-7d2a",
                                "1.2.0",
                                Duration.ofSeconds(25),
                                List.of("a", "b")));
        assertThat(Frames.welcome(json("{'type':'welcome'}")).pingInterval()).isZero();
    }

    @Test
    void subscribed_withRecoveredMessages_fillsInTheChannel() {
        Subscribed s =
                Frames.subscribed(
                        json(
                                "{'type':'subscribed','id':1,'channel':'g','recovered':true,'offset':3,'epoch':'e',"
                                        + "'messages':[{'payload':'x','offset':3,'epoch':'e'}]}"),
                        "g",
                        false);
        assertThat(s.recovered()).isTrue();
        assertThat(s.offset()).isEqualTo(3);
        assertThat(s.messages())
                .extracting(Message::channel, Message::payload)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("g", "x"));
        assertThat(Frames.subscribed(json("{'type':'subscribed','id':1}"), "g", false).recovered())
                .isNull();
    }

    @Test
    void history_presence_channels_error() {
        HistoryPage h =
                Frames.history(
                        json("{'type':'history','messages':[{'payload':'a'},{'payload':'b'}]}"),
                        "g");
        assertThat(h.messages()).extracting(Message::payload).containsExactly("a", "b");

        Presence p =
                Frames.presence(
                        json("{'type':'presence','users':['a',{'user':'b'},{'name':'c'}]}"), "g");
        assertThat(p).isEqualTo(new Presence("g", List.of("a", "b", "c")));

        assertThat(
                        Frames.channels(
                                json(
                                        "{'type':'channels','channels':[{'name':'general','description':'talk',"
                                                + "'subscribers':3},{'name':'x'}]}")))
                .containsExactly(
                        new ChannelInfo("general", "talk", 3), new ChannelInfo("x", "", -1));

        RedcastException e =
                Frames.error(json("{'type':'error','id':7,'code':'forbidden','message':'m'}"));
        assertThat(e.code()).isEqualTo("forbidden");
        assertThat(e.getMessage()).isEqualTo("m");
    }
}
