package dev.redcast.server;

import static dev.redcast.server.TestNodes.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.cluster.ControlSeal;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.nio.charset.StandardCharsets;
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
 * Control messages published straight to Redis by something that is not a node, as {@code redis-cli
 * PUBLISH} would, over two nodes on one real redis-server: each is ignored and counted, and clients
 * see nothing of it. The test client sees the forgery's channel message after a marker published
 * behind it, so a forgery that got through would arrive first (or be left over at teardown).
 */
class ControlForgeryIT {
    private static final AtomicInteger RUNS = new AtomicInteger();
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
        prefix = "f" + RUNS.incrementAndGet() + ":";
        nodeA = RedcastServer.start(config("a"));
        nodeB = RedcastServer.start(config("b"));
    }

    private dev.redcast.server.config.ServerConfig config(String node) {
        return TestNodes.config(redis.uri())
                .nodeId(node)
                .channelPrefix(prefix)
                .defaultChannels(List.of("general"))
                .presence(List.of("general"))
                .build();
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

    /** A client of {@code node} that has seen its own join in general. */
    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c = connect(node, user);
        clients.add(c);
        JsonNode join = c.expect("join");
        assertThat(join.get("user").asText()).isEqualTo(user);
        return c;
    }

    private void forge(String channel, String json) {
        redis.publish(prefix + "__redcast:" + channel, json);
    }

    private static ObjectNode json(String... keyValues) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put(keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    /** The next frame of each client is the marker published now, not what was forged before. */
    private void nextIsMarker(WsTestClient... cs) {
        redis.publish(prefix + "general", "marker");
        for (WsTestClient c : cs) {
            JsonNode m = c.expect("message");
            assertThat(m.get("payload").asText()).isEqualTo("marker");
        }
    }

    /** Waits until {@code node} counted a message on {@code channel} ignored for {@code reason}. */
    private static void awaitIgnored(RedcastServer node, String channel, String reason) {
        awaitIgnored(node, channel, reason, 1);
    }

    /** Waits until {@code node} counted {@code n} messages on {@code channel} ignored so. */
    private static void awaitIgnored(RedcastServer node, String channel, String reason, int n) {
        String line =
                "redcast_control_ignored_total{channel=\""
                        + channel
                        + "\",reason=\""
                        + reason
                        + "\"} ";
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                Http.get(node, "/metrics")
                                                .body()
                                                .lines()
                                                .filter(l -> l.startsWith(line))
                                                .mapToDouble(
                                                        l ->
                                                                Double.parseDouble(
                                                                        l.substring(line.length())))
                                                .sum()
                                        >= n);
    }

    private String keyOf(String node) {
        return (String) redis.command("HGET", prefix + "redcast:node:{" + node + "}", "key");
    }

    @Test
    void presenceJoinWithoutASeal_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        forge("presence", "{\"type\":\"join\",\"channel\":\"general\",\"user\":\"ghost\"}");
        nextIsMarker(wael);
        awaitIgnored(nodeA, "presence", "malformed");
    }

    @Test
    void presenceJoinFromAMadeUpNode_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        forge(
                "presence",
                sealed(
                        ControlSeal.generate("n-made-up"),
                        json("type", "join", "channel", "general", "user", "ghost")));
        nextIsMarker(wael);
        awaitIgnored(nodeA, "presence", "unknown_node");
    }

    @Test
    void presenceJoinNamingALiveNodeWithoutItsKey_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        forge(
                "presence",
                "{\"type\":\"join\",\"channel\":\"general\",\"user\":\"ghost\",\"node\":\"b\","
                        + "\"at\":"
                        + System.currentTimeMillis()
                        + ",\"sig\":\"c2lnbmVk\"}");
        nextIsMarker(wael);
        awaitIgnored(nodeA, "presence", "bad_signature");
    }

    @Test
    void presenceJoinSealedByALiveNode_namingAUserItDoesNotHold_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        WsTestClient mazen = client(nodeA, "mazen");
        assertThat(wael.expect("join").get("user").asText()).isEqualTo("mazen");
        // Node b's own key (as anyone who can read Redis could), for users it does not hold:
        // nobody at all, and mazen, who is on node a.
        ControlSeal b = ControlSeal.of("b", keyOf("b"));
        for (String user : new String[] {"ghost", "mazen"}) {
            forge("presence", sealed(b, json("type", "join", "channel", "general", "user", user)));
        }
        nextIsMarker(wael, mazen);
        awaitIgnored(nodeA, "presence", "not_held", 2);
    }

    @Test
    void presenceLeaveSealedByALiveNode_forAUserStillThere_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        ControlSeal b = ControlSeal.of("b", keyOf("b"));
        forge("presence", sealed(b, json("type", "leave", "channel", "general", "user", "wael")));
        nextIsMarker(wael);
        awaitIgnored(nodeA, "presence", "still_present");
    }

    @Test
    void garbageOnTheControlChannels_isIgnored() {
        WsTestClient wael = client(nodeA, "wael");
        forge("presence", "not json at all");
        forge("presence", "[\"join\",\"general\",\"ghost\"]");
        forge("presence", "{\"type\":\"join\",\"channel\":\"general\"");
        forge("admin", "{\"type\":\"disconnect\",\"user\":\"wael\"");
        nextIsMarker(wael);
        awaitIgnored(nodeA, "presence", "malformed", 3);
        awaitIgnored(nodeA, "admin", "malformed");
    }

    /** The client is still connected: a ping is answered and nothing else came first. */
    private static void assertOpen(WsTestClient c) {
        c.sendJson("type", "ping", "id", 7);
        assertThat(c.expect("pong").get("id").asInt()).isEqualTo(7);
    }

    private static String sealed(ControlSeal by, ObjectNode message) {
        return new String(by.seal(message, System.currentTimeMillis()), StandardCharsets.UTF_8);
    }

    @Test
    void adminDisconnectFromAMadeUpNode_isIgnored() {
        WsTestClient wael = client(nodeB, "wael");
        ObjectNode disconnect = json("type", "disconnect", "user", "wael").put("code", 4503);
        forge("admin", sealed(ControlSeal.generate("n-made-up"), disconnect));
        awaitIgnored(nodeB, "admin", "unknown_node");
        assertOpen(wael);
    }

    @Test
    void adminSubscribeNamingALiveNodeWithoutItsKey_isIgnored() {
        WsTestClient wael = client(nodeB, "wael");
        forge(
                "admin",
                "{\"type\":\"subscribe\",\"user\":\"wael\",\"channel\":\"news\","
                        + "\"node\":\"a\",\"at\":"
                        + System.currentTimeMillis()
                        + ",\"sig\":\"c2lnbmVk\"}");
        forge("admin", "{\"type\":\"disconnect\",\"user\":\"wael\",\"code\":4503}");
        awaitIgnored(nodeB, "admin", "bad_signature");
        awaitIgnored(nodeB, "admin", "malformed");
        redis.publish(prefix + "news", "not for wael");
        assertOpen(wael);
    }

    @Test
    void adminCommandReplayedLaterThanTheSkew_isIgnored() {
        WsTestClient wael = client(nodeB, "wael");
        ControlSeal a = ControlSeal.of("a", keyOf("a"));
        ObjectNode disconnect = json("type", "disconnect", "user", "wael").put("code", 4503);
        forge(
                "admin",
                new String(
                        a.seal(
                                disconnect,
                                System.currentTimeMillis() - ControlSeal.MAX_SKEW_MILLIS - 5000),
                        StandardCharsets.UTF_8));
        awaitIgnored(nodeB, "admin", "stale");
        assertOpen(wael);
    }
}
