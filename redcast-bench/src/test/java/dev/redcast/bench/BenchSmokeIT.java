package dev.redcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.bench.report.BenchReport;
import dev.redcast.bench.report.ReportJson;
import dev.redcast.bench.report.RunResult;
import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Short runs of every scenario against a real server and a real redis-server, to keep the bench
 * working. The numbers are not checked against targets (the machine is shared); what must hold is
 * that messages arrive, nothing is lost and the report is complete.
 */
class BenchSmokeIT {

    private static final String TOKEN = "s3cret";

    private static RedisServer redis;
    private static RedcastServer server;

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        server =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TOKEN)
                                .redisUrl(redis.uri())
                                .summaryIntervalSeconds(0)
                                .build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void fanout_deliversEveryMessageToEverySubscriberAndWritesTheReport() {
        Path json = dir.resolve("fanout.json");
        Path chart = dir.resolve("fanout.svg");

        int code =
                run(
                        "--scenario", "fanout",
                        "--connections", "50",
                        "--rate", "200",
                        "--warmup", "1s",
                        "--duration", "3s",
                        "--json", json.toString(),
                        "--chart", chart.toString());

        assertThat(code).as(output()).isZero();
        BenchReport report = ReportJson.read(json);
        assertThat(report.runs()).hasSize(1);
        RunResult row = report.runs().get(0);
        assertThat(row.connections()).isEqualTo(50);
        assertThat(row.published()).isEqualTo(800);
        assertThat(row.expected()).isEqualTo(800 * 50);
        assertThat(row.deliveries()).as(output()).isEqualTo(600 * 50);
        assertThat(row.deliveriesPerSec()).isEqualTo(10_000.0);
        assertThat(row.lost()).as(output()).isZero();
        assertThat(row.duplicates()).isZero();
        assertThat(row.disconnects()).isZero();
        assertThat(row.latencyMs().count()).isEqualTo(600 * 50);
        assertThat(row.latencyMs().p50()).isPositive().isLessThanOrEqualTo(row.latencyMs().max());
        assertThat(report.server()).contains(server.nodeId());
        assertThat(report.machine().transport()).isIn("epoll", "nio");
        assertThat(output()).contains("p99 ms", "wrote " + json);
        assertThat(chart).content().contains("<svg", "data-series=\"p99\"");
    }

    @Test
    void sweep_runsEachRateOverTheSameConnections() {
        Path json = dir.resolve("sweep.json");

        int code =
                run(
                        "--connections", "20",
                        "--sweep", "50:100:50",
                        "--p99-bound", "5000",
                        "--warmup", "0s",
                        "--duration", "1s",
                        "--json", json.toString());

        assertThat(code).as(output()).isZero();
        BenchReport report = ReportJson.read(json);
        assertThat(report.runs()).extracting(RunResult::rate).containsExactly(50.0, 100.0);
        assertThat(report.runs()).allSatisfy(r -> assertThat(r.lost()).isZero());
        assertThat(report.runs()).extracting(RunResult::stale).containsOnly(0L);
        assertThat(report.sweep().highestPassingRate()).isEqualTo(100.0);
        assertThat(output()).contains("highest rate holding p99 <= 5000.0 ms");
    }

    @Test
    void channels_spreadPublishesOverOneChannelPerGroup() {
        Path json = dir.resolve("channels.json");

        int code =
                run(
                        "--scenario", "channels",
                        "--connections", "40",
                        "--channels", "10",
                        "--channel-prefix", "smoke-ch",
                        "--rate", "200",
                        "--warmup", "0s",
                        "--duration", "2s",
                        "--json", json.toString());

        assertThat(code).as(output()).isZero();
        RunResult row = ReportJson.read(json).runs().get(0);
        assertThat(row.expected()).isEqualTo(400 * 4);
        assertThat(row.received()).isEqualTo(400 * 4);
        assertThat(row.lost()).isZero();
    }

    @Test
    void chat_publishesThroughTheServerIntoRooms() {
        Path json = dir.resolve("chat.json");

        int code =
                run(
                        "--scenario", "chat",
                        "--connections", "20",
                        "--room-size", "5",
                        "--channel-prefix", "smoke-chat",
                        "--rate", "100",
                        "--warmup", "0s",
                        "--duration", "2s",
                        "--json", json.toString());

        assertThat(code).as(output()).isZero();
        RunResult row = ReportJson.read(json).runs().get(0);
        assertThat(row.published()).isEqualTo(200);
        assertThat(row.expected()).as("every member, the sender too").isEqualTo(200 * 5);
        assertThat(row.lost()).as(output()).isZero();
        assertThat(row.publishErrors()).isZero();
    }

    @Test
    void idle_readsHeapPerConnectionFromTheServerMetrics() {
        Path json = dir.resolve("idle.json");

        int code =
                run(
                        "--scenario", "idle",
                        "--connections", "30",
                        "--duration", "500ms",
                        "--json", json.toString());

        assertThat(code).as(output()).isZero();
        BenchReport report = ReportJson.read(json);
        assertThat(report.runs()).isEmpty();
        assertThat(report.idle().connections()).isEqualTo(30);
        assertThat(report.idle().heapSource()).isEqualTo("metrics");
        assertThat(report.idle().heapBeforeBytes()).isPositive();
        assertThat(report.idle().heapAfterBytes()).isPositive();
        assertThat(report.idle().disconnects()).isZero();
        assertThat(output()).contains("idle: 30 connections, heap (metrics)");
    }

    @Test
    void idle_withServerPidReadsHeapAfterFullGcAndRss() {
        Path json = dir.resolve("idle-pid.json");

        int code =
                run(
                        "--scenario", "idle",
                        "--connections", "10",
                        "--duration", "200ms",
                        // The server runs in this JVM, so this JVM's pid is the server's.
                        "--server-pid", Long.toString(ProcessHandle.current().pid()),
                        "--json", json.toString());

        assertThat(code).as(output()).isZero();
        BenchReport report = ReportJson.read(json);
        assertThat(report.idle().heapSource()).isEqualTo("jcmd");
        assertThat(report.idle().rssBeforeBytes()).isPositive();
        assertThat(report.idle().rssPerConnectionBytes()).isNotNull();
    }

    @Test
    void wrongToken_failsWithTheServersAnswer() {
        int code =
                runWith(
                        List.of(
                                "--url", "ws://127.0.0.1:" + server.port() + "/ws",
                                "--token", "wrong",
                                "--connections", "3",
                                "--duration", "1s"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("bench: ").contains("401");
    }

    private int run(String... args) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--url",
                                "ws://127.0.0.1:" + server.port() + "/ws",
                                "--token",
                                TOKEN,
                                "--redis",
                                redis.uri(),
                                "--drain",
                                "5s",
                                "--connect-timeout",
                                "30s"));
        argv.addAll(List.of(args));
        return runWith(argv);
    }

    private int runWith(List<String> argv) {
        CommandLine cl = BenchCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(argv.toArray(String[]::new));
    }

    private String output() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}
