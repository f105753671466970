package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.WsTestClient;
import dev.redcast.testkit.WsTestClient.HandshakeFailed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish a request, and too many connections: each test failed before the
 * HTTP deadlines and the connection limits, when a slowloris or idle connection was held forever
 * and any number of WebSocket connections was accepted. Raw sockets play the clients that an
 * ordinary HTTP client cannot.
 */
class ConnectionLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SLOT_FREED = Duration.ofSeconds(5);

    @Test
    void slowloris_sendingAHeaderByteASecond_isClosedWithinTheRequestDeadline() {
        byte[] request =
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null).httpRequestTimeoutSeconds(1).build());
                RawHttpConnection slow = RawHttpConnection.open(node)) {
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < request.length && !closed && elapsed(start).getSeconds() < 5; i++) {
                try {
                    slow.write(new byte[] {request[i]});
                } catch (IOException e) {
                    closed = true; // reset by the server
                    break;
                }
                closed = slow.closedWithin(Duration.ofSeconds(1)); // one byte a second
            }
            Duration took = elapsed(start);

            assertThat(closed).as("closed after %s", took).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(3)); // the 1 s deadline, 2 s margin
            assertThat(Http.get(node, "/metrics").body())
                    .contains("redcast_http_timeouts_total{kind=\"request\"} 1.0");
        }
    }

    @Test
    void idleKeptAliveConnection_isClosedAfterTheIdleTimeout() {
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null).httpIdleTimeoutSeconds(1).build());
                RawHttpConnection idle = RawHttpConnection.open(node)) {
            RawHttpConnection.Response answer = idle.get("/health");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.keepAlive()).isTrue();
            long start = System.nanoTime();

            boolean closed = idle.closedWithin(Duration.ofSeconds(5));
            Duration took = elapsed(start);

            assertThat(closed).isTrue();
            assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
            assertThat(Http.get(node, "/metrics").body())
                    .contains("redcast_http_timeouts_total{kind=\"idle\"} 1.0");
        }
    }

    @Test
    void upgradedConnection_isNotTimedByTheHttpDeadlines() {
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null)
                                        .httpRequestTimeoutSeconds(1)
                                        .httpIdleTimeoutSeconds(1)
                                        .build());
                WsTestClient client = TestNodes.connect(node, "long-lived")) {
            Awaitility.await()
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(client::isOpen);

            client.sendJson("type", "ping", "id", 1);
            assertThat(client.expect("pong").get("id").asInt()).isEqualTo(1);
            assertThat(Http.get(node, "/metrics").body()).doesNotContain("redcast_http_timeouts");
            client.assertExhausted();
        }
    }

    @Test
    void beyondTheHttpCap_aNewConnectionIsClosedAtOnce_whileUpgradedAndHeldOnesAreServed() {
        try (RedcastServer node =
                        RedcastServer.start(TestNodes.config(null).maxHttpConnections(5).build());
                WsTestClient upgraded = TestNodes.connect(node, "upgraded")) {
            List<RawHttpConnection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(RawHttpConnection.open(node));
                }
                RawHttpConnection first = held.get(0);
                // The five held connections count; the upgraded one does not.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(
                                () ->
                                        assertThat(first.get("/metrics").body())
                                                .contains("redcast_http_connections 5.0"));

                try (RawHttpConnection sixth = RawHttpConnection.open(node)) {
                    assertThat(sixth.closedWithin(Duration.ofSeconds(1))).isTrue();
                }

                assertThat(first.get("/metrics").body())
                        .contains("redcast_connections_refused_total{reason=\"http\"} 1.0");
                assertThat(held.get(4).get("/health").status()).isEqualTo(200);
                upgraded.sendJson("type", "ping", "id", 7);
                assertThat(upgraded.expect("pong").get("id").asInt()).isEqualTo(7);
            } finally {
                held.forEach(RawHttpConnection::close);
            }
            Awaitility.await()
                    .atMost(SLOT_FREED)
                    .ignoreExceptions()
                    .untilAsserted(
                            () ->
                                    assertThat(Http.get(node, "/health").statusCode())
                                            .isEqualTo(200));
            upgraded.assertExhausted();
        }
    }

    @Test
    void perUserLimit_answers429Json_whileOtherUsersConnect_andAClosedConnectionFreesItsSlot()
            throws IOException {
        assertLimitOfTwo(
                TestNodes.config(null).maxConnectionsPerUser(2),
                List.of(new Client("alice", null), new Client("alice", null)),
                new Client("alice", null),
                new Client("bob", null),
                new Refusal(429, "too_many_requests", "alice", "user"));
    }

    @Test
    void perIpLimit_answers429Json_whileOtherAddressesConnect_andAClosedConnectionFreesItsSlot()
            throws IOException {
        InetAddress crowded = InetAddress.getByName("127.0.0.2");
        assertLimitOfTwo(
                TestNodes.config(null).maxConnectionsPerIp(2),
                List.of(new Client("u1", crowded), new Client("u2", crowded)),
                new Client("u3", crowded),
                new Client("u3", InetAddress.getByName("127.0.0.3")),
                new Refusal(429, "too_many_requests", "127.0.0.2", "ip"));
    }

    @Test
    void nodeLimit_answers503Json_andAClosedConnectionFreesItsSlot() throws IOException {
        assertLimitOfTwo(
                TestNodes.config(null).maxConnections(2),
                List.of(new Client("u1", null), new Client("u2", null)),
                new Client("u3", null),
                null,
                new Refusal(503, "limit_exceeded", "node full", "node"));
    }

    /** A WebSocket client: its user, and the address it connects from (null: any). */
    private record Client(String user, InetAddress source) {
        WsTestClient connect(RedcastServer node) {
            WsTestClient.Builder b = WsTestClient.builder(TestNodes.wsUri(node, user));
            if (source != null) {
                b.localAddress(new InetSocketAddress(source, 0));
            }
            WsTestClient c = b.connect();
            c.expect("welcome");
            return c;
        }
    }

    /** What a refused upgrade must answer, and the reason it is counted under. */
    private record Refusal(int status, String code, String mentions, String reason) {}

    /**
     * Fills a limit of two with {@code holders}; then {@code refused} must get {@code expected} (a
     * JSON body, counted in the metrics) while the holders stay connected and {@code unaffected}
     * (when not null) still connects, and {@code refused} must connect once a holder has closed.
     */
    private static void assertLimitOfTwo(
            ServerConfig.Builder config,
            List<Client> holders,
            Client refused,
            Client unaffected,
            Refusal expected)
            throws IOException {
        try (RedcastServer node = RedcastServer.start(config.build());
                WsTestClient stays = holders.get(0).connect(node)) {
            try (WsTestClient leaves = holders.get(1).connect(node)) {
                HandshakeFailed failed =
                        catchThrowableOfType(HandshakeFailed.class, () -> refused.connect(node));

                assertThat(failed).as("upgrade refused").isNotNull();
                assertThat(failed.status()).isEqualTo(expected.status());
                JsonNode body = JSON.readTree(failed.body());
                assertThat(body.get("error").asText()).isEqualTo(expected.code());
                assertThat(body.get("message").asText()).contains(expected.mentions());
                assertThat(List.of(stays, leaves)).allMatch(WsTestClient::isOpen);
                if (unaffected != null) {
                    unaffected.connect(node).close();
                }
                assertThat(Http.get(node, "/metrics").body())
                        .contains(
                                "redcast_connections_refused_total{reason=\""
                                        + expected.reason()
                                        + "\"} 1.0");
            }
            Awaitility.await()
                    .atMost(SLOT_FREED)
                    .ignoreExceptionsInstanceOf(HandshakeFailed.class)
                    .until(() -> refused.connect(node), Objects::nonNull)
                    .close();
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
