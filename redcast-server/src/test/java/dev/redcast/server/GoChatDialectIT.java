package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.testkit.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Go chat service's clients, typed as its users typed them into a browser console (here on
 * Node's {@code ws}, the same API), against two nodes sharing one real redis-server, opened to
 * clients without a token as the original was: {@code /chat?username=NAME} unchanged. Confined to
 * the JUnit test thread.
 */
class GoChatDialectIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private final List<CompatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config());
        nodeB = RedcastServer.start(config());
    }

    private dev.redcast.server.config.ServerConfig config() {
        return TestNodes.config(redis.uri())
                .dialects(List.of("gochat:/chat"))
                .openDialects(List.of("gochat"))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(CompatClient::close);
        Resources.closeAll(nodeA, nodeB, redis);
    }

    private CompatClient connect(RedcastServer node, String user) {
        CompatClient c =
                CompatClient.node(
                        "console.js", "ws://127.0.0.1:" + node.port() + "/chat?username=" + user);
        clients.add(c);
        c.awaitPrefix("open");
        return c;
    }

    private static JsonNode next(CompatClient c) throws IOException {
        return JSON.readTree(c.awaitPrefix("message "));
    }

    private static List<String> get(RedcastServer node, String path) throws IOException {
        List<String> out = new ArrayList<>();
        JSON.readTree(Http.get(node, path).body()).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Waits until both nodes have subscribed to {@code channel} on Redis. */
    private void awaitSubscribers(String channel, long nodes) {
        await(channel + " subscribed on Redis")
                .atMost(Duration.ofSeconds(10))
                .until(() -> redis.numsub(channel).get(channel) >= nodes);
    }

    @Test
    void chat_acrossNodes_withRememberedChannels_restEndpoints_andErrors() throws Exception {
        CompatClient wael = connect(nodeA, "wael");
        CompatClient mazen = connect(nodeB, "mazen");
        wael.send("{\"command\": 0, \"channel\": \"new_channel1\"}");
        awaitSubscribers("general", 2);
        awaitSubscribers("new_channel1", 1);

        mazen.send(
                "{\"command\": 2, \"channel\": \"general\", \"content\": \"some general content\"}");
        String general =
                "{\"content\":\"some general content\",\"channel\":\"general\",\"command\":0}";
        assertThat(wael.awaitPrefix("message ")).isEqualTo(general);
        assertThat(mazen.awaitPrefix("message ")).isEqualTo(general);

        // Only wael is on new_channel1.
        wael.send("{\"command\": 2, \"channel\": \"new_channel1\", \"content\": \"mine\"}");
        assertThat(next(wael).get("content").asText()).isEqualTo("mine");

        await("both online, wael on three channels")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                get(nodeB, "/users").equals(List.of("mazen", "wael"))
                                        && get(nodeB, "/user/wael/channels")
                                                .equals(
                                                        List.of(
                                                                "general",
                                                                "new_channel1",
                                                                "random")));

        // Bad frames get the original's error form and the connection stays.
        mazen.send("not json");
        assertThat(next(mazen).get("err").asText()).startsWith("malformed JSON");
        mazen.send("{\"command\": 7, \"channel\": \"general\"}");
        assertThat(next(mazen).get("err").asText()).startsWith("unknown command 7");
        mazen.send("{\"command\": 0, \"channel\": \"__redcast:presence\"}");
        assertThat(next(mazen).has("err")).isTrue();

        // wael leaves; his channel is remembered, and comes back with him on the other node.
        wael.send("!close");
        wael.awaitPrefix("close ");
        await("wael offline, his channel remembered")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                get(nodeA, "/users").equals(List.of("mazen"))
                                        && get(nodeA, "/user/wael/channels")
                                                .equals(List.of("new_channel1")));
        CompatClient again = connect(nodeB, "wael");
        awaitSubscribers("new_channel1", 1);
        await("wael online again")
                .atMost(Duration.ofSeconds(10))
                .until(() -> get(nodeA, "/users").equals(List.of("mazen", "wael")));
        mazen.send(
                "{\"command\": 2, \"channel\": \"new_channel1\", \"content\": \"welcome back\"}");
        assertThat(next(again).get("content").asText()).isEqualTo("welcome back");

        again.send("{\"command\": 1, \"channel\": \"new_channel1\"}");
        await("new_channel1 forgotten")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !get(nodeA, "/user/wael/channels").contains("new_channel1"));

        mazen.assertExhausted();
        again.assertExhausted();
    }
}
