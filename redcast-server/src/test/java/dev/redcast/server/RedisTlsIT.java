package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.ConfigException;
import dev.redcast.testkit.ReadyProbe;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.TestPki;
import dev.redcast.testkit.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the JUnit test thread. A node whose Redis speaks only TLS ({@code rediss://}) with a
 * certificate of a test CA: with that CA as {@code redis-ca} messages flow both ways over TLS;
 * without it the node stays up, not ready, and says why.
 */
class RedisTlsIT {
    private static final String CHANNEL = "tls:news";

    @TempDir static Path dir;
    private static TestPki pki;
    private static RedisServer redis;
    private RedcastServer node;
    private WsTestClient client;

    @BeforeAll
    static void startRedis() {
        pki = TestPki.create(dir);
        TestPki.Issued cert = pki.issue("redis");
        redis =
                RedisServer.start(
                        RedisServer.Options.defaults()
                                .withTls(cert.certificate(), cert.key(), pki.caCertificate()));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.assertExhausted();
        }
        Resources.closeAll(client, node);
    }

    @Test
    void redissWithTheCa_publishAndSubscribeGoOverTls() {
        node =
                RedcastServer.start(
                        TestNodes.config(redis.tlsUri())
                                .redisCa(pki.caCertificate().toString())
                                .build());
        ReadyProbe.waitFor(node.port());
        client = TestNodes.connect(node, "wael");
        TestNodes.subscribe(client, CHANNEL, false);

        // Through the node's command connection...
        Http.Response published =
                Http.call(
                        node.port(),
                        "POST",
                        "/api/publish",
                        TestNodes.API_KEY,
                        "{\"channel\":\"" + CHANNEL + "\",\"payload\":\"via the node\"}");
        assertThat(published.status()).isEqualTo(200);
        assertThat(client.expect("message").get("payload").asText()).isEqualTo("via the node");
        // ...and from any program on Redis, through the node's pub/sub connection.
        assertThat(redis.publish(CHANNEL, "via redis")).isEqualTo(1);
        assertThat(client.expect("message").get("payload").asText()).isEqualTo("via redis");

        int tlsPort =
                Integer.parseInt(redis.tlsUri().substring(redis.tlsUri().lastIndexOf(':') + 1));
        String clients = (String) redis.command("CLIENT", "LIST");
        assertThat(clients.lines().filter(l -> l.contains(" laddr=127.0.0.1:" + tlsPort + " ")))
                .as("the node's connections on the TLS port: %s", clients)
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void redissWithoutTheCa_nodeServesNotReady_andSaysTheTlsHandshakeFailed() {
        node = RedcastServer.start(TestNodes.config(redis.tlsUri()).build());

        await("not ready")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Http.call(node.port(), "GET", "/ready", null, null).status() == 503);
        Http.Response refused =
                Http.call(
                        node.port(),
                        "POST",
                        "/api/publish",
                        TestNodes.API_KEY,
                        "{\"channel\":\"" + CHANNEL + "\",\"payload\":\"lost\"}");
        assertThat(refused.status()).isEqualTo(503);
        JsonNode body = refused.json();
        assertThat(body.get("message").asText())
                .contains("TLS handshake failed")
                .contains("certification path");
        assertThat(Http.call(node.port(), "GET", "/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void redisCaThatIsNoCertificate_stopsStartUpNamingIt() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus-ca.pem"), "not a certificate\n");

        assertThatThrownBy(
                        () ->
                                RedcastServer.start(
                                        TestNodes.config(redis.tlsUri())
                                                .redisCa(bogus.toString())
                                                .build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "cannot use redis-ca (REDIS_CA) " + bogus + ": no PEM certificates in it");
    }
}
