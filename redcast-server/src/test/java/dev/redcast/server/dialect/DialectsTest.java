package dev.redcast.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.config.Namespace;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.hub.Gateway;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. Each dialect driven frame by frame against one hub on the embedded
 * broker: what its frames do, what its clients get back, and that clients of several kinds on one
 * channel each get their own frame.
 */
class DialectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerMetrics metrics = new ServerMetrics();
    private final List<DialectTestClient> clients = new ArrayList<>();
    private MemoryBroker broker;
    private Hub hub;
    private Dialects dialects;

    @BeforeEach
    void start() {
        ServerConfig config =
                ServerConfig.builder()
                        .authToken("t")
                        .nodeId("n-test")
                        .claimedIdentityWrites(true)
                        .dialects(List.of("rooms:/", "relay:/relay", "gochat:/chat"))
                        .namespaces(
                                Namespace.parseJson(
                                        "{\"room\":{\"history\":\"100/1h\",\"join_leave\":true,"
                                                + "\"publish\":\"subscribers\"}}"))
                        .build();
        broker = new MemoryBroker(config.channels());
        Gateway gateway =
                Gateway.wire(
                        config,
                        Cluster.of(broker, new MemoryNodeRegistry(), config.nodeId(), metrics),
                        new MemoryPresenceStore(config.nodeId()),
                        new MemoryChannelRegistry(),
                        metrics,
                        "1.0",
                        new SharedTokenAuthenticator("t"));
        hub = gateway.hub();
        gateway.start();
        dialects = Dialects.of(config, hub, gateway.commands());
    }

    @AfterEach
    void tearDown() {
        for (DialectTestClient c : clients) {
            c.assertExhausted();
            c.channel.finishAndReleaseAll();
        }
        metrics.close();
    }

    private DialectTestClient connect(String path, String user) {
        Dialect dialect = path == null ? dialects.redcast(true) : dialects.at(path).dialect();
        DialectTestClient c =
                new DialectTestClient(hub, dialect, new Principal(user), "c" + clients.size());
        clients.add(c);
        return c;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private void publish(String channel, String payload, String from) {
        broker.publish(channel, payload.getBytes(StandardCharsets.UTF_8), from).join();
    }

    @Test
    void goChat_startsOnGeneralAndRandom_chatsInItsOwnShape_andAnswersErrorsAsErr() {
        DialectTestClient wael = connect("/chat", "wael");
        DialectTestClient redcast = connect(null, "mazen");
        assertThat(json(redcast.next()).get("type").asText()).isEqualTo("welcome");
        redcast.send("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"general\"}");
        assertThat(json(redcast.next()).get("type").asText()).isEqualTo("subscribed");

        wael.send("{\"command\": 2, \"channel\": \"general\", \"content\": \"hi\"}");

        assertThat(wael.next())
                .isEqualTo("{\"content\":\"hi\",\"channel\":\"general\",\"command\":0}");
        JsonNode seen = json(redcast.next());
        assertThat(seen.get("type").asText()).isEqualTo("message");
        assertThat(seen.get("from").asText()).isEqualTo("wael");

        wael.send("{\"command\": 0, \"channel\": \"new_channel1\"}");
        publish("new_channel1", "x\u00e9", null);
        assertThat(wael.next())
                .isEqualTo("{\"content\":\"x\u00e9\",\"channel\":\"new_channel1\",\"command\":0}");

        wael.send("{\"command\": \"zero\"}");
        assertThat(json(wael.next()).get("err").asText())
                .isEqualTo("field 'command' must be 0, 1 or 2");
        wael.send("{\"command\": 1}");
        assertThat(json(wael.next()).get("err").asText()).isEqualTo("missing field 'channel'");
        wael.send("[]");
        assertThat(json(wael.next()).fieldNames()).toIterable().containsExactly("err");
    }

    @Test
    void goChat_missingCommand_subscribes_asGoDecodesIt() {
        DialectTestClient wael = connect("/chat", "wael");
        wael.send("{\"channel\": \"news\"}");
        publish("news", "n", null);
        assertThat(json(wael.next()).get("channel").asText()).isEqualTo("news");
    }

    @Test
    void relay_publishesRawText_andRelaysBareText_orBinaryForBytes() {
        DialectTestClient a = connect("/relay", "a");
        DialectTestClient b = connect("/relay", "b");

        a.send("hello {not json}");

        assertThat(a.next()).isEqualTo("hello {not json}");
        assertThat(b.next()).isEqualTo("hello {not json}");

        broker.publish("my_channel", new byte[] {(byte) 0xff, 0x00}, null).join();
        assertThat(a.next()).isEqualTo("binary:ff00");
        assertThat(b.next()).isEqualTo("binary:ff00");

        a.sendBinary(new byte[] {(byte) 0xff});
        a.sendBinary("as bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(a.next()).isEqualTo("as bytes");
        assertThat(b.next()).isEqualTo("as bytes");
    }

    @Test
    void forwarder_getsMessages_butNoWelcomeAndNoJoin() {
        DialectTestClient v1 = connect(null, "v");
        assertThat(json(v1.next()).get("type").asText()).isEqualTo("welcome");
        v1.send("{\"type\":\"subscribe\",\"channel\":\"room:1\"}");
        DialectTestClient legacy =
                new DialectTestClient(hub, dialects.redcast(false), new Principal("l"), "cl");
        clients.add(legacy);
        legacy.send("{\"type\":\"subscribe\",\"channel\":\"room:1\"}");
        assertThat(json(legacy.next()).get("type").asText()).isEqualTo("subscribed");

        publish("room:1", "m", null);

        JsonNode m = json(legacy.next());
        assertThat(m.get("channel").asText()).isEqualTo("room:1");
        assertThat(m.get("payload").asText()).isEqualTo("m");
        assertThat(m.has("timestamp")).isTrue();
        List<String> full = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode f = json(v1.next());
            full.add(f.get("type").asText() + (f.has("user") ? ":" + f.get("user").asText() : ""));
        }
        assertThat(full).containsExactlyInAnyOrder("subscribed", "join:v", "join:l", "message");
    }

    @Test
    void rooms_authFirst_thenJoinChatHistoryAndPresence_inTheRoomServersFrames() {
        DialectTestClient alice = connect("/", "anonymous-1");
        alice.send("{\"type\":\"join_room\",\"room_id\":\"42\"}");
        assertThat(json(alice.next()).get("message").asText())
                .startsWith("send {\"type\":\"auth\"");

        alice.send("{\"type\":\"auth\",\"user_id\":\"user123\",\"username\":\"\u5f20\u4e09\"}");
        JsonNode ok = json(alice.next());
        assertThat(ok.get("type").asText()).isEqualTo("auth_success");
        assertThat(ok.get("user_id").asText()).isEqualTo("user123");
        assertThat(alice.session().user()).isEqualTo("user123");

        alice.send("{\"type\":\"join_room\",\"room_id\":\"42\"}");
        // Her own join notice and the room's users, in whichever order the two reads finish.
        java.util.Map<String, JsonNode> byType = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode frame = json(alice.next());
            byType.put(frame.get("type").asText(), frame);
        }
        assertThat(byType.get("user_joined").get("username").asText()).isEqualTo("\u5f20\u4e09");
        assertThat(byType.get("online_users").get("room_id").asText()).isEqualTo("42");

        alice.send("{\"type\":\"send_message\",\"room_id\":\"42\",\"content\":\"hello\"}");
        JsonNode chat = json(alice.next());
        assertThat(chat.get("type").asText()).isEqualTo("chat_message");
        assertThat(chat.get("room_id").asText()).isEqualTo("42");
        assertThat(chat.get("username").asText()).isEqualTo("\u5f20\u4e09");
        assertThat(chat.get("content").asText()).isEqualTo("hello");

        // Someone else's JSON claiming to be alice is shown as what it is, by who sent it.
        publish(
                "room:42",
                "{\"type\":\"chat_message\",\"user_id\":\"user123\",\"content\":\"forged\"}",
                "mallory");
        JsonNode forged = json(alice.next());
        assertThat(forged.get("user_id").asText()).isEqualTo("mallory");
        assertThat(forged.get("content").asText()).contains("forged");
        publish("room:42", "plain text", "wael");
        JsonNode plain = json(alice.next());
        assertThat(plain.get("username").asText()).isEqualTo("wael");
        assertThat(plain.get("content").asText()).isEqualTo("plain text");

        alice.send("{\"type\":\"get_history\",\"room_id\":\"42\"}");
        JsonNode history = json(alice.next());
        assertThat(history.get("type").asText()).isEqualTo("room_history");
        assertThat(history.get("messages"))
                .extracting(n -> n.get("user_id").asText() + ":" + n.get("content").asText())
                .containsExactly(
                        "user123:hello",
                        "mallory:{\"type\":\"chat_message\",\"user_id\":\"user123\","
                                + "\"content\":\"forged\"}",
                        "wael:plain text");

        alice.send("{\"type\":\"auth\",\"user_id\":\"other\"}");
        assertThat(json(alice.next()).get("message").asText()).startsWith("already authenticated");
        alice.send("{\"type\":\"fly\"}");
        assertThat(json(alice.next()).get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void rooms_refuseAUserIdThatIsNoUserName_andSendingOutsideTheRoom() {
        DialectTestClient c = connect("/", "anonymous-2");
        c.send("{\"type\":\"auth\",\"user_id\":\"a b\",\"username\":\"A\"}");
        assertThat(json(c.next()).get("message").asText()).startsWith("user_id: ");
        c.send("{\"type\":\"auth\",\"user_id\":7,\"username\":\"Seven\"}");
        assertThat(json(c.next()).get("user_id").asText()).isEqualTo("7");
        c.send("{\"type\":\"send_message\",\"room_id\":\"9\",\"content\":\"x\"}");
        assertThat(json(c.next()).get("code").asText()).isEqualTo("forbidden");
    }
}
