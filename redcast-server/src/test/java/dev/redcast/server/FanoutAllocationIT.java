package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out path makes no garbage per delivered message: a node in a JVM of its own (so its Netty
 * starts with the server's own settings, not those of earlier tests), running the Parallel
 * collector as the README does, fans messages from Redis out to many connections, and the bytes its
 * connection event loops allocated, read from its {@code /metrics}, stay far below one small object
 * per delivery.
 */
class FanoutAllocationIT {
    private static final int CLIENTS = 100;
    private static final int WARMUP_MESSAGES = 1_000;
    private static final int MESSAGES = 6_000;

    /**
     * Allowed heap bytes per delivery. The smallest object is 16 bytes, so anything allocated per
     * delivery (a duplicate or write entry alone is 40 to 80 bytes; before this work the path made
     * 87 bytes per delivery) lands far above; what stays below is shared by all deliveries: timers,
     * pings, logging, measured at 0.4 to 3.5 bytes.
     */
    private static final double MAX_BYTES_PER_DELIVERY = 8;

    private static final Pattern ALLOCATED =
            Pattern.compile("(?m)^redcast_io_allocated_bytes_total\\s+(\\S+)");
    private static final Pattern DELIVERED =
            Pattern.compile("(?m)^redcast_messages_out_total\\s+(\\S+)");

    private final List<WsTestClient> clients = new ArrayList<>();
    private RedisServer redis;
    private ChildNode node;

    @AfterEach
    void stop() throws InterruptedException {
        clients.forEach(WsTestClient::close);
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void fanOut_allocatesNothingPerDelivery() throws Exception {
        redis = RedisServer.start();
        // The collector the README runs the server with; under G1 pooling is off on purpose.
        node = ChildNode.start(List.of("-XX:+UseParallelGC"), redis.uri(), "k:", "10", "30");
        for (int i = 0; i < CLIENTS; i++) {
            WsTestClient c =
                    WsTestClient.connect(
                            URI.create(
                                    "ws://127.0.0.1:"
                                            + node.port()
                                            + "/ws?token="
                                            + TestNodes.TOKEN
                                            + "&user=u"
                                            + i));
            c.expect("welcome");
            clients.add(c);
        }
        // "general" announces joins: each client sees its own and every later one.
        for (int i = 0; i < CLIENTS; i++) {
            for (int j = i; j < CLIENTS; j++) {
                clients.get(i).expect("join");
            }
        }

        publishAndAwait(WARMUP_MESSAGES);
        Metrics before = metrics();
        publishAndAwait(MESSAGES);
        Metrics after = metrics();
        // The window holds about one scrape of /metrics, which runs on an event loop too.
        long scrape = metrics().allocated() - after.allocated();
        long allocated = after.allocated() - before.allocated() - scrape;
        long delivered = after.delivered() - before.delivered();

        assertThat(delivered).isGreaterThanOrEqualTo((long) MESSAGES * CLIENTS);
        double perDelivery = Math.max(0, allocated) / (double) delivered;
        System.out.printf(
                "fan-out: %d bytes allocated by the event loops for %d deliveries = %.2f B each"
                        + " (one scrape of /metrics, %d bytes, left out)%n",
                allocated, delivered, perDelivery, scrape);
        assertThat(perDelivery).isLessThan(MAX_BYTES_PER_DELIVERY);
    }

    /**
     * Publishes {@code n} messages and waits until every client has them; waits on the clients, not
     * on {@code /metrics}, because every scrape allocates on an event loop too.
     */
    private void publishAndAwait(int n) {
        String payload = "x".repeat(100);
        for (int i = 0; i < n; i++) {
            redis.publish("k:general", payload);
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> clients.stream().allMatch(c -> c.queued() >= n));
        for (WsTestClient c : clients) {
            while (c.queued() > 0) {
                c.next();
            }
        }
    }

    private record Metrics(long allocated, long delivered) {}

    private Metrics metrics() {
        String page =
                Http.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + node.port()
                                                                + "/metrics"))
                                        .build())
                        .body();
        return new Metrics(value(page, ALLOCATED), value(page, DELIVERED));
    }

    private static long value(String page, Pattern pattern) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as("%s in /metrics", pattern).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
