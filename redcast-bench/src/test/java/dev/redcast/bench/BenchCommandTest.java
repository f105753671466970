package dev.redcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.bench.report.BenchReport;
import dev.redcast.bench.report.ReportFixtures;
import dev.redcast.bench.report.ReportJson;
import dev.redcast.bench.spec.BenchOptions;
import dev.redcast.bench.spec.PublishVia;
import dev.redcast.bench.spec.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = BenchCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private BenchOptions options(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void defaults_areAThousandFanOutSubscribersOnLocalhost() {
        BenchOptions o = options();

        assertThat(o.scenario()).isEqualTo(Scenario.FANOUT);
        assertThat(o.publishVia()).isEqualTo(PublishVia.REDIS);
        assertThat(o.connections()).isEqualTo(1000);
        assertThat(o.channels()).isEqualTo(1);
        assertThat(o.payloadSize()).isEqualTo(100);
        assertThat(o.url()).hasToString("ws://127.0.0.1:8080/ws");
        assertThat(o.rates()).containsExactly(1000.0);
        assertThat(o.effectiveMetricsUrl()).hasToString("http://127.0.0.1:8080/metrics");
    }

    @Test
    void chat_publishesThroughTheServerAndChannelsDefaultToOnePerConnection() {
        assertThat(
                        options("--scenario", "CHAT", "--connections", "20", "--room-size", "5")
                                .publishVia())
                .isEqualTo(PublishVia.SERVER);
        assertThat(options("--scenario", "channels", "--connections", "30").channels())
                .isEqualTo(30);
    }

    @Test
    void sweep_replacesTheRate() {
        BenchOptions o = options("--sweep", "100:300:100", "--p99-bound", "50");

        assertThat(o.rates()).containsExactly(100.0, 200.0, 300.0);
        assertThat(o.p99BoundMs()).isEqualTo(50.0);
    }

    @Test
    void badOptions_exitTwoWithAMessageNamingTheOption() {
        assertThat(run("--connections", "0")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--connections must be > 0, got 0")
                .doesNotContain("\tat ");
    }

    @Test
    void badOptions_areEachExplained() {
        String[][] cases = {
            {"--payload-size", "10"},
            {"--scenario", "chat", "--connections", "10", "--room-size", "3"},
            {
                "--scenario",
                "chat",
                "--publish-via",
                "redis",
                "--connections",
                "10",
                "--room-size",
                "5"
            },
            {"--scenario", "storm"},
            {"--url", "http://x/ws"},
            {"--sweep", "1:2"},
            {"--channel-prefix", "has space"},
            {"--channels", "5", "--connections", "2", "--scenario", "channels"},
            {"--duration", "0s"},
        };
        String[] expected = {
            "--payload-size must be between 48",
            "--room-size must be > 0 and divide --connections (10), got 3",
            "--scenario chat publishes through the server",
            "'storm' is not one of: fanout, channels, chat, idle",
            "--url must be ws://host:port/path",
            "--sweep must be from:to:step",
            "--channel-prefix must be",
            "--channels must be between 1 and --connections (2), got 5",
            "--duration must be > 0",
        };
        for (int i = 0; i < cases.length; i++) {
            StringWriter e = new StringWriter();
            CommandLine cl = BenchCommand.newCommandLine();
            cl.setErr(new PrintWriter(e, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            assertThat(cl.execute(cases[i])).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(e.toString()).as(String.join(" ", cases[i])).contains(expected[i]);
        }
    }

    @Test
    void unreachableServer_exitsOneWithTheReason() {
        // Port 9 (discard) on loopback refuses connections on a normal machine.
        int code =
                run(
                        "--url", "ws://127.0.0.1:9/ws",
                        "--connections", "2",
                        "--connect-timeout", "10s",
                        "--duration", "1s");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("bench: ")
                .contains("connections to ws://127.0.0.1:9/ws failed");
    }

    @Test
    void chart_turnsSavedReportsIntoAnSvg() throws Exception {
        Path a = dir.resolve("before.json");
        Path b = dir.resolve("after.json");
        Files.writeString(a, ReportJson.toJson(report(2)));
        Files.writeString(b, ReportJson.toJson(report(3)));
        Path svg = dir.resolve("chart.svg");

        assertThat(run("chart", "-o", svg.toString(), a.toString(), b.toString())).isEqualTo(0);

        assertThat(Files.readString(svg)).contains("<svg", "p99 before", "p99.9 after");
        assertThat(out.toString()).contains("wrote " + svg);
    }

    @Test
    void chart_explainsAMissingReport() {
        assertThat(
                        run(
                                "chart",
                                "-o",
                                dir.resolve("c.svg").toString(),
                                dir.resolve("nope.json").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("bench chart: no such file");
    }

    private static BenchReport report(double p99) {
        return ReportFixtures.report(List.of(ReportFixtures.row(100, 100_000, p99, 0)), null);
    }
}
