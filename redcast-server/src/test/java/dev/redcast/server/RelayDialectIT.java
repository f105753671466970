package dev.redcast.server;

import static org.awaitility.Awaitility.await;

import dev.redcast.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Node {@code ws} + {@code redis} relay: clients that send raw text frames and get every
 * client's text back, on two nodes sharing one real redis-server, with a plain {@code redis-cli
 * SUBSCRIBE} seeing the same raw text. Confined to the JUnit test thread.
 */
class RelayDialectIT {
    private RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private CompatClient alice;
    private CompatClient bob;
    private CompatClient redisCli;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config());
        nodeB = RedcastServer.start(config());
    }

    private dev.redcast.server.config.ServerConfig config() {
        return TestNodes.config(redis.uri()).dialects(List.of("relay:/relay")).build();
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(alice, bob, redisCli, nodeA, nodeB, redis);
    }

    private static String url(RedcastServer node) {
        return "ws://127.0.0.1:" + node.port() + "/relay?token=" + TestNodes.TOKEN;
    }

    @Test
    void rawText_isRelayedToEveryClient_acrossNodes_andIsWhatRedisSubscribersSee() {
        redisCli =
                CompatClient.start(
                        "redis-cli",
                        "redis-cli",
                        "-p",
                        String.valueOf(redis.port()),
                        "SUBSCRIBE",
                        "my_channel");
        alice = CompatClient.node("console.js", url(nodeA));
        alice.awaitPrefix("open");
        bob = CompatClient.node("console.js", url(nodeB), "no-deflate");
        bob.awaitPrefix("open");
        await("both nodes and redis-cli subscribed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> redis.numsub("my_channel").get("my_channel") == 3L);

        alice.send("hello from alice");
        alice.expectLine("message hello from alice");
        bob.expectLine("message hello from alice");
        redisCli.await("the raw text", "hello from alice"::equals);

        bob.send("{\"not\":\"parsed, just relayed\"}");
        alice.expectLine("message {\"not\":\"parsed, just relayed\"}");
        bob.expectLine("message {\"not\":\"parsed, just relayed\"}");
        redisCli.await("the raw JSON", "{\"not\":\"parsed, just relayed\"}"::equals);

        // Something a Redis backend published is relayed as the bare text too.
        redis.publish("my_channel", "from a backend");
        alice.expectLine("message from a backend");
        bob.expectLine("message from a backend");

        // Bytes that are not text: the relay has no error frame, so nothing comes back.
        alice.send("!binary fffe00");
        alice.send("still here");
        alice.expectLine("message still here");
        bob.expectLine("message still here");

        alice.assertExhausted();
        bob.assertExhausted();
    }
}
