package dev.redcast.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.bench.spec.BenchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @TempDir Path dir;

    @Test
    void report_survivesARoundTripThroughAFile() {
        List<RunResult> rows =
                List.of(
                        ReportFixtures.row(100, 100_000, 2.5, 0),
                        ReportFixtures.row(200, 200_000, 80, 3).judged(50));
        BenchReport report = ReportFixtures.report(rows, SweepSummary.of(rows, 50));
        Path file = dir.resolve("r.json");

        ReportJson.write(report, file);

        assertThat(ReportJson.read(file)).isEqualTo(report);
    }

    @Test
    void idleReport_survivesARoundTrip() {
        IdleResult idle =
                IdleResult.of(10_000, "jcmd", 50_000_000, 120_000_000, 200L << 20, 400L << 20, 0);
        BenchReport report =
                new BenchReport(
                        "redcast-bench",
                        "dev",
                        "2025-01-01T00:00:00Z",
                        ReportFixtures.report(List.of(), null).machine(),
                        ReportFixtures.report(List.of(), null).settings(),
                        null,
                        List.of(),
                        null,
                        idle);

        BenchReport back = ReportJson.fromJson(ReportJson.toJson(report));

        assertThat(back).isEqualTo(report);
        assertThat(back.idle().heapPerConnectionBytes()).isEqualTo(7000.0);
        assertThat(back.idle().rssPerConnectionBytes()).isEqualTo((200.0 * (1 << 20)) / 10_000);
    }

    @Test
    void json_leavesOutAbsentPartsAndNamesFieldsPlainly() {
        String json =
                ReportJson.toJson(
                        ReportFixtures.report(List.of(ReportFixtures.row(1, 1000, 1, 0)), null));

        assertThat(json)
                .contains("\"deliveriesPerSec\"", "\"latencyMs\"", "\"p999\"")
                .doesNotContain("\"sweep\"", "\"idle\"", "\"passed\"");
    }

    @Test
    void read_explainsFilesThatAreNotReports() throws Exception {
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "hello");
        Path otherJson = dir.resolve("y.json");
        Files.writeString(otherJson, "{\"a\":1}");

        assertThatThrownBy(() -> ReportJson.read(notJson))
                .isInstanceOf(BenchException.class)
                .hasMessageStartingWith(notJson + ": not a redcast-bench report");
        assertThatThrownBy(() -> ReportJson.read(otherJson))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("not a redcast-bench report");
        assertThatThrownBy(() -> ReportJson.read(dir.resolve("missing.json")))
                .isInstanceOf(BenchException.class)
                .hasMessageStartingWith("no such file");
    }
}
