package dev.redcast.server;

import static dev.redcast.server.TestNodes.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.hub.Session;
import dev.redcast.testkit.WsTestClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Clients that attack the outbound path: every frame towards a client passes one byte budget, and
 * keep-alive proves that a client reads, not only that it sends. Each test failed before the one
 * outbound gate: pongs and replies were queued without a bound and any inbound frame counted as an
 * answer to the server's ping.
 */
class HostileClientIT {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    @Test
    void pingFlood_withoutReading_isClosed_whileTheNodeStaysHealthy() {
        try (RedcastServer node = RedcastServer.start(TestNodes.config(null).build());
                WsTestClient bystander = TestNodes.connect(node, "bystander");
                WsTestClient flooder =
                        WsTestClient.builder(TestNodes.wsUri(node, "flooder"))
                                .receiveBufferSize(4096)
                                .connect()) {
            flooder.expect("welcome");
            subscribe(bystander, "news", false);
            assertHealthyWithin(node, CLOSE_WAIT); // warms the HTTP client up
            flooder.pauseReading();
            for (int i = 0; i < 20_000 && flooder.isOpen(); i++) {
                try {
                    flooder.sendFrame(
                            new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[125])));
                } catch (IllegalStateException e) {
                    break; // the server has reset the connection
                }
            }

            assertHealthyWithin(node, Duration.ofSeconds(1));
            for (int i = 0; i < 100; i++) {
                node.broker().publish("news", ("n" + i).getBytes(), null).join();
            }
            for (int i = 0; i < 100; i++) {
                assertThat(bystander.expect("message").get("payload").asText()).isEqualTo("n" + i);
            }
            Awaitility.await()
                    .atMost(CLOSE_WAIT)
                    .untilAsserted(
                            () ->
                                    assertThat(Http.get(node, "/metrics").body())
                                            .contains(
                                                    "redcast_closes_total{code=\""
                                                            + CloseCodes.CONTROL_FLOOD
                                                            + "\"} 1.0"));
            flooder.resumeReading();
            flooder.awaitClose(CLOSE_WAIT);
            assertThat(flooder.pongsReceived()).isLessThanOrEqualTo(Session.CONTROL_FRAME_RATE);
        }
    }

    @Test
    void historyReplies_toAClientThatDoesNotRead_countAgainstTheOutboundBudget() {
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null)
                                        .history(HistoryRule.parseList("h:*=100/1h"))
                                        .build());
                WsTestClient reader = TestNodes.connect(node, "reader");
                WsTestClient hoarder =
                        WsTestClient.builder(TestNodes.wsUri(node, "hoarder"))
                                .receiveBufferSize(4096)
                                .connect()) {
            hoarder.expect("welcome");
            subscribe(reader, "news", false);
            assertHealthyWithin(node, CLOSE_WAIT); // warms the HTTP client up
            byte[] big = "x".repeat(10_000).getBytes();
            for (int i = 0; i < 100; i++) {
                node.broker().publish("h:big", big, null).join();
            }
            hoarder.pauseReading();
            // 20 replies of 1 MB each, 7 KB of requests: far beyond the 1 MiB budget and what
            // loopback socket buffers hold.
            for (int i = 0; i < 20; i++) {
                hoarder.sendJson("type", "history", "id", i, "channel", "h:big", "limit", 100);
            }

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () ->
                                    assertThat(Http.get(node, "/metrics").body())
                                            .contains("redcast_slow_consumers_total 1.0"));
            assertHealthyWithin(node, Duration.ofSeconds(1));
            node.broker().publish("news", "still here".getBytes(), null).join();
            assertThat(reader.expect("message").get("payload").asText()).isEqualTo("still here");
            hoarder.resumeReading();
            assertThat(hoarder.awaitClose(CLOSE_WAIT).code()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        }
    }

    @Test
    void aClientThatSendsButNeverAnswersPings_isClosedWithPingTimeout()
            throws InterruptedException {
        try (RedcastServer node =
                        RedcastServer.start(TestNodes.config(null).pingIntervalSeconds(1).build());
                WsTestClient talker =
                        WsTestClient.builder(TestNodes.wsUri(node, "talker"))
                                .autoPong(false)
                                .connect()) {
            talker.expect("welcome");
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            for (int id = 0; talker.isOpen() && System.nanoTime() < deadline; id++) {
                try {
                    talker.sendJson("type", "ping", "id", id);
                } catch (IllegalStateException e) {
                    break; // closed between the check and the send
                }
                talker.poll(Duration.ofSeconds(1)); // its pong, read: this client does read
                Thread.sleep(100); // paces the sender at ten commands a second
            }
            assertThat(System.nanoTime())
                    .as("closed while it was still sending")
                    .isLessThan(deadline);
            assertThat(talker.awaitClose(CLOSE_WAIT).code()).isEqualTo(CloseCodes.PING_TIMEOUT);
        }
    }

    private static void assertHealthyWithin(RedcastServer node, Duration bound) {
        long start = System.nanoTime();
        assertThat(Http.get(node, "/health").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
    }
}
