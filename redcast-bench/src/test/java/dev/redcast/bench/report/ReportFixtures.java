package dev.redcast.bench.report;

import java.util.List;

/** Reports for the bench's tests. Thread-safe (stateless). */
public final class ReportFixtures {

    private ReportFixtures() {}

    /** A row measured with {@code --server-pid}: server CPU and allocation reported. */
    public static RunResult row(double rate, double deliveriesPerSec, double p99, long lost) {
        return row(rate, deliveriesPerSec, p99, lost, new RunResult.CpuUse(50, 120.0, 1.5), 0.0);
    }

    /** A row measured without {@code --server-pid}: no server CPU, no allocation figure. */
    public static RunResult rowWithoutServer(double rate, double deliveriesPerSec, double p99) {
        return row(rate, deliveriesPerSec, p99, 0, new RunResult.CpuUse(10, null, 0.5), null);
    }

    private static RunResult row(
            double rate,
            double deliveriesPerSec,
            double p99,
            long lost,
            RunResult.CpuUse cpu,
            Double serverAllocPerDelivery) {
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
                cpu,
                serverAllocPerDelivery,
                new LatencySummary(p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3, 1000),
                null);
    }

    /** A row in which nothing was delivered. */
    public static RunResult empty() {
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

    public static BenchReport report(List<RunResult> rows, SweepSummary sweep) {
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
