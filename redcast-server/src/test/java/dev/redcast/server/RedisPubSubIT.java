package dev.redcast.server;

import static dev.redcast.server.TestNodes.connect;
import static dev.redcast.server.TestNodes.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway on a real redis-server: Redis PUBLISH to clients, clients across two nodes. */
class RedisPubSubIT {
    private static RedisServer redis;
    private static RedcastServer nodeA;
    private static RedcastServer nodeB;
    private final java.util.List<WsTestClient> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .nodeId("a")
                                .defaultChannels(List.of("mempool:tx_analysis"))
                                .build());
        nodeB = RedcastServer.start(TestNodes.config(redis.uri()).nodeId("b").build());
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        for (WsTestClient c : clients) {
            c.assertExhausted();
            c.close();
        }
    }

    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c = connect(node, user);
        clients.add(c);
        return c;
    }

    @Test
    void welcome_listsDefaultChannels_andDefaultChannelReceivesRedisPublish() {
        WsTestClient c = WsTestClient.builder(TestNodes.wsUri(nodeA, "wael")).connect();
        clients.add(c);
        JsonNode welcome = c.expect("welcome");
        assertThat(welcome.get("user").asText()).isEqualTo("wael");
        assertThat(welcome.get("node").asText()).isEqualTo("a");
        assertThat(welcome.get("ping_interval").asInt()).isEqualTo(25);
        assertThat(welcome.get("subscriptions").get(0).asText()).isEqualTo("mempool:tx_analysis");

        redis.publish("mempool:tx_analysis", "{\"tx_hash\":\"0x1\"}");

        JsonNode m = c.expect("message");
        assertThat(m.get("channel").asText()).isEqualTo("mempool:tx_analysis");
        assertThat(m.get("payload").asText()).isEqualTo("{\"tx_hash\":\"0x1\"}");
        assertThat(m.get("timestamp").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(m.has("offset")).isFalse();
        assertThat(m.has("from")).isFalse();
    }

    @Test
    void redisPublish_reachesSubscribersOnBothNodes_verbatim() {
        WsTestClient a = client(nodeA, "a1");
        WsTestClient b = client(nodeB, "b1");
        subscribe(a, "orders", false);
        subscribe(b, "orders", false);

        assertThat(redis.publish("orders", "line1\nline2 \"quoted\" ✓")).isEqualTo(2);

        for (WsTestClient c : List.of(a, b)) {
            JsonNode m = c.expect("message");
            assertThat(m.get("payload").asText()).isEqualTo("line1\nline2 \"quoted\" ✓");
        }
    }

    @Test
    void clientPublish_reachesSubscriberOnSecondNode_withServerSetFrom() {
        WsTestClient publisher = client(nodeA, "mazen");
        WsTestClient listener = client(nodeB, "wael");
        subscribe(listener, "chat:room1", false);

        publisher.sendJson(
                "type",
                "publish",
                "id",
                7,
                "channel",
                "chat:room1",
                "payload",
                "hello",
                "from",
                "spoofed");

        JsonNode published = publisher.expect("published");
        assertThat(published.get("id").asLong()).isEqualTo(7);
        JsonNode m = listener.expect("message");
        assertThat(m.get("payload").asText()).isEqualTo("hello");
        assertThat(m.get("from").asText()).isEqualTo("mazen");
    }

    @Test
    void patternSubscription_receivesMatchingChannels_withPatternField() {
        WsTestClient c = client(nodeB, "p");
        subscribe(c, "news:*", true);

        redis.publish("news:sport", "goal");
        redis.publish("weather:today", "rain");
        redis.publish("news:tech", "chips");

        JsonNode first = c.expect("message");
        assertThat(first.get("channel").asText()).isEqualTo("news:sport");
        assertThat(first.get("pattern").asText()).isEqualTo("news:*");
        assertThat(c.expect("message").get("channel").asText()).isEqualTo("news:tech");
    }

    @Test
    void invalidUtf8Payload_arrivesAsBase64() {
        WsTestClient c = client(nodeA, "bin");
        subscribe(c, "binary", false);
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'a', 0};

        redis.publish("binary", raw);

        JsonNode m = c.expect("message");
        assertThat(m.has("payload")).isFalse();
        assertThat(Base64.getDecoder().decode(m.get("payload_b64").asText())).isEqualTo(raw);
    }

    @Test
    void nodeSubscribesOnlyWhileALocalSubscriberExists() {
        assertThat(redis.numsub("local:interest")).containsEntry("local:interest", 0L);
        WsTestClient c1 = client(nodeA, "c1");
        WsTestClient c2 = client(nodeA, "c2");
        subscribe(c1, "local:interest", false);
        subscribe(c2, "local:interest", false);
        assertThat(redis.numsub("local:interest")).containsEntry("local:interest", 1L);

        c1.sendJson("type", "unsubscribe", "channel", "local:interest");
        c1.expect("unsubscribed");
        assertThat(redis.numsub("local:interest")).containsEntry("local:interest", 1L);

        c2.sendJson("type", "unsubscribe", "channel", "local:interest");
        c2.expect("unsubscribed");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.numsub("local:interest").get("local:interest") == 0L);

        long patternsBefore = redis.numpat();
        subscribe(c1, "gone:*", true);
        assertThat(redis.numpat()).isEqualTo(patternsBefore + 1);
        c1.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.numpat() == patternsBefore);
    }

    @Test
    void clientWithoutSubprotocol_getsNoWelcome_butMessagesAndReplies() {
        WsTestClient legacy =
                WsTestClient.builder(TestNodes.wsUri(nodeA, null)).subprotocol(null).connect();
        clients.add(legacy);
        assertThat(legacy.subprotocol()).isNull();
        legacy.sendJson("type", "subscribe", "channel", "legacy");
        legacy.expect("subscribed");
        redis.publish("legacy", "x");
        assertThat(legacy.expect("message").get("payload").asText()).isEqualTo("x");
    }
}
