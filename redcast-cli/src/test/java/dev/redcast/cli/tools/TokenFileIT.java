package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.cli.Main;
import dev.redcast.server.RedcastServer;
import dev.redcast.testkit.Jwts;
import dev.redcast.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --token-file} (and {@code REDCAST_TOKEN_FILE}) against a node that admits JWTs with no
 * leeway: the tools read the file on every connect and again before the JWT in use expires.
 */
class TokenFileIT {
    private static final String SECRET = "an HMAC secret of at least 32 bytes!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServer redis;
    private static RedcastServer server;
    private static String url;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        server =
                ReadyServer.start(
                        ReadyServer.config(redis.uri()).jwtSecret(SECRET).jwtLeewaySeconds(0));
        url = "ws://127.0.0.1:" + server.port() + "/ws";
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    /** Writes the token the way a careful renewer does: aside first, then moved over the file. */
    private static void renew(Path file, String token) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, token + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void theJarsListen_sendsTheRenewedFileBeforeTheJwtExpires_andKeepsListening(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("token");
        // Long enough for a JVM to start and subscribe on a busy machine.
        Duration life = Duration.ofSeconds(15);
        renew(file, Jwts.hs256(SECRET, "reader", life));
        Instant firstExpires = Instant.now().plus(life);
        try (JarProcess listen =
                JarProcess.start(
                        Map.of(),
                        "listen",
                        "--url",
                        url,
                        "--token-file",
                        file.toString(),
                        "-c",
                        "news",
                        "-n",
                        "1")) {
            listen.awaitErr("listen: subscribed to news", Duration.ofSeconds(30));
            renew(file, Jwts.hs256(SECRET, "reader", Duration.ofMinutes(10)));

            // No leeway: had listen not sent the renewed token, the node would have closed the
            // connection with 4500 at the first expiry, and listen would have ended with 1.
            await("listen still running two seconds past the first token's expiry")
                    .during(Duration.between(Instant.now(), firstExpires.plusSeconds(2)))
                    .atMost(Duration.ofSeconds(40))
                    .until(listen::isAlive);
            assertThat(redis.publish("news", "after the first token expired")).isPositive();

            assertThat(listen.exitCode(Duration.ofSeconds(10)))
                    .as(listen.err().toString())
                    .isZero();
            assertThat(listen.out()).hasSize(1);
            JsonNode m = JSON.readTree(listen.out().get(0));
            assertThat(m.get("payload").asText()).isEqualTo("after the first token expired");
        }
    }

    @Test
    void theJarsPublish_takesTheTokenFileFromTheEnvironment_andPublishesAsItsSub(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("token");
        renew(file, Jwts.hs256(SECRET, "filebot", Duration.ofMinutes(10)));
        CommandRun listener = new CommandRun(Main.commandLine());
        CompletableFuture<Integer> exit =
                listener.startUntil(
                        "listen: subscribed to",
                        1,
                        "listen",
                        "--url",
                        url,
                        "--token-file",
                        file.toString(),
                        "-c",
                        "files",
                        "-n",
                        "1");

        try (JarProcess publish =
                JarProcess.start(
                        Map.of("REDCAST_URL", url, "REDCAST_TOKEN_FILE", file.toString()),
                        "publish",
                        "-c",
                        "files",
                        "from a token file")) {
            assertThat(publish.exitCode(Duration.ofSeconds(30)))
                    .as(publish.err().toString())
                    .isZero();
        }
        assertThat(exit.get()).isZero();
        JsonNode m = JSON.readTree(listener.out().strip());
        assertThat(m.get("payload").asText()).isEqualTo("from a token file");
        assertThat(m.get("from").asText()).isEqualTo("filebot");
    }

    @Test
    void aMissingTokenFile_exitsWithOne_andBothATokenAndAFile_isAUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        CommandRun publish = new CommandRun(Main.commandLine());
        assertThat(
                        publish.execute(
                                "publish",
                                "--url",
                                url,
                                "--token-file",
                                missing.toString(),
                                "-c",
                                "c",
                                "x"))
                .isEqualTo(1);
        assertThat(publish.err().strip())
                .startsWith("redcast publish: cannot connect to " + url)
                .contains("no token file " + missing)
                .doesNotContain("\tat ");

        CommandRun both = new CommandRun(Main.commandLine());
        assertThat(
                        both.execute(
                                "listen",
                                "--url",
                                url,
                                "--token",
                                "t",
                                "--token-file",
                                missing.toString(),
                                "-c",
                                "c"))
                .isEqualTo(2);
        assertThat(both.err())
                .contains(
                        "give either a token or a token file, not both (--token and --token-file)");

        CommandRun help = new CommandRun(Main.commandLine());
        assertThat(help.execute("chat", "--help")).isZero();
        assertThat(help.out()).contains("--token-file", "REDCAST_TOKEN_FILE");
    }
}
