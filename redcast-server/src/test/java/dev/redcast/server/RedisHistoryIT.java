package dev.redcast.server;

import static dev.redcast.server.TestNodes.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.BackendPublish;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History, recovery and the backend API on a real redis-server with two nodes. */
class RedisHistoryIT {
    static final String API_KEY = "backend-key";
    static final String RULES = "len:*=5/1h,age:*=100/2s,short:*=1/1h,h:*=1000/1h";

    private static RedisServer redis;
    private static RedcastServer nodeA;
    private static RedcastServer nodeB;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config(redis, "a"));
        nodeB = RedcastServer.start(config(redis, "b"));
    }

    static dev.redcast.server.config.ServerConfig config(RedisServer redis, String node) {
        return TestNodes.config(redis.uri())
                .nodeId(node)
                .apiKey(API_KEY)
                .history(HistoryRule.parseList(RULES))
                .build();
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

    private WsTestClient client(RedcastServer node) {
        WsTestClient c = connect(node, "u");
        clients.add(c);
        return c;
    }

    /** Publishes through the Redis function as a backend would; returns {offset, epoch}. */
    static List<Object> fcall(
            RedisServer redis, String channel, String payload, String redisChannel) {
        return BackendPublish.publish(
                redis,
                channel,
                redisChannel,
                payload,
                channel.startsWith("short:") ? 1 : 1000,
                3600,
                null);
    }

    private static JsonNode subscribe(WsTestClient c, String channel) {
        c.sendJson("type", "subscribe", "channel", channel);
        return c.expect("subscribed");
    }

    private static JsonNode history(WsTestClient c, String channel, int limit, Long before) {
        if (before == null) {
            c.sendJson("type", "history", "channel", channel, "limit", limit);
        } else {
            c.sendJson("type", "history", "channel", channel, "limit", limit, "before", before);
        }
        return c.expect("history");
    }

    private static List<Long> offsets(JsonNode messages) {
        List<Long> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("offset").asLong()));
        return out;
    }

    static HttpTestClient.Response apiPublish(RedcastServer node, String ch, String p) {
        return HttpTestClient.publish(node, API_KEY, ch, p);
    }

    @Test
    void redisFunctionAndApiPublish_liveAndHistorySeeTheSameOffsets() {
        WsTestClient listener = client(nodeB);
        JsonNode subscribed = subscribe(listener, "h:orders");
        assertThat(subscribed.get("offset").asLong()).isZero();
        assertThat(subscribed.get("epoch").asText()).isEmpty(); // no history has begun

        List<Object> viaFunction = fcall(redis, "h:orders", "from redis", "h:orders");
        HttpTestClient.Response viaApi = apiPublish(nodeA, "h:orders", "from api");

        String epoch = (String) viaFunction.get(1);
        assertThat(viaFunction).containsExactly((Object) 1L, epoch);
        assertThat(epoch).isNotEmpty();
        assertThat(viaApi.status()).isEqualTo(200);
        assertThat(viaApi.body().get("offset").asLong()).isEqualTo(2);
        assertThat(viaApi.body().get("epoch").asText()).isEqualTo(epoch);
        JsonNode live1 = listener.expect("message");
        JsonNode live2 = listener.expect("message");
        assertThat(live1.get("payload").asText()).isEqualTo("from redis");
        assertThat(live1.get("offset").asLong()).isEqualTo(1);
        assertThat(live2.get("payload").asText()).isEqualTo("from api");
        assertThat(live2.get("offset").asLong()).isEqualTo(2);

        JsonNode ws = history(client(nodeA), "h:orders", 10, null);
        assertThat(ws.get("messages")).containsExactly(live1, live2);
        assertThat(ws.get("offset").asLong()).isEqualTo(2);
        assertThat(ws.get("epoch").asText()).isEqualTo(epoch);
        HttpTestClient.Response http = HttpTestClient.get(nodeB, "/api/history/h:orders", API_KEY);
        assertThat(http.status()).isEqualTo(200);
        assertThat(http.body().get("messages")).containsExactly(live1, live2);
        assertThat(http.body().get("offset").asLong()).isEqualTo(2);
    }

    @Test
    void api_refusesWrongKeysAndBadInput_withJsonErrors() {
        HttpTestClient.Response wrong =
                HttpTestClient.post(
                        nodeA, "/api/publish", "nope", "{\"channel\":\"h:x\",\"payload\":\"p\"}");
        HttpTestClient.Response missing = HttpTestClient.get(nodeA, "/api/history/h:x", null);
        HttpTestClient.Response badJson =
                HttpTestClient.post(nodeA, "/api/publish", API_KEY, "{\"channel\":");
        HttpTestClient.Response badType =
                HttpTestClient.post(
                        nodeA, "/api/publish", API_KEY, "{\"channel\":\"h:x\",\"payload\":5}");
        HttpTestClient.Response badLimit =
                HttpTestClient.get(nodeA, "/api/history/h:x?limit=-1", API_KEY);
        HttpTestClient.Response badChannels =
                HttpTestClient.post(
                        nodeA, "/api/broadcast", API_KEY, "{\"channels\":[1],\"payload\":\"p\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("error").asText()).isEqualTo("unauthorized");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body().get("error").asText()).isEqualTo("bad_request");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body().get("message").asText()).contains("'payload' must be a string");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badChannels.status()).isEqualTo(400);
        assertThat(badChannels.body().get("message").asText()).contains("channels[0]");
    }

    @Test
    void broadcast_publishesToEachChannel_withPerChannelResults() {
        WsTestClient listener = client(nodeA);
        subscribe(listener, "h:b1");
        subscribe(listener, "plain:b2");

        HttpTestClient.Response r =
                HttpTestClient.post(
                        nodeB,
                        "/api/broadcast",
                        API_KEY,
                        "{\"channels\":[\"h:b1\",\"plain:b2\"],\"payload\":\"all\"}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.body().get("results");
        assertThat(results.get(0).get("channel").asText()).isEqualTo("h:b1");
        assertThat(results.get(0).get("offset").asLong()).isEqualTo(1);
        assertThat(results.get(1).get("channel").asText()).isEqualTo("plain:b2");
        assertThat(results.get(1).has("offset")).isFalse();
        List<JsonNode> got = listener.next(2, Duration.ofSeconds(5));
        assertThat(got).extracting(m -> m.get("channel").asText()).contains("h:b1", "plain:b2");
    }

    @Test
    void historyLength_keepsOnlyTheNewestMessages() {
        for (int i = 1; i <= 8; i++) {
            assertThat(apiPublish(nodeA, "len:a", "m" + i).status()).isEqualTo(200);
        }

        JsonNode h = history(client(nodeB), "len:a", 50, null);

        assertThat(offsets(h.get("messages"))).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(h.get("offset").asLong()).isEqualTo(8);
    }

    @Test
    void historyAge_dropsOldMessages_butKeepsTheEpochAndOffsets() {
        WsTestClient c = client(nodeA);
        for (int i = 1; i <= 3; i++) {
            apiPublish(nodeA, "age:a", "m" + i);
        }
        String epoch = history(c, "age:a", 50, null).get("epoch").asText();
        assertThat(offsets(history(c, "age:a", 50, null).get("messages")))
                .containsExactly(1L, 2L, 3L);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> history(c, "age:a", 50, null).get("messages").isEmpty());

        HttpTestClient.Response next = apiPublish(nodeA, "age:a", "m4");
        assertThat(next.body().get("offset").asLong()).isEqualTo(4);
        assertThat(next.body().get("epoch").asText()).isEqualTo(epoch);
        assertThat(offsets(history(c, "age:a", 50, null).get("messages"))).containsExactly(4L);
    }

    @Test
    void historyPaging_withBefore_walksBackwards() {
        for (int i = 1; i <= 10; i++) {
            apiPublish(nodeA, "h:page", "m" + i);
        }
        WsTestClient c = client(nodeB);

        assertThat(offsets(history(c, "h:page", 3, null).get("messages")))
                .containsExactly(8L, 9L, 10L);
        assertThat(offsets(history(c, "h:page", 3, 8L).get("messages")))
                .containsExactly(5L, 6L, 7L);
        assertThat(offsets(history(c, "h:page", 3, 2L).get("messages"))).containsExactly(1L);
        assertThat(history(c, "h:page", 3, 1L).get("messages")).isEmpty();
        HttpTestClient.Response http =
                HttpTestClient.get(nodeA, "/api/history/h:page?limit=2&before=5", API_KEY);
        assertThat(offsets(http.body().get("messages"))).containsExactly(3L, 4L);
    }

    @Test
    void history_ofAChannelWithoutHistory_isEmptyWithoutOffset() {
        JsonNode h = history(client(nodeA), "plain:none", 10, null);

        assertThat(h.get("messages")).isEmpty();
        assertThat(h.has("offset")).isFalse();
        assertThat(h.has("epoch")).isFalse();
    }

    @Test
    void subscribeWithHistory_sendsTheLastMessagesInTheReply_thenLive() {
        for (int i = 1; i <= 5; i++) {
            apiPublish(nodeA, "h:last", "m" + i);
        }
        WsTestClient c = client(nodeB);
        c.sendJson("type", "subscribe", "channel", "h:last", "history", 3);

        JsonNode reply = c.expect("subscribed");
        assertThat(offsets(reply.get("messages"))).containsExactly(3L, 4L, 5L);
        assertThat(reply.get("messages").get(0).get("payload").asText()).isEqualTo("m3");
        assertThat(reply.get("offset").asLong()).isEqualTo(5);

        apiPublish(nodeA, "h:last", "m6");
        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(6);
    }

    @Test
    void recovery_onAnotherNode_getsExactlyWhatWasMissed() {
        WsTestClient first = client(nodeA);
        subscribe(first, "h:rec");
        for (int i = 1; i <= 3; i++) {
            apiPublish(nodeB, "h:rec", "m" + i);
        }
        List<JsonNode> seen = first.next(3, Duration.ofSeconds(5));
        assertThat(seen).extracting(m -> m.get("offset").asLong()).containsExactly(1L, 2L, 3L);
        String epoch = seen.get(2).get("epoch").asText();
        first.close();
        clients.remove(first);
        for (int i = 4; i <= 6; i++) {
            apiPublish(nodeB, "h:rec", "m" + i);
        }

        WsTestClient again = client(nodeB);
        JsonNode reply = RecoverySoak.subscribeSince(again, "h:rec", 3, epoch);

        assertThat(reply.get("recovered").asBoolean()).isTrue();
        assertThat(offsets(reply.get("messages"))).containsExactly(4L, 5L, 6L);
        assertThat(reply.get("offset").asLong()).isEqualTo(6);
        apiPublish(nodeA, "h:rec", "m7");
        assertThat(again.expect("message").get("offset").asLong()).isEqualTo(7);
    }

    @Test
    void recovery_withAWrongEpoch_isNotRecovered() {
        apiPublish(nodeA, "h:epoch", "m1");
        WsTestClient c = client(nodeA);
        JsonNode reply = RecoverySoak.subscribeSince(c, "h:epoch", 1, "not-the-epoch");
        assertThat(reply.get("recovered").asBoolean()).isFalse();
        assertThat(reply.get("messages")).isEmpty();
        assertThat(reply.get("offset").asLong()).isEqualTo(1);
    }

    @Test
    void plainRedisPublish_onAHistoryChannel_isDeliveredWithoutOffset_andIsNoGap() {
        WsTestClient c = client(nodeA);
        subscribe(c, "h:plain");

        redis.publish("h:plain", "raw1");
        fcall(redis, "h:plain", "kept", "h:plain");
        redis.publish("h:plain", "raw2");

        JsonNode raw1 = c.expect("message");
        assertThat(raw1.get("payload").asText()).isEqualTo("raw1");
        assertThat(raw1.has("offset")).isFalse();
        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(1);
        assertThat(c.expect("message").get("payload").asText()).isEqualTo("raw2");
    }

    @Test
    void liveGap_isRepairedFromTheHistory() {
        WsTestClient c = client(nodeB);
        subscribe(c, "h:gap");

        fcall(redis, "h:gap", "one", "h:gap");
        // Stored but published elsewhere: the node never sees offset 2 live.
        fcall(redis, "h:gap", "two", "somewhere-else");
        fcall(redis, "h:gap", "three", "h:gap");

        assertThat(c.next(3, Duration.ofSeconds(5)))
                .extracting(m -> m.get("payload").asText() + "@" + m.get("offset").asLong())
                .containsExactly("one@1", "two@2", "three@3");
    }

    @Test
    void liveGap_beyondTheHistory_isReportedUnrecoverable_andStaysLive() {
        WsTestClient c = client(nodeA);
        subscribe(c, "short:gap");

        fcall(redis, "short:gap", "one", "short:gap");
        fcall(redis, "short:gap", "two", "somewhere-else");
        fcall(redis, "short:gap", "three", "somewhere-else");
        fcall(redis, "short:gap", "four", "short:gap");

        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(1);
        JsonNode error = c.expect("error");
        assertThat(error.get("code").asText()).isEqualTo("unrecoverable");
        assertThat(error.get("channel").asText()).isEqualTo("short:gap");
        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(4);
        fcall(redis, "short:gap", "five", "short:gap");
        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(5);
    }

    @Test
    void liveGap_beyondTheHistory_isNoFrameAtAll_forAClientWithoutSubprotocol() {
        // A client of the original forwarder parses every frame as a message: it gets messages.
        WsTestClient c =
                WsTestClient.builder(TestNodes.wsUri(nodeA, "legacy")).subprotocol(null).connect();
        clients.add(c);
        c.sendJson("type", "subscribe", "id", 1, "channel", "short:legacy");
        c.expect("subscribed");

        fcall(redis, "short:legacy", "one", "short:legacy");
        fcall(redis, "short:legacy", "two", "somewhere-else");
        fcall(redis, "short:legacy", "three", "somewhere-else");
        fcall(redis, "short:legacy", "four", "short:legacy");
        fcall(redis, "short:legacy", "five", "short:legacy");

        assertThat(c.next(3, Duration.ofSeconds(5)))
                .extracting(m -> m.get("type").asText() + ":" + m.get("payload").asText())
                .containsExactly("message:one", "message:four", "message:five");
    }

    @Test
    void functionLibraryLostInRedis_isLoadedAgainByTheNextPublish() {
        apiPublish(nodeA, "h:flush", "m1");
        redis.command("FUNCTION", "FLUSH");

        HttpTestClient.Response r = apiPublish(nodeB, "h:flush", "m2");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("offset").asLong()).isEqualTo(2);
        assertThat(fcall(redis, "h:flush", "m3", "h:flush").get(0)).isEqualTo(3L);
    }

    @Test
    void pubSubConnectionRebuilt_messagesMissedMeanwhileAreRepaired_inOrder() {
        WsTestClient c = client(nodeA);
        subscribe(c, "h:rebuild");
        fcall(redis, "h:rebuild", "one", "h:rebuild");
        assertThat(c.expect("message").get("offset").asLong()).isEqualTo(1);

        redis.command("CLIENT", "KILL", "TYPE", "pubsub");
        fcall(redis, "h:rebuild", "two", "h:rebuild");
        fcall(redis, "h:rebuild", "three", "h:rebuild");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> redis.numsub("h:rebuild").get("h:rebuild") >= 1);
        fcall(redis, "h:rebuild", "four", "h:rebuild");

        assertThat(c.next(3, Duration.ofSeconds(10)))
                .extracting(m -> m.get("payload").asText() + "@" + m.get("offset").asLong())
                .containsExactly("two@2", "three@3", "four@4");
    }
}
