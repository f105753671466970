package dev.redcast.server;

import static dev.redcast.server.TestNodes.API_KEY;
import static dev.redcast.server.TestNodes.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API over two nodes on one real redis-server: every action taken on one node reaches the
 * connections on both, and only the API key opens it.
 */
class AdminApiIT {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private String prefix;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        prefix = "adm" + RUNS.incrementAndGet() + ":";
        nodeA = RedcastServer.start(config("a"));
        nodeB = RedcastServer.start(config("b"));
    }

    private dev.redcast.server.config.ServerConfig config(String node) {
        return TestNodes.config(redis.uri()).nodeId(node).channelPrefix(prefix).build();
    }

    @AfterEach
    void closeAll() {
        try {
            for (WsTestClient c : clients) {
                c.assertExhausted();
            }
        } finally {
            clients.forEach(WsTestClient::close);
            nodeA.close();
            nodeB.close();
        }
    }

    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c = connect(node, user);
        clients.add(c);
        return c;
    }

    private static Http.Response post(RedcastServer node, String path, String body) {
        return Http.call(node.port(), "POST", path, API_KEY, body);
    }

    private static Http.Response get(RedcastServer node, String path) {
        return Http.call(node.port(), "GET", path, API_KEY, null);
    }

    /** The answer to an action taken by {@code node}: how many of its connections it changed. */
    private static void assertSent(Http.Response r, String node, int connections) {
        assertThat(r.status()).as("%s", r.json()).isEqualTo(200);
        assertThat(r.json().get("node").asText()).isEqualTo(node);
        assertThat(r.json().get("connections").asInt()).isEqualTo(connections);
        assertThat(r.json().get("sent_to").asText()).isEqualTo("every node");
    }

    /** The client is still connected: a ping is answered and nothing else came first. */
    private static void assertOpen(WsTestClient c) {
        c.sendJson("type", "ping", "id", 99);
        assertThat(c.expect("pong").get("id").asInt()).isEqualTo(99);
    }

    private void publish(String channel, String payload) {
        redis.publish(prefix + channel, payload);
    }

    @Test
    void disconnectAUser_closesItsConnectionsOnBothNodesWith4503() {
        WsTestClient onB = client(nodeB, "wael");
        WsTestClient onA = client(nodeA, "wael");
        WsTestClient mazen = client(nodeB, "mazen");

        assertSent(post(nodeA, "/api/disconnect", "{\"user\":\"wael\"}"), "a", 1);

        assertThat(onA.awaitClose(CLOSE_WAIT).code()).isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
        WsTestClient.CloseStatus closed = onB.awaitClose(CLOSE_WAIT);
        assertThat(closed.code()).isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
        assertThat(closed.reason()).isEqualTo("disconnected by an administrator");
        assertThat(CloseCodes.isTerminal(closed.code())).isTrue();
        assertOpen(mazen);
    }

    @Test
    void disconnectWithReconnect_closesWith4011_andTheUserMayComeBack() {
        WsTestClient onB = client(nodeB, "wael");

        assertSent(
                post(nodeA, "/api/disconnect", "{\"user\":\"wael\",\"reconnect\":true}"), "a", 0);

        int code = onB.awaitClose(CLOSE_WAIT).code();
        assertThat(code).isEqualTo(CloseCodes.FORCED_RECONNECT);
        assertThat(CloseCodes.isTerminal(code)).isFalse();
        assertOpen(client(nodeB, "wael"));
    }

    @Test
    void disconnectOneClient_closesOnlyThatConnection() {
        WsTestClient first = WsTestClient.builder(TestNodes.wsUri(nodeB, "wael")).connect();
        clients.add(first);
        String id = first.expect("welcome").get("client").asText();
        WsTestClient second = client(nodeB, "wael");

        assertSent(post(nodeA, "/api/disconnect", "{\"client\":\"" + id + "\"}"), "a", 0);

        assertThat(first.awaitClose(CLOSE_WAIT).code()).isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
        assertOpen(second);
    }

    @Test
    void subscribeAUser_reachesItsConnectionsOnBothNodes_andMessagesFollow() {
        WsTestClient onA = client(nodeA, "wael");
        WsTestClient onB = client(nodeB, "wael");
        WsTestClient listenOnly =
                WsTestClient.builder(TestNodes.wsUri(nodeB, "wael")).subprotocol(null).connect();
        clients.add(listenOnly);
        WsTestClient mazen = client(nodeB, "mazen");

        assertSent(
                post(nodeA, "/api/subscribe", "{\"user\":\"wael\",\"channel\":\"news\"}"), "a", 1);

        for (WsTestClient c : List.of(onA, onB)) {
            JsonNode subscribed = c.expect("subscribed");
            assertThat(subscribed.get("channel").asText()).isEqualTo("news");
            assertThat(subscribed.has("id")).isFalse();
        }
        // Both nodes subscribed upstream before confirming; the listen-only connection of node b
        // is told nothing but shares the channel and its messages.
        assertThat(redis.numsub(prefix + "news").get(prefix + "news")).isEqualTo(2);
        publish("news", "hello");
        for (WsTestClient c : List.of(onA, onB, listenOnly)) {
            assertThat(c.expect("message").get("payload").asText()).isEqualTo("hello");
        }
        assertOpen(mazen);

        assertSent(
                post(nodeB, "/api/unsubscribe", "{\"user\":\"wael\",\"channel\":\"news\"}"),
                "b",
                2);
        for (WsTestClient c : List.of(onA, onB)) {
            assertThat(c.expect("unsubscribed").get("channel").asText()).isEqualTo("news");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.numsub(prefix + "news").get(prefix + "news") == 0);
        publish("news", "after");
        assertOpen(onA);
        assertOpen(onB);
    }

    @Test
    void subscribeByTheServer_keepsTheConnectionsSubscriptionLimit() {
        nodeB.close();
        nodeB =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .nodeId("b")
                                .channelPrefix(prefix)
                                .maxSubscriptions(1)
                                .build());
        WsTestClient full = client(nodeB, "wael");
        TestNodes.subscribe(full, "mine", false);

        assertSent(
                post(nodeB, "/api/subscribe", "{\"user\":\"wael\",\"channel\":\"news\"}"), "b", 0);
        assertOpen(full);
    }

    @Test
    void info_showsBothNodesWithTheirCounts() {
        client(nodeA, "wael");
        WsTestClient onB = client(nodeB, "mazen");
        TestNodes.subscribe(onB, "news", false);
        client(nodeB, "rana");

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> {
                            JsonNode info = get(nodeA, "/api/info").json();
                            assertThat(info.get("nodes")).hasSize(2);
                            JsonNode a = info.get("nodes").get(0);
                            JsonNode b = info.get("nodes").get(1);
                            assertThat(a.get("id").asText()).isEqualTo("a");
                            assertThat(a.get("connections").asInt()).isEqualTo(1);
                            assertThat(b.get("id").asText()).isEqualTo("b");
                            assertThat(b.get("connections").asInt()).isEqualTo(2);
                            assertThat(b.get("subscriptions").asInt()).isEqualTo(1);
                            assertThat(b.get("channels").asInt()).isEqualTo(1);
                            assertThat(info.get("connections").asInt()).isEqualTo(3);
                        });
        JsonNode a = get(nodeB, "/api/info").json().get("nodes").get(0);
        assertThat(a.get("version").asText()).isEqualTo(Version.current());
        assertThat(a.get("uptime_seconds").asLong()).isNotNegative();
        assertThat(a.get("started_at").asText()).endsWith("Z");
        assertThat(a.has("key")).isFalse();
    }

    @Test
    void channels_sumsSubscribersOverNodes_aPageAtATime() {
        WsTestClient onA = client(nodeA, "wael");
        WsTestClient onB = client(nodeB, "mazen");
        for (String ch : List.of("c1", "c2", "c3")) {
            TestNodes.subscribe(onA, ch, false);
        }
        for (String ch : List.of("c2", "c3")) {
            TestNodes.subscribe(onB, ch, false);
        }

        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                get(nodeA, "/api/channels")
                                        .json()
                                        .toString()
                                        .contains("\"c3\",\"subscribers\":2"));
        HttpResponse<String> first =
                Http.send(
                        HttpRequest.newBuilder(Http.uri(nodeA, "/api/channels?limit=2"))
                                .header("Authorization", "Bearer " + API_KEY)
                                .build());
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = Http.json(first.body());
        assertThat(page.get("channels").toString())
                .isEqualTo(
                        "[{\"name\":\"c1\",\"subscribers\":1},{\"name\":\"c2\",\"subscribers\":2}]");
        assertThat(page.get("complete").asBoolean()).isTrue();
        String next = page.get("next").asText();
        assertThat(first.headers().firstValue("X-Next-Cursor")).hasValue(next);
        assertThat(first.headers().firstValue("Link"))
                .hasValue("</api/channels?limit=2&cursor=" + next + ">; rel=\"next\"");

        JsonNode last = get(nodeA, "/api/channels?limit=2&cursor=" + next).json();
        assertThat(last.get("channels").toString())
                .isEqualTo("[{\"name\":\"c3\",\"subscribers\":2}]");
        assertThat(last.has("next")).isFalse();
        assertThat(get(nodeA, "/api/channels?limit=0").status()).isEqualTo(400);
        assertThat(get(nodeA, "/api/channels?cursor=%25%25").status()).isEqualTo(400);
    }

    @Test
    void wrongOrMissingKey_orTheClientToken_gets401() {
        WsTestClient wael = client(nodeB, "wael");
        String[][] calls = {
            {"POST", "/api/disconnect", "{\"user\":\"wael\"}"},
            {"POST", "/api/subscribe", "{\"user\":\"wael\",\"channel\":\"x\"}"},
            {"POST", "/api/unsubscribe", "{\"user\":\"wael\",\"channel\":\"x\"}"},
            {"GET", "/api/info", null},
            {"GET", "/api/channels", null},
            {"POST", "/api/publish", "{\"channel\":\"x\",\"payload\":\"p\"}"}
        };
        for (String[] c : calls) {
            for (String key : new String[] {null, "wrong", TestNodes.TOKEN}) {
                Http.Response r = Http.call(nodeA.port(), c[0], c[1], key, c[2]);
                assertThat(r.status()).as("%s %s with key %s", c[0], c[1], key).isEqualTo(401);
                assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
            }
        }
        assertOpen(wael);
    }

    @Test
    void badRequests_get400_sayingWhy() {
        assertBad("/api/disconnect", "{}", "name either a 'user' or a 'client'");
        assertBad(
                "/api/disconnect",
                "{\"user\":\"u\",\"client\":\"c\"}",
                "name either a 'user' or a 'client', not both");
        assertBad("/api/disconnect", "{\"user\":\"u\",\"reconnect\":\"yes\"}", "true or false");
        assertBad("/api/disconnect", "{\"user\":5}", "field 'user' must be a string");
        assertBad("/api/subscribe", "{\"user\":\"u\"}", "missing field 'channel'");
        assertBad(
                "/api/subscribe",
                "{\"user\":\"u\",\"channel\":\"__redcast:admin\"}",
                "reserved for the server");
        assertBad("/api/unsubscribe", "{\"channel\":\"x\"}", "'user' must be a user name");
        assertBad("/api/subscribe", "[1]", "the body must be a JSON object");
    }

    private void assertBad(String path, String body, String message) {
        Http.Response r = post(nodeA, path, body);
        assertThat(r.status()).as("%s %s", path, body).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(r.json().get("message").asText()).contains(message);
    }

    @Test
    void embeddedBroker_disconnectsAndReportsItself() {
        try (RedcastServer single =
                RedcastServer.start(
                        dev.redcast.server.config.ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TestNodes.TOKEN)
                                .apiKey(API_KEY)
                                .nodeId("solo")
                                .summaryIntervalSeconds(0)
                                .build())) {
            WsTestClient wael = client(single, "wael");
            assertSent(post(single, "/api/disconnect", "{\"user\":\"wael\"}"), "solo", 1);
            assertThat(wael.awaitClose(CLOSE_WAIT).code())
                    .isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
            JsonNode nodes = get(single, "/api/info").json().get("nodes");
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).get("id").asText()).isEqualTo("solo");
        }
    }

    @Test
    void redisDown_theCommandIsAppliedHere_andTheAnswerSays503() {
        try (RedisServer own = RedisServer.start();
                RedcastServer node =
                        RedcastServer.start(TestNodes.config(own.uri()).nodeId("lonely").build())) {
            WsTestClient wael = client(node, "wael");
            own.stop();
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    Http.call(node.port(), "GET", "/ready", null, null).status()
                                            == 503);

            Http.Response r = post(node, "/api/disconnect", "{\"user\":\"wael\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("message").asText())
                    .startsWith(
                            "applied to 1 connections of this node but not sent to the other nodes");
            assertThat(wael.awaitClose(CLOSE_WAIT).code())
                    .isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
        }
    }
}
