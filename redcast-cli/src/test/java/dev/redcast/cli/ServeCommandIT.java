package dev.redcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.config.Setting;
import dev.redcast.testkit.FreePorts;
import dev.redcast.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged {@code redcast.jar} as an operator runs it. */
class ServeCommandIT {
    private static final Path JAR = Path.of("target", "redcast.jar");

    private static Process java(List<String> args, Path log, String... env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("WS_AUTH_TOKEN");
        pb.environment().remove("REDIS_URL");
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void serveHelp_documentsEverySettingWithItsEnvironmentVariable() throws Exception {
        Path log = Files.createTempFile("redcast-help", ".txt");
        Process p = java(List.of("serve", "--help"), log);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String help = Files.readString(log);
        assertThat(p.exitValue()).isZero();
        for (Setting<?> s : Setting.values()) {
            assertThat(help).contains("--" + s.key()).contains(s.env());
        }
    }

    @Test
    void badSetting_failsAtStartWithAMessageNamingIt() throws Exception {
        Path log = Files.createTempFile("redcast-bad", ".txt");
        Process p = java(List.of("serve"), log, "WS_PORT", "eighty");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log))
                .contains("port")
                .contains("WS_PORT")
                .contains("eighty")
                .doesNotContain("Exception");
    }

    @Test
    void sigterm_closesClientsWith1001_andExits() throws Exception {
        int port = FreePorts.next();
        Path log = Files.createTempFile("redcast-serve", ".txt");
        Process p =
                java(
                        List.of("serve", "--host", "127.0.0.1"),
                        log,
                        "WS_PORT",
                        String.valueOf(port),
                        "WS_AUTH_TOKEN",
                        "t0ken",
                        "DEFAULT_CHANNELS",
                        "general,random");
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    Files.readString(log, StandardCharsets.UTF_8)
                                            .contains("listening on"));
            WsTestClient c =
                    WsTestClient.builder(
                                    URI.create(
                                            "ws://127.0.0.1:" + port + "/ws?token=t0ken&user=op"))
                            .connect();
            assertThat(c.expect("welcome").get("subscriptions").toString())
                    .isEqualTo("[\"general\",\"random\"]");

            p.destroy(); // SIGTERM

            assertThat(c.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1001);
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("stopped").doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }
}
