package dev.redcast.bench.report;

import java.util.List;

/** Reports for the report tests. Thread-safe (stateless). */
final class ReportFixtures {

    private ReportFixtures() {}

    static RunResult row(double rate, double deliveriesPerSec, double p99, long lost) {
        return new RunResult(
                rate,
                1000,
                10,
                (long) (rate * 12),
                rate,
                (long) (deliveriesPerSec * 10),
                deliveriesPerSec,
                (long) (rate * 12 * 1000),
                (long) (rate * 12 * 1000) - lost,
                lost,
                0,
                0,
                0,
                0,
                0,
                0.2,
                new RunResult.CpuUse(50, 120.0, 1.5),
                0.0,
                new LatencySummary(p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3, 1000),
                null);
    }

    /** A row in which nothing was delivered. */
    static RunResult empty() {
        return new RunResult(
                1,
                1,
                1,
                1,
                1,
                0,
                0,
                1,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                LatencySummary.EMPTY,
                null);
    }

    static BenchReport report(List<RunResult> rows, SweepSummary sweep) {
        return new BenchReport(
                "redcast-bench",
                "dev",
                "2025-01-01T00:00:00Z",
                new BenchReport.Machine(2, "Linux 6.1", "amd64", "OpenJDK 17", 1L << 30, "epoll"),
                new BenchReport.Settings(
                        "fanout",
                        "ws://127.0.0.1:8080/ws",
                        "redis",
                        1000,
                        1,
                        10,
                        100,
                        2,
                        10,
                        5,
                        2,
                        253,
                        sweep == null ? null : sweep.p99BoundMs()),
                "node n-1, version 0.1.0",
                rows,
                sweep,
                null);
    }
}
