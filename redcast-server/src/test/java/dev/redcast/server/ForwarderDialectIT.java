package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.config.ConfigLoader;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clients of the Rust Redis-to-WebSocket forwarder, as its README wrote them (Python {@code
 * websockets}, Node {@code ws}), against two nodes started from {@code examples/forwarder.yaml}
 * with the original's environment, sharing one real redis-server. Both clients offer
 * permessage-deflate, as those libraries do by default, and get it. Confined to the JUnit test
 * thread.
 */
class ForwarderDialectIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "forwarder.yaml");

    private RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private CompatClient python;
    private CompatClient node;
    private CompatClient plain;
    private CompatClient publisher;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config());
        nodeB = RedcastServer.start(config());
    }

    /** The example with the environment of the original's README (and a free port). */
    private ServerConfig config() {
        return ConfigLoader.load(
                Map.of(),
                Map.of(
                        "REDIS_URL",
                        redis.uri(),
                        "WS_AUTH_TOKEN",
                        TestNodes.TOKEN,
                        "WS_PORT",
                        "0",
                        "SUMMARY_INTERVAL",
                        "0"),
                EXAMPLE);
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(python, node, plain, publisher, nodeA, nodeB, redis);
    }

    private static String url(RedcastServer server) {
        return "ws://127.0.0.1:" + server.port() + "/ws?token=" + TestNodes.TOKEN;
    }

    @Test
    void originalClients_getEveryMessageAsChannelPayloadTimestamp_compressed_acrossNodes()
            throws Exception {
        python = CompatClient.python("forwarder/listen.py", url(nodeA));
        assertThat(python.awaitPrefix("extensions: ")).isEqualTo("permessage-deflate");
        node = CompatClient.node("forwarder/listen.js", url(nodeB));
        assertThat(node.awaitPrefix("connected, extensions: ")).isEqualTo("permessage-deflate");
        plain = CompatClient.node("console.js", url(nodeA), "no-deflate");
        assertThat(plain.awaitPrefix("open ")).isEmpty();
        // A listen-only client has no welcome: its default channels are subscribed just after the
        // handshake, so wait until node A holds both clients' two subscriptions.
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                Http.get(nodeA, "/metrics")
                                        .body()
                                        .contains("redcast_subscriptions 4.0"));

        // What the original's redis_publisher_test.py did: PUBLISH on Redis.
        redis.publish("mempool:tx_analysis", "{\"tx_hash\":\"0x123\",\"analysis\":{\"fee\":7}}");

        python.expectLine("channel: mempool:tx_analysis");
        python.expectLine("payload: {\"tx_hash\":\"0x123\",\"analysis\":{\"fee\":7}}");
        node.expectLine("channel: mempool:tx_analysis");
        node.expectLine("payload: {\"tx_hash\":\"0x123\",\"analysis\":{\"fee\":7}}");
        JsonNode frame = JSON.readTree(plain.awaitPrefix("message "));
        assertThat(frame.get("channel").asText()).isEqualTo("mempool:tx_analysis");
        assertThat(frame.get("payload").asText()).contains("0x123");
        assertThat(frame.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        // A compressed command from a client on node B, and its message on both nodes.
        publisher = CompatClient.node("console.js", url(nodeB));
        assertThat(publisher.awaitPrefix("open ")).isEqualTo("permessage-deflate");
        publisher.send(
                "{\"type\":\"publish\",\"id\":1,\"channel\":\"mempool:ctf_tx\","
                        + "\"payload\":\"{\\\"tx_hash\\\":\\\"0xabc\\\"}\"}");
        // The answer and the message itself, in whichever order the broker and the reply race.
        List<String> own = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode f = JSON.readTree(publisher.awaitPrefix("message "));
            own.add(f.get("type").asText() + ":" + f.get("channel").asText());
        }
        assertThat(own)
                .containsExactlyInAnyOrder("published:mempool:ctf_tx", "message:mempool:ctf_tx");
        python.expectLine("channel: mempool:ctf_tx");
        python.expectLine("payload: {\"tx_hash\":\"0xabc\"}");
        node.expectLine("channel: mempool:ctf_tx");
        node.expectLine("payload: {\"tx_hash\":\"0xabc\"}");
        assertThat(JSON.readTree(plain.awaitPrefix("message ")).get("channel").asText())
                .isEqualTo("mempool:ctf_tx");

        // A bad frame is answered to its sender only, and nothing breaks.
        publisher.send("not json");
        JsonNode error = JSON.readTree(publisher.awaitPrefix("message "));
        assertThat(error.get("code").asText()).isEqualTo("bad_request");
        redis.publish("mempool:tx_analysis", "{\"tx_hash\":\"0x2\"}");
        python.expectLine("channel: mempool:tx_analysis");
        python.expectLine("payload: {\"tx_hash\":\"0x2\"}");
        node.expectLine("channel: mempool:tx_analysis");
        node.expectLine("payload: {\"tx_hash\":\"0x2\"}");

        python.assertExhausted();
        node.assertExhausted();
    }
}
