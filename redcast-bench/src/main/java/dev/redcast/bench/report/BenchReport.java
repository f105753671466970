package dev.redcast.bench.report;

import java.util.List;

/**
 * Thread-safe (immutable). Everything one benchmark invocation measured, as written to {@code
 * --json}.
 *
 * @param tool always {@code redcast-bench}
 * @param version the bench's version
 * @param startedAt ISO-8601 instant the run started
 * @param machine where it ran
 * @param settings what was asked for
 * @param server the server's {@code welcome} (node and version), or null if none was seen
 * @param runs one row per rate (empty for the idle scenario)
 * @param sweep the sweep's verdict, or null without {@code --p99-bound}
 * @param idle the idle scenario's memory readings, or null for the other scenarios
 */
public record BenchReport(
        String tool,
        String version,
        String startedAt,
        Machine machine,
        Settings settings,
        String server,
        List<RunResult> runs,
        SweepSummary sweep,
        IdleResult idle) {

    public BenchReport {
        runs = List.copyOf(runs);
    }

    /**
     * The machine the bench ran on.
     *
     * @param cores processors visible to the bench JVM
     * @param transport {@code epoll} or {@code nio}
     */
    public record Machine(
            int cores, String os, String arch, String java, long maxHeapBytes, String transport) {}

    /** The options of the run, as given. */
    public record Settings(
            String scenario,
            String url,
            String publishVia,
            int connections,
            int channels,
            int roomSize,
            int payloadSize,
            double warmupSeconds,
            double durationSeconds,
            double drainSeconds,
            int clientThreads,
            int sourceAddresses,
            Double p99BoundMs) {}
}
