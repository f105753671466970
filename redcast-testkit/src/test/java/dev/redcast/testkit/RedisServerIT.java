package dev.redcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerIT {

    @Test
    void start_answersPingOnLoopback() {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void command_returnsStringsLongsListsAndNil() {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
            assertThat(redis.command("GET", "missing")).isNull();
            assertThat(redis.command("INCR", "n")).isEqualTo(1L);
            assertThat(redis.command("RPUSH", "l", "a", "b")).isEqualTo(2L);
            assertThat(redis.command("LRANGE", "l", "0", "-1")).isEqualTo(List.of("a", "b"));
        }
    }

    @Test
    void errorReply_throwsRedisErrorWithRedisMessage() {
        try (RedisServer redis = RedisServer.start()) {
            assertThatThrownBy(() -> redis.command("NOSUCHCOMMAND"))
                    .isInstanceOf(RedisServer.RedisError.class)
                    .hasMessageContaining("unknown command");
            // The connection stays usable after an error reply.
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void publishToNobody_returnsZero_andPubsubCountsAreZero() {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.publish("nobody", "hi")).isZero();
            assertThat(redis.publish("nobody", new byte[] {(byte) 0xC3, (byte) 0x28})).isZero();
            assertThat(redis.numsub("a", "b")).isEqualTo(Map.of("a", 0L, "b", 0L));
            assertThat(redis.numpat()).isZero();
        }
    }

    @Test
    void pause_holdsCommandsUntilResume_thenRunsThem() throws Exception {
        try (RedisServer redis = RedisServer.start();
                RespConnection c = new RespConnection(RedisServer.HOST, redis.port())) {
            redis.pause();
            CompletableFuture<Object> set =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return c.call(
                                            "SET".getBytes(StandardCharsets.UTF_8),
                                            "k".getBytes(StandardCharsets.UTF_8),
                                            "v".getBytes(StandardCharsets.UTF_8));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> !set.isDone());

            redis.resume();

            assertThat(set.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void closeWhilePaused_stillStopsTheServer() {
        RedisServer redis = RedisServer.start();
        redis.pause();
        redis.close();
        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    void restartWithoutPersistence_losesKeys() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            redis.command("SET", "k", "v");
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isNull();
        }
    }

    @Test
    void restartWithPersistence_keepsKeys() {
        try (RedisServer redis =
                RedisServer.start(RedisServer.Options.defaults().withPersistence(true))) {
            redis.command("SET", "k", "v");
            redis.restart();
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void killThenRestart_comesBackOnSamePort_andPersistedDataSurvivesSigkill() {
        try (RedisServer redis =
                RedisServer.start(RedisServer.Options.defaults().withPersistence(true))) {
            int port = redis.port();
            redis.command("SET", "k", "v");
            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.command("PING"))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("port " + port);
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void extraArgs_reachTheServer() {
        RedisServer.Options options =
                RedisServer.Options.defaults().withExtraArgs("--notify-keyspace-events", "KEA");
        try (RedisServer redis = RedisServer.start(options)) {
            assertThat(redis.command("CONFIG", "GET", "notify-keyspace-events"))
                    .isEqualTo(List.of("notify-keyspace-events", "AKE"));
        }
    }

    @Test
    void fixedPort_isUsed() {
        int port = FreePorts.next();
        try (RedisServer redis = RedisServer.start(RedisServer.Options.defaults().withPort(port))) {
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void badArgument_failsStartWithLogTail() {
        RedisServer.Options options =
                RedisServer.Options.defaults().withExtraArgs("--no-such-option", "1");
        assertThatThrownBy(() -> RedisServer.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-option");
    }

    @Test
    void close_stopsProcessAndDeletesTempDir_andIsIdempotent() {
        RedisServer redis = RedisServer.start();
        Path dir = redis.dir();
        assertThat(dir).isDirectory();
        assertThat(redis.logTail(50)).contains("Ready to accept connections");
        redis.close();
        assertThat(redis.isRunning()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        redis.close();
    }

    @Test
    void withTls_servesRedissWithTheIssuedCertificate_andKeepsThePlainPortForTheKit(
            @TempDir Path dir) throws IOException {
        TestPki pki = TestPki.create(dir);
        TestPki.Issued cert = pki.issue("redis");
        try (RedisServer redis =
                RedisServer.start(
                        RedisServer.Options.defaults()
                                .withTls(cert.certificate(), cert.key(), pki.caCertificate()))) {
            URI tls = URI.create(redis.tlsUri());
            assertThat(tls.getScheme()).isEqualTo("rediss");
            assertThat(tls.getPort()).isNotEqualTo(redis.port());
            assertThat(redis.command("PING")).isEqualTo("PONG");

            try (SSLSocket socket =
                    (SSLSocket)
                            pki.clientContext()
                                    .getSocketFactory()
                                    .createSocket(tls.getHost(), tls.getPort())) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[7];
                int n = socket.getInputStream().readNBytes(reply, 0, reply.length);
                assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII))
                        .isEqualTo("+PONG\r\n");
                assertThat(
                                ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                                        .getSerialNumber())
                        .isEqualTo(cert.serial());
            }
        }
    }

    @Test
    void tlsUri_withoutTls_isRefused() {
        try (RedisServer redis = RedisServer.start()) {
            assertThatThrownBy(redis::tlsUri)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("withTls");
        }
    }
}
