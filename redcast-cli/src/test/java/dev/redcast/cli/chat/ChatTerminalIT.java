package dev.redcast.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.cli.tools.ReadyServer;
import dev.redcast.server.RedcastServer;
import dev.redcast.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code java -jar redcast.jar chat} in a real pseudo-terminal (a tmux session of 80x24) against a
 * server started here, driven with keys and checked on the screen as a person would see it.
 */
class ChatTerminalIT {
    private static final String TOKEN = ReadyServer.TOKEN;
    private static final Path JAR = Path.of("target", "redcast.jar");
    private static RedisServer redis;

    private RedcastServer server;
    private Tmux tmux;
    private Path logFile;

    @BeforeAll
    static void startRedis() {
        assertThat(JAR).as("the jar (mvn package builds it before the integration tests)").exists();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startServer(TestInfo test) throws Exception {
        server = startReady(0);
        logFile =
                Path.of("target", "chat-" + test.getTestMethod().orElseThrow().getName() + ".log");
        Files.deleteIfExists(logFile);
    }

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static RedcastServer startReady(int port) {
        return ReadyServer.start(redis.uri(), port, "*=1000/1h");
    }

    private Tmux chat(int cols, int rows, String token, String... extra) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dfile.encoding=UTF-8",
                                "-jar",
                                JAR.toAbsolutePath().toString(),
                                "chat",
                                "--url",
                                "ws://127.0.0.1:" + server.port() + "/ws",
                                "--token",
                                token,
                                "--user",
                                "wael",
                                "--log-file",
                                logFile.toAbsolutePath().toString()));
        cmd.addAll(List.of(extra));
        tmux = Tmux.start(cols, rows, cmd);
        return tmux;
    }

    private static final Pattern TIME = Pattern.compile("\\[\\d\\d:\\d\\d\\] ");

    @Test
    void joinSendReceiveFromRedisLeaveAndQuit_at80x24() {
        Tmux t = chat(80, 24, TOKEN);
        t.awaitScreen(
                "the header and a connection",
                s -> s.contains("redcast chat") && s.contains("connected"));
        List<String> rows = t.rows();
        assertThat(rows.get(0))
                .contains("redcast chat 0.")
                .contains("wael @ ws://127.0.0.1:" + server.port() + "/ws");
        assertThat(rows.get(1)).contains("Channels").contains("Welcome to redcast chat");
        assertThat(rows.get(22)).startsWith(" [no channel] connected");
        assertThat(rows.get(23).strip()).isEqualTo(">");

        // Published before joining, kept in the channel's history.
        ReadyServer.backendPublish(redis, "general", "earlier message", "mazen");
        t.line("/join general");
        String joined =
                t.awaitScreen(
                        "the joined channel with its history",
                        s ->
                                s.contains("-- joined general")
                                        && s.contains("[general] connected")
                                        && s.contains("mazen: earlier message"));
        assertThat(joined.indexOf("mazen: earlier message"))
                .isLessThan(joined.indexOf("-- joined general"));
        assertThat(t.rows().get(2)).startsWith(">general");

        t.line("hello from wael");
        String screen = t.awaitText("wael: hello from wael");
        assertThat(screen).containsPattern(TIME.pattern() + "wael: hello from wael");

        redis.publish("general", "hello from redis");
        screen = t.awaitText("~: hello from redis");
        assertThat(screen).containsPattern(TIME.pattern() + "~: hello from redis");

        t.line("/who");
        t.awaitText("-- 1 in general: wael");
        t.line("/leave");
        screen =
                t.awaitScreen(
                        "the channel left",
                        s ->
                                s.contains("[no channel] connected │ left general")
                                        || s.contains("[no channel] connected x left general"));
        assertThat(t.rows().get(2)).doesNotContain("general");
        assertThat(t.rows().get(23).strip()).isEqualTo(">");

        t.line("/quit");
        assertThat(t.awaitExit()).isZero();
        assertThat(t.screen()).doesNotContain("Channels"); // back from the alternate screen
    }

    @Test
    void resizesWithTheTerminal() {
        Tmux t = chat(80, 24, TOKEN, "--join", "general");
        t.awaitText("-- joined general");
        t.resize(100, 30);
        t.awaitScreen(
                "30 rows",
                s ->
                        s.split("\n", -1).length >= 30
                                && s.split("\n")[28].startsWith(" [general] connected"));
        assertThat(t.rows().get(0)).hasSize(100);
        t.resize(50, 12);
        // tmux keeps the bottom rows when it shrinks a window: wait for the redrawn header.
        t.awaitScreen(
                "a 50-column header",
                s ->
                        s.split("\n")[0].startsWith(" redcast chat")
                                && s.split("\n")[0].endsWith("…"));
        List<String> narrow = t.rows();
        assertThat(narrow.get(0)).hasSize(50);
        assertThat(narrow.get(10)).startsWith(" [general] connected");
        assertThat(String.join("\n", narrow)).doesNotContain("Channels");
        t.resize(80, 24);
        t.awaitScreen(
                "the channel list again",
                s -> s.contains("Channels") && s.split("\n")[22].startsWith(" [general]"));
        t.press("C-c");
        assertThat(t.awaitExit()).isZero();
    }

    @Test
    void serverRestart_statusBarSaysReconnecting_thenMessagesFlowAgain() throws Exception {
        Tmux t = chat(80, 24, TOKEN, "--join", "ops");
        t.awaitText("-- joined ops");
        int port = server.port();
        server.close();
        t.awaitScreen(
                "reconnecting in the status bar", s -> s.split("\n")[22].contains("reconnecting"));
        assertThat(t.rows().get(22)).contains("connection lost (");
        // A backend keeps publishing while the gateway is down; the chat must recover these.
        ReadyServer.backendPublish(redis, "ops", "while away 1", "mazen");
        ReadyServer.backendPublish(redis, "ops", "while away 2", "mazen");
        server = startReady(port);
        String recovered =
                t.awaitScreen(
                        "the missed messages and the recovery in the status bar",
                        s ->
                                s.contains("mazen: while away 2")
                                        && s.split("\n")[22].startsWith(" [ops] connected")
                                        && s.split("\n")[22].contains(
                                                "recovered 2 missed message(s) in ops"));
        assertThat(recovered.indexOf("while away 1")).isLessThan(recovered.indexOf("while away 2"));
        // The resubscribe races the first publishes; publish until one shows.
        int[] n = {0};
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            redis.publish("ops", "after restart " + ++n[0]);
                            return t.screen().contains("~: after restart");
                        });
        t.line("/quit");
        assertThat(t.awaitExit()).isZero();
    }

    @Test
    void wrongToken_endsWithOneClearLineAndExitCodeOne() {
        Tmux t = chat(80, 24, "wrong");
        assertThat(t.awaitExit()).isEqualTo(1);
        assertThat(t.screen())
                .contains("redcast chat: cannot connect to ws://127.0.0.1:" + server.port() + "/ws")
                .contains("[unauthorized]")
                .doesNotContain("Exception");
    }
}
