package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.redcast.server.config.Namespace;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespace options, each with a client that may and one that may not, over two nodes on one
 * Redis: subscribers on node A, publishers and readers on node B. Identities are JWTs, so
 * subscription tokens and {@code persist} are available. Every refusal is a {@code forbidden} error
 * that names the rule; nothing refused ever reaches a client.
 */
class PermissionMatrixIT {
    private static final String NAMESPACES =
            """
            {"open": {"history": "100/1h"},
             "feed": {"publish": "none", "history": "100/1h"},
             "room": {"publish": "subscribers"},
             "lobby": {"join_leave": true},
             "private": {"subscribe": "token", "history": "100/1h"},
             "system": {"subscribe": "none"},
             "nopat": {"patterns": false},
             "quiet": {"presence": false, "persist": false},
             "norec": {"history": "100/1h", "recovery": false}}
            """;

    private static RedisServer redis;
    private static RedcastServer a;
    private static RedcastServer b;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        a = RedcastServer.start(config("a"));
        b = RedcastServer.start(config("b"));
    }

    private static dev.redcast.server.config.ServerConfig config(String id) {
        return TestNodes.config(redis.uri())
                .nodeId(id)
                .jwtSecret(TestJwts.SECRET)
                .namespaces(Namespace.parseJson(NAMESPACES))
                .build();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        for (WsTestClient c : clients) {
            c.close();
        }
    }

    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c =
                WsTestClient.builder(
                                URI.create(
                                        "ws://127.0.0.1:"
                                                + node.port()
                                                + "/ws?token="
                                                + TestJwts.connection(user)))
                        .connect();
        c.expect("welcome");
        clients.add(c);
        return c;
    }

    private static void subscribed(WsTestClient c, Object... fields) {
        send(c, "subscribe", fields);
        c.expect("subscribed");
    }

    private static String forbidden(WsTestClient c, String type, Object... fields) {
        send(c, type, fields);
        JsonNode error = c.expect("error");
        assertThat(error.get("code").asText()).isEqualTo("forbidden");
        return error.get("message").asText();
    }

    private static void send(WsTestClient c, String type, Object... fields) {
        Object[] all = new Object[fields.length + 2];
        all[0] = "type";
        all[1] = type;
        System.arraycopy(fields, 0, all, 2, fields.length);
        c.sendJson(all);
    }

    private static JsonNode apiPublish(String channel, String payload) {
        Http.Response r =
                Http.call(
                        b.port(),
                        "POST",
                        "/api/publish",
                        TestNodes.API_KEY,
                        "{\"channel\":\""
                                + channel
                                + "\",\"payload\":"
                                + TextNode.valueOf(payload)
                                + "}");
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    /** Asks for presence until it lists {@code user} (entries are written asynchronously). */
    private static void awaitPresence(WsTestClient c, String channel, String user) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            c.sendJson("type", "presence", "id", 3, "channel", channel);
                            assertThat(c.expect("presence").get("users").toString()).contains(user);
                        });
    }

    /** A subscriber's publish: its own message and the reply may come in either order. */
    private static void publishedToOwnChannel(WsTestClient c) {
        assertThat(List.of(c.next().get("type").asText(), c.next().get("type").asText()))
                .containsExactlyInAnyOrder("published", "message");
    }

    /** A round trip: whatever was due to {@code c} before it has arrived. */
    private static void settle(WsTestClient c) {
        c.sendJson("type", "ping", "id", 99);
        assertThat(c.expect("pong").get("id").asInt()).isEqualTo(99);
    }

    @Test
    void subscribe_none_isForEveryClientRefused_butTheServerStillDelivers() {
        WsTestClient alice = client(a, "alice");
        assertThat(forbidden(alice, "subscribe", "channel", "system:alerts"))
                .contains("namespace 'system' is not open to clients");
        assertThat(forbidden(alice, "history", "channel", "system:alerts"))
                .contains("not open to clients");
        WsTestClient reader = client(a, "reader");
        subscribed(reader, "channel", "open:x");
        apiPublish("system:alerts", "nobody sees this");
        apiPublish("open:x", "everyone sees this");
        assertThat(reader.expect("message").get("payload").asText())
                .isEqualTo("everyone sees this");
        alice.assertExhausted();
    }

    @Test
    void subscribe_token_needsATokenForThatUserAndChannel() {
        WsTestClient alice = client(a, "alice");
        WsTestClient bob = client(a, "bob");
        assertThat(forbidden(alice, "subscribe", "channel", "private:a"))
                .contains("needs a subscription token");
        String alices = TestJwts.subscription("alice", "private:a", Duration.ofMinutes(1));
        assertThat(forbidden(bob, "subscribe", "channel", "private:a", "token", alices))
                .contains("another channel or user");
        String other = TestJwts.subscription("alice", "private:b", Duration.ofMinutes(1));
        assertThat(forbidden(alice, "subscribe", "channel", "private:a", "token", other))
                .contains("another channel or user");
        String expired = TestJwts.subscription("alice", "private:a", Duration.ofMinutes(-5));
        assertThat(forbidden(alice, "subscribe", "channel", "private:a", "token", expired))
                .contains("expired");
        assertThat(
                        forbidden(
                                alice,
                                "subscribe",
                                "channel",
                                "private:a",
                                "token",
                                TestJwts.connection("alice")))
                .contains("not a subscription token");

        subscribed(alice, "channel", "private:a", "token", alices);
        apiPublish("private:a", "secret");
        assertThat(alice.expect("message").get("payload").asText()).isEqualTo("secret");

        // Reads: bob (on the other node, no subscription) may not; alice, subscribed, may.
        WsTestClient bobOnB = client(b, "bob");
        assertThat(forbidden(bobOnB, "history", "channel", "private:a"))
                .contains("needs a subscription token");
        assertThat(forbidden(bobOnB, "presence", "channel", "private:a"))
                .contains("needs a subscription token");
        alice.sendJson("type", "history", "id", 1, "channel", "private:a");
        assertThat(alice.expect("history").get("messages")).hasSize(1);
        awaitPresence(alice, "private:a", "alice");
        bob.assertExhausted();
    }

    @Test
    void aSubscriptionToken_neverOpensAConnection() {
        String sub = TestJwts.subscription("alice", "private:a", Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                WsTestClient.builder(
                                                URI.create(
                                                        "ws://127.0.0.1:"
                                                                + a.port()
                                                                + "/ws?token="
                                                                + sub))
                                        .connect())
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void userLimitedChannels_areOnlyForTheNamedUsers() {
        WsTestClient alice = client(a, "alice");
        WsTestClient bob = client(b, "bob");
        WsTestClient carol = client(b, "carol");
        subscribed(alice, "channel", "dm:#alice,bob");
        assertThat(forbidden(carol, "subscribe", "channel", "dm:#alice,bob"))
                .contains("only for the users named");
        assertThat(forbidden(carol, "presence", "channel", "dm:#alice,bob"))
                .contains("only for the users named");
        assertThat(forbidden(carol, "history", "channel", "dm:#alice,bob"))
                .contains("only for the users named");
        subscribed(bob, "channel", "dm:#alice,bob");
        bob.sendJson("type", "publish", "id", 1, "channel", "dm:#alice,bob", "payload", "hi");
        publishedToOwnChannel(bob);
        JsonNode m = alice.expect("message");
        assertThat(m.get("payload").asText()).isEqualTo("hi");
        assertThat(m.get("from").asText()).isEqualTo("bob");
        carol.assertExhausted();
    }

    @Test
    void publish_none_subscribers_anyone() {
        WsTestClient alice = client(a, "alice");
        WsTestClient bob = client(b, "bob");
        subscribed(alice, "channel", "feed:x");
        subscribed(alice, "channel", "room:1");
        subscribed(alice, "channel", "open:y");

        assertThat(forbidden(bob, "publish", "channel", "feed:x", "payload", "p"))
                .contains("clients may not publish on namespace 'feed'");
        assertThat(forbidden(bob, "publish", "channel", "room:1", "payload", "p"))
                .contains("only subscribers of room:1 may publish");
        bob.sendJson("type", "publish", "id", 5, "channel", "open:y", "payload", "anyone");
        bob.expect("published");
        assertThat(alice.expect("message").get("payload").asText()).isEqualTo("anyone");

        subscribed(bob, "channel", "room:1");
        bob.sendJson("type", "publish", "id", 6, "channel", "room:1", "payload", "member");
        publishedToOwnChannel(bob);
        assertThat(alice.expect("message").get("payload").asText()).isEqualTo("member");
        settle(alice);
        alice.assertExhausted();
    }

    @Test
    void patterns_onlyReachChannelsOpenToEveryone() {
        WsTestClient watcher = client(a, "watcher");
        assertThat(forbidden(watcher, "subscribe", "channel", "nopat:*", "pattern", true))
                .contains("pattern subscriptions are off in namespace 'nopat'");
        assertThat(forbidden(watcher, "subscribe", "channel", "private:*", "pattern", true))
                .contains("not open to pattern subscriptions");
        subscribed(watcher, "channel", "*", "pattern", true);
        for (String closed :
                List.of("private:z", "system:z", "nopat:z", "dm:#alice,bob", "__nothing")) {
            if (!closed.startsWith("__")) {
                apiPublish(closed, "closed " + closed);
            }
        }
        apiPublish("open:z", "open");
        JsonNode m = watcher.expect("message");
        assertThat(m.get("channel").asText()).isEqualTo("open:z");
        settle(watcher);
        watcher.assertExhausted();
    }

    @Test
    void presence_and_persist_canBeOff() {
        WsTestClient alice = client(a, "alice");
        subscribed(alice, "channel", "quiet:1");
        assertThat(forbidden(alice, "presence", "channel", "quiet:1"))
                .contains("presence is off in namespace 'quiet'");
        assertThat(forbidden(alice, "subscribe", "channel", "quiet:2", "persist", true))
                .contains("may not be remembered");
        subscribed(alice, "channel", "open:p", "persist", true);
        awaitPresence(alice, "open:p", "alice");
    }

    @Test
    void joinLeave_perNamespace() {
        WsTestClient alice = client(a, "alice");
        subscribed(alice, "channel", "lobby:1");
        assertThat(alice.expect("join").get("user").asText()).isEqualTo("alice");
        subscribed(alice, "channel", "room:2");
        WsTestClient bob = client(b, "bob");
        subscribed(bob, "channel", "room:2");
        subscribed(bob, "channel", "lobby:1");
        assertThat(bob.expect("join").get("user").asText()).isEqualTo("bob");
        assertThat(alice.expect("join").get("user").asText()).isEqualTo("bob");
        settle(alice);
        alice.assertExhausted();
    }

    @Test
    void recovery_canBeOff_whileHistoryStays() {
        JsonNode norecAt = apiPublish("norec:1", "m1");
        JsonNode openAt = apiPublish("open:r", "m1");
        apiPublish("norec:1", "m2");
        apiPublish("open:r", "m2");
        WsTestClient alice = client(a, "alice");
        alice.sendJson("type", "subscribe", "channel", "norec:1", "since", since(norecAt));
        JsonNode refused = alice.expect("subscribed");
        assertThat(refused.get("recovered").asBoolean()).isFalse();
        assertThat(refused.has("messages")).isFalse();
        alice.sendJson("type", "subscribe", "channel", "open:r", "since", since(openAt));
        JsonNode recovered = alice.expect("subscribed");
        assertThat(recovered.get("recovered").asBoolean()).isTrue();
        assertThat(recovered.get("messages").get(0).get("payload").asText()).isEqualTo("m2");
        alice.sendJson("type", "history", "id", 4, "channel", "norec:1");
        assertThat(alice.expect("history").get("messages")).hasSize(2);
        settle(alice);
        alice.assertExhausted();
    }

    private static java.util.Map<String, Object> since(JsonNode published) {
        return java.util.Map.of(
                "offset", published.get("offset").asLong(),
                "epoch", published.get("epoch").asText());
    }
}
