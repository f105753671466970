package dev.redcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.Jwts;
import dev.redcast.testkit.ReadyProbe;
import dev.redcast.testkit.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a real node that admits JWTs with no leeway, backed by a real redis-server: a
 * token supplier keeps the connection alive past its first token's expiry; a fixed token that
 * expires ends the client with 4500, for good.
 */
class JwtClientIT {
    private static final String SECRET = "an HMAC secret of at least 32 bytes!";
    private static RedisServer redis;
    private static RedcastServer server;

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        server =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .redisUrl(redis.uri())
                                .jwtSecret(SECRET)
                                .jwtLeewaySeconds(0)
                                .summaryIntervalSeconds(0)
                                .build());
        ReadyProbe.waitFor(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private RedcastClient.Builder client(RecordingListener listener) {
        return RedcastClient.builder()
                .url("ws://127.0.0.1:" + server.port() + "/ws")
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .connectionListener(listener);
    }

    @Test
    void tokenSupplier_refreshesTheJwt_andTheConnectionOutlivesTheFirstToken() throws Exception {
        Duration life = Duration.ofSeconds(4);
        List<Instant> asked = new CopyOnWriteArrayList<>();
        RecordingListener rec = new RecordingListener();
        RedcastClient client =
                client(rec)
                        .tokenSupplier(
                                () -> {
                                    asked.add(Instant.now());
                                    return CompletableFuture.completedFuture(
                                            Jwts.hs256(SECRET, "wael", life));
                                })
                        .build();
        resources.add(client);
        Welcome welcome = client.connect().join();
        Instant firstExpires = asked.get(0).plus(life);
        assertThat(welcome.user()).isEqualTo("wael");
        client.subscribe("news", rec).join();

        // No leeway: without a refresh the server closes the connection at the first expiry.
        await("the same connection, two seconds past the first token's expiry")
                .during(Duration.between(Instant.now(), firstExpires.plusSeconds(2)))
                .atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                client.state() instanceof ConnectionState.Connected c
                                        && c.welcome().client().equals(welcome.client()));
        assertThat(asked).as("asked on connect and for refreshes").hasSizeGreaterThanOrEqualTo(3);

        redis.publish("news", "still here");
        assertThat(rec.next().payload()).isEqualTo("still here");
        rec.assertExhausted();
    }

    @Test
    void fixedJwtThatExpires_closesWith4500_andTheClientDoesNotReconnect() throws Exception {
        RecordingListener rec = new RecordingListener();
        RedcastClient client =
                client(rec).token(Jwts.hs256(SECRET, "wael", Duration.ofSeconds(2))).build();
        resources.add(client);
        client.connect().join();

        ConnectionState.Closed closed = rec.awaitState(ConnectionState.Closed.class);
        assertThat(closed.closeCode()).isEqualTo(CloseCodes.TOKEN_INVALID);
        // Reconnecting would start within the 200 ms backoff ceiling.
        await("no reconnect after 4500")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> client.state() instanceof ConnectionState.Closed);
        assertThat(rec.drainStates()).isEmpty();
    }
}
