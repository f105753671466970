package dev.redcast.server;

import static dev.redcast.server.TestNodes.connect;
import static dev.redcast.server.TestNodes.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence across two nodes on one real redis-server: who is online, join/leave, persist. */
class PresenceIT {
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

    /** Fresh nodes with a fresh key prefix per test, so no event of one test reaches the next. */
    @BeforeEach
    void startNodes() {
        prefix = "t" + RUNS.incrementAndGet() + ":";
        nodeA = RedcastServer.start(config("a"));
        nodeB = RedcastServer.start(config("b"));
    }

    private dev.redcast.server.config.ServerConfig config(String node) {
        return TestNodes.config(redis.uri())
                .claimedIdentityWrites(true)
                .nodeId(node)
                .channelPrefix(prefix)
                .apiKey("k3y")
                .defaultChannels(List.of("general"))
                .presence(List.of("chat:*", "general"))
                .build();
    }

    @AfterEach
    void closeClients() {
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

    /** Asks for presence until it shows {@code expected} (entries are written asynchronously). */
    private static void awaitPresence(WsTestClient c, String channel, String expected) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            c.sendJson("type", "presence", "id", 3, "channel", channel);
                            JsonNode p = c.expect("presence");
                            assertThat(p.get("id").asLong()).isEqualTo(3);
                            assertThat(p.get("channel").asText()).isEqualTo(channel);
                            assertThat(p.get("users").toString()).isEqualTo(expected);
                        });
    }

    private void awaitUsers(String... users) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Http.strings(Http.get(nodeA.port(), "/users")).equals(List.of(users)));
    }

    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c = connect(node, user);
        clients.add(c);
        return c;
    }

    /** Reads frames until one of {@code type} for {@code user}; other joins of general pass. */
    private static JsonNode expectEvent(WsTestClient c, String type, String channel, String user) {
        JsonNode f = c.expect(type);
        assertThat(f.get("channel").asText()).isEqualTo(channel);
        assertThat(f.get("user").asText()).isEqualTo(user);
        return f;
    }

    @Test
    void usersOnBothNodes_appearInUsersAndPresence() {
        WsTestClient wael = client(nodeA, "wael");
        expectEvent(wael, "join", "general", "wael");
        WsTestClient mazen = client(nodeB, "mazen");
        expectEvent(mazen, "join", "general", "mazen");
        expectEvent(wael, "join", "general", "mazen");
        WsTestClient mazen2 = client(nodeA, "mazen");

        awaitUsers("mazen", "wael");
        assertThat(Http.strings(Http.get(nodeB.port(), "/users"))).containsExactly("mazen", "wael");
        assertThat(Http.strings(Http.get(nodeA.port(), "/user/mazen/channels")))
                .containsExactly("general");
        awaitPresence(
                mazen2,
                "general",
                "[{\"user\":\"mazen\",\"connections\":2},"
                        + "{\"user\":\"wael\",\"connections\":1}]");

        Http.Response api = Http.call(nodeB.port(), "GET", "/api/presence/general", "k3y", null);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().get("users").size()).isEqualTo(2);
        assertThat(Http.call(nodeB.port(), "GET", "/api/presence/general", null, null).status())
                .isEqualTo(401);

        // mazen's second connection is not a new join, and closing it is not a leave.
        mazen2.close();
        clients.remove(mazen2);
        mazen.close();
        clients.remove(mazen);
        expectEvent(wael, "leave", "general", "mazen");
        awaitUsers("wael");
    }

    @Test
    void joinAndLeave_reachSubscribersOnTheOtherNode_onlyForPresenceChannels() {
        WsTestClient wael = client(nodeA, "wael");
        expectEvent(wael, "join", "general", "wael");
        subscribe(wael, "chat:room1", false);
        expectEvent(wael, "join", "chat:room1", "wael");
        subscribe(wael, "plain", false);

        WsTestClient mazen = client(nodeB, "mazen");
        expectEvent(wael, "join", "general", "mazen");
        expectEvent(mazen, "join", "general", "mazen");
        subscribe(mazen, "chat:room1", false);
        expectEvent(mazen, "join", "chat:room1", "mazen");
        expectEvent(wael, "join", "chat:room1", "mazen");
        subscribe(mazen, "plain", false); // no presence announced here

        mazen.sendJson("type", "unsubscribe", "channel", "chat:room1");
        mazen.expect("unsubscribed");
        expectEvent(wael, "leave", "chat:room1", "mazen");

        // A client without redcast.v1 never gets join/leave frames.
        WsTestClient legacy =
                WsTestClient.builder(TestNodes.wsUri(nodeB, "legacy")).subprotocol(null).connect();
        clients.add(legacy);
        expectEvent(wael, "join", "general", "legacy");
        expectEvent(mazen, "join", "general", "legacy");
        legacy.close();
        clients.remove(legacy);
        expectEvent(wael, "leave", "general", "legacy");
        expectEvent(mazen, "leave", "general", "legacy");
        mazen.close();
        clients.remove(mazen);
        expectEvent(wael, "leave", "general", "mazen");
    }

    @Test
    void persistedSubscription_isRestoredOnTheOtherNode_andForgottenOnUnsubscribe() {
        WsTestClient first = client(nodeA, "rana");
        expectEvent(first, "join", "general", "rana");
        first.sendJson("type", "subscribe", "channel", "chat:saved", "persist", true);
        first.expect("subscribed");
        expectEvent(first, "join", "chat:saved", "rana");
        first.close();
        clients.remove(first);
        awaitUsers();

        WsTestClient again = WsTestClient.builder(TestNodes.wsUri(nodeB, "rana")).connect();
        clients.add(again);
        JsonNode welcome = again.expect("welcome");
        assertThat(Http.strings(welcome.get("subscriptions")))
                .containsExactly("general", "chat:saved");
        expectJoins(again, "rana", "general", "chat:saved");

        redis.publish(prefix + "chat:saved", "restored");
        assertThat(again.expect("message").get("payload").asText()).isEqualTo("restored");

        again.sendJson("type", "unsubscribe", "channel", "chat:saved");
        again.expect("unsubscribed");
        again.close();
        clients.remove(again);
        awaitUsers();

        WsTestClient third = WsTestClient.builder(TestNodes.wsUri(nodeA, "rana")).connect();
        clients.add(third);
        assertThat(Http.strings(third.expect("welcome").get("subscriptions")))
                .containsExactly("general");
        expectEvent(third, "join", "general", "rana");
    }

    /** The joins of {@code user} in {@code channels}, in any order. */
    private static void expectJoins(WsTestClient c, String user, String... channels) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < channels.length; i++) {
            JsonNode j = c.expect("join");
            assertThat(j.get("user").asText()).isEqualTo(user);
            seen.add(j.get("channel").asText());
        }
        assertThat(seen).containsExactlyInAnyOrder(channels);
    }
}
