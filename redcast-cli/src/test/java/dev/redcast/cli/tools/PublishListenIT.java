package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.cli.Main;
import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.RedisServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code redcast publish} and {@code redcast listen} run in-process against a real server. */
class PublishListenIT {
    private static final String TOKEN = ReadyServer.TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServer redis;
    private static RedcastServer server;
    private static String url;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        server = ReadyServer.start(redis.uri(), 0, "stored*=100/1h");
        url = "ws://127.0.0.1:" + server.port() + "/ws";
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    private static CommandRun main() {
        return new CommandRun(Main.commandLine());
    }

    /** Starts {@code listen} on another thread and waits until every channel is subscribed. */
    private static CompletableFuture<Integer> listen(
            CommandRun run, int subscriptions, String... args) {
        List<String> all = new ArrayList<>(List.of("listen", "--url", url, "--token", TOKEN));
        all.addAll(List.of(args));
        return run.startUntil("listen: subscribed to", subscriptions, all.toArray(String[]::new));
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> result = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (!line.isEmpty()) {
                result.add(JSON.readTree(line));
            }
        }
        return result;
    }

    @Test
    void publishedPayloadsAndFileLines_arePrintedByListen_oneJsonLineEach(@TempDir Path dir)
            throws Exception {
        CommandRun listener = main();
        CompletableFuture<Integer> exit = listen(listener, 1, "-c", "general", "--count", "3");

        CommandRun one = main();
        assertThat(
                        one.execute(
                                "publish", "--url", url, "--token", TOKEN, "--user", "bob", "-c",
                                "general", "one"))
                .as(one.err())
                .isZero();
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, "two {\"json\":true}\nthree\n");
        CommandRun more = main();
        assertThat(
                        more.execute(
                                "publish",
                                "--url",
                                url,
                                "--token",
                                TOKEN,
                                "--user",
                                "bob",
                                "-c",
                                "general",
                                "-f",
                                file.toString()))
                .as(more.err())
                .isZero();
        assertThat(more.err()).contains("published 2 message(s) to general");

        assertThat(exit.get()).isZero();
        List<JsonNode> messages = lines(listener.out());
        assertThat(messages)
                .extracting(m -> m.get("payload").asText())
                .containsExactly("one", "two {\"json\":true}", "three");
        for (JsonNode m : messages) {
            assertThat(m.get("type").asText()).isEqualTo("message");
            assertThat(m.get("channel").asText()).isEqualTo("general");
            assertThat(m.get("from").asText()).isEqualTo("bob");
            assertThat(m.get("timestamp").asText()).endsWith("Z");
        }
        // No history on this server yet, so publish printed no offsets.
        assertThat(one.out()).isEmpty();
    }

    @Test
    void stdinLines_arePublished_andAPatternListenerSeesThemAndRedisPublishes() throws Exception {
        CommandRun listener = main();
        CompletableFuture<Integer> exit =
                listen(listener, 1, "--pattern", "-c", "news.*", "-n", "3");
        assertThat(listener.err())
                .isEqualTo("listen: subscribed to pattern news.*" + System.lineSeparator());

        CommandRun publish =
                new CommandRun(
                        new CommandLine(
                                new PublishCommand(
                                        new ByteArrayInputStream(
                                                "a\nb\n".getBytes(StandardCharsets.UTF_8)))));
        assertThat(publish.execute("--url", url, "--token", TOKEN, "-c", "news.tech"))
                .as(publish.err())
                .isZero();
        redis.publish("news.world", "from redis");

        assertThat(exit.get()).isZero();
        List<JsonNode> messages = lines(listener.out());
        assertThat(messages)
                .extracting(m -> m.get("payload").asText())
                .containsExactly("a", "b", "from redis");
        assertThat(messages)
                .allSatisfy(m -> assertThat(m.get("pattern").asText()).isEqualTo("news.*"));
        assertThat(messages.get(2).get("channel").asText()).isEqualTo("news.world");
        assertThat(messages.get(2).has("from")).isFalse();
    }

    @Test
    void listenToSeveralChannels_andBinaryPayloadsComeAsBase64() throws Exception {
        CommandRun listener = main();
        CompletableFuture<Integer> exit = listen(listener, 2, "-c", "a", "-c", "b", "-n", "2");
        redis.publish("a", new byte[] {(byte) 0xff, 0x01});
        redis.publish("b", "text");
        assertThat(exit.get()).isZero();
        List<JsonNode> messages = lines(listener.out());
        assertThat(messages.get(0).get("payload_b64").asText()).isEqualTo("/wE=");
        assertThat(messages.get(1).get("payload").asText()).isEqualTo("text");
    }

    @Test
    void onAChannelWithHistory_publishPrintsOffsets_overWebSocketAndHttp() throws Exception {
        CommandRun listener = main();
        CompletableFuture<Integer> exit = listen(listener, 1, "-c", "stored", "-n", "3");
        CommandRun ws = main();
        assertThat(ws.execute("publish", "--url", url, "--token", TOKEN, "-c", "stored", "one"))
                .as(ws.err())
                .isZero();
        assertThat(ws.out().strip()).matches("offset=1 epoch=\\S+");
        String epoch = ws.out().strip().substring("offset=1 epoch=".length());

        CommandRun http =
                new CommandRun(
                        new CommandLine(
                                new PublishCommand(
                                        new ByteArrayInputStream(
                                                "two\nthree\n".getBytes(StandardCharsets.UTF_8)))));
        String base = "http://127.0.0.1:" + server.port();
        assertThat(http.execute("--http", base, "--api-key", ReadyServer.API_KEY, "-c", "stored"))
                .as(http.err())
                .isZero();
        assertThat(http.out().lines())
                .containsExactly("offset=2 epoch=" + epoch, "offset=3 epoch=" + epoch);

        assertThat(exit.get()).isZero();
        assertThat(lines(listener.out()))
                .extracting(m -> m.get("payload").asText() + "@" + m.get("offset").asLong())
                .containsExactly("one@1", "two@2", "three@3");

        CommandRun badKey = main();
        assertThat(
                        badKey.execute(
                                "publish",
                                "--http",
                                base,
                                "--api-key",
                                "wrong",
                                "-c",
                                "stored",
                                "x"))
                .isEqualTo(1);
        assertThat(badKey.err()).startsWith("redcast publish: HTTP 401 unauthorized");
    }

    @Test
    void theJar_takesUrlAndTokenFromTheEnvironment() throws Exception {
        CommandRun listener = main();
        CompletableFuture<Integer> exit = listen(listener, 1, "-c", "env", "-n", "1");
        try (JarProcess publish =
                JarProcess.start(
                        Map.of(
                                "REDCAST_URL", url,
                                "REDCAST_TOKEN", TOKEN,
                                "REDCAST_USER", "envuser"),
                        "publish",
                        "-c",
                        "env",
                        "from the environment")) {
            assertThat(publish.exitCode(Duration.ofSeconds(30)))
                    .as(publish.err().toString())
                    .isZero();
        }
        assertThat(exit.get()).isZero();
        JsonNode m = lines(listener.out()).get(0);
        assertThat(m.get("payload").asText()).isEqualTo("from the environment");
        assertThat(m.get("from").asText()).isEqualTo("envuser");
    }

    @Test
    void wrongToken_exitsWithOneAndAClearMessage() {
        CommandRun publish = main();
        assertThat(publish.execute("publish", "--url", url, "--token", "wrong", "-c", "c", "x"))
                .isEqualTo(1);
        assertThat(publish.err().strip())
                .startsWith(
                        "redcast publish: cannot connect to "
                                + url
                                + ": server refused the WebSocket upgrade (HTTP 401)")
                .endsWith("[unauthorized]")
                .doesNotContain("\tat ");

        CommandRun listen = main();
        assertThat(listen.execute("listen", "--url", url, "--token", "wrong", "-c", "c"))
                .isEqualTo(1);
        assertThat(listen.err())
                .contains("redcast listen: cannot connect to")
                .contains("[unauthorized]");
    }

    @Test
    void nothingListening_exitsWithOne() {
        int port;
        try (RedcastServer s =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TOKEN)
                                .summaryIntervalSeconds(0)
                                .build())) {
            port = s.port();
        }
        CommandRun publish = main();
        assertThat(
                        publish.execute(
                                "publish",
                                "--url",
                                "ws://127.0.0.1:" + port + "/ws",
                                "--token",
                                TOKEN,
                                "-c",
                                "c",
                                "x"))
                .isEqualTo(1);
        assertThat(publish.err())
                .startsWith("redcast publish: cannot connect to ws://127.0.0.1:" + port + "/ws");
    }

    @Test
    void usageErrors_exitWithTwo_andHelpListsEveryOption() {
        CommandRun noUrl = main();
        assertThat(noUrl.execute("publish", "-c", "c", "x")).isEqualTo(2);
        assertThat(noUrl.err()).contains("Missing the server: give --url");

        CommandRun badUrl = main();
        assertThat(badUrl.execute("listen", "--url", "http://x", "-c", "c")).isEqualTo(2);
        assertThat(badUrl.err()).contains("--url must look like ws://host:port/ws");

        CommandRun badCount = main();
        assertThat(badCount.execute("listen", "--url", url, "-c", "c", "-n", "0")).isEqualTo(2);
        assertThat(badCount.err()).contains("--count must be at least 1");

        CommandRun help = main();
        assertThat(help.execute("listen", "--help")).isZero();
        assertThat(help.out())
                .contains(
                        "--url", "REDCAST_URL", "--token", "REDCAST_TOKEN", "--pattern", "--count");
        CommandRun publishHelp = main();
        assertThat(publishHelp.execute("publish", "--help")).isZero();
        assertThat(publishHelp.out()).contains("--http", "--api-key", "--file", "PAYLOAD");
    }
}
