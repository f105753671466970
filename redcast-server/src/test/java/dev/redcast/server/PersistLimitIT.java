package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code persist} is bounded by {@code max-subscriptions}: a user's remembered set, which every
 * later connection of theirs reads whole, never holds more, whichever connections or nodes add to
 * it.
 */
class PersistLimitIT {
    private static final int LIMIT = 3;

    private static RedisServer redis;
    private static RedcastServer nodeA;
    private static RedcastServer nodeB;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .maxSubscriptions(LIMIT)
                                .claimedIdentityWrites(true)
                                .build());
        nodeB =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .maxSubscriptions(LIMIT)
                                .claimedIdentityWrites(true)
                                .build());
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        try {
            clients.forEach(WsTestClient::assertExhausted);
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    private WsTestClient client(RedcastServer node, String user) {
        WsTestClient c = TestNodes.connect(node, user);
        clients.add(c);
        return c;
    }

    private static JsonNode persist(WsTestClient c, int id, String channel, String expected) {
        c.sendJson("type", "subscribe", "id", id, "channel", channel, "persist", true);
        JsonNode reply = c.expect(expected);
        assertThat(reply.get("id").asLong()).isEqualTo(id);
        return reply;
    }

    private static List<String> remembered(String user) {
        @SuppressWarnings("unchecked")
        List<Object> members =
                (List<Object>) redis.command("SMEMBERS", "redcast:user:{" + user + "}:subs");
        return members.stream().map(String::valueOf).sorted().toList();
    }

    @Test
    void persistAtTheConnectionLimit_isRefusedBeforeAnythingIsRemembered() {
        WsTestClient c = client(nodeA, "flood");
        persist(c, 1, "c1", "subscribed");
        TestNodes.subscribe(c, "c2", false);
        TestNodes.subscribe(c, "c3", false);

        for (int i = 0; i < 5; i++) { // fewer than max-bad-commands
            JsonNode e = persist(c, 10 + i, "more" + i, "error");
            assertThat(e.get("code").asText()).isEqualTo("limit_exceeded");
        }

        assertThat(remembered("flood")).containsExactly("c1");
    }

    @Test
    void rememberedSet_isBoundedAcrossConnectionsAndNodes() {
        WsTestClient a = client(nodeA, "rana");
        WsTestClient b = client(nodeB, "rana");
        persist(a, 1, "a1", "subscribed");
        persist(a, 2, "a2", "subscribed");
        persist(b, 3, "b1", "subscribed");

        JsonNode refused = persist(b, 4, "b2", "error");
        assertThat(refused.get("code").asText()).isEqualTo("limit_exceeded");
        assertThat(refused.get("message").asText()).contains(Integer.toString(LIMIT));
        // A channel already remembered is confirmed again although the set is full.
        persist(b, 5, "a1", "subscribed");

        assertThat(remembered("rana")).containsExactly("a1", "a2", "b1");
        WsTestClient later = WsTestClient.builder(TestNodes.wsUri(nodeA, "rana")).connect();
        clients.add(later);
        assertThat(later.expect("welcome").get("subscriptions"))
                .extracting(JsonNode::asText)
                .containsExactly("a1", "a2", "b1");
    }

    @Test
    void unsubscribeSentRightAfterPersist_stillTakesEffectAfterIt() {
        WsTestClient c = client(nodeA, "quick");
        c.sendJson("type", "subscribe", "id", 1, "channel", "q1", "persist", true);
        c.sendJson("type", "unsubscribe", "id", 2, "channel", "q1");
        JsonNode first = c.next();
        if (first.get("type").asText().equals("subscribed")) {
            // Admitted before the unsubscribe was read: fine, as long as it is undone after.
            assertThat(first.get("id").asLong()).isEqualTo(1);
            first = c.next();
        }
        assertThat(first.get("type").asText()).isEqualTo("unsubscribed");
        assertThat(first.get("id").asLong()).isEqualTo(2);
        persist(c, 3, "q2", "subscribed");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(redis.numsub("q1")).containsEntry("q1", 0L));
        assertThat(remembered("quick")).containsExactly("q2");
    }
}
