package dev.redcast.bench;

import dev.redcast.bench.internal.BenchClock;
import dev.redcast.bench.internal.LoadClient;
import dev.redcast.bench.internal.MessageSink;
import dev.redcast.bench.internal.OpenLoopPublisher;
import dev.redcast.bench.internal.OpenLoopSchedule;
import dev.redcast.bench.internal.Phase;
import dev.redcast.bench.internal.PhaseTally;
import dev.redcast.bench.internal.ProcessCpu;
import dev.redcast.bench.internal.RedisSink;
import dev.redcast.bench.internal.ServerMemoryProbe;
import dev.redcast.bench.internal.ServerSink;
import dev.redcast.bench.internal.Topology;
import dev.redcast.bench.report.BenchReport;
import dev.redcast.bench.report.IdleResult;
import dev.redcast.bench.report.LatencySummary;
import dev.redcast.bench.report.ReportJson;
import dev.redcast.bench.report.ReportTable;
import dev.redcast.bench.report.RunResult;
import dev.redcast.bench.report.SvgChart;
import dev.redcast.bench.report.SweepSummary;
import dev.redcast.bench.spec.BenchException;
import dev.redcast.bench.spec.BenchOptions;
import dev.redcast.bench.spec.PublishVia;
import dev.redcast.bench.spec.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the calling thread. Runs one benchmark from validated options: connects, then for
 * each rate publishes open-loop, drains and tallies; or, for the idle scenario, reads the server's
 * memory around opening the connections.
 */
public final class BenchRunner {

    /**
     * Upper bound on messages per row: each receiver loop keeps a delivery counter per message, so
     * this caps that memory at 4 bytes × loops × messages.
     */
    public static final long MAX_MESSAGES_PER_ROW = 20_000_000;

    /** Head start of the schedule so that the first due time is not already past. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BenchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private String transport = "?";

    public BenchRunner(BenchOptions options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the benchmark, prints the table as it goes and writes the JSON and chart if asked.
     *
     * @throws BenchException when the benchmark cannot run (with the reason)
     */
    public BenchReport run() throws InterruptedException {
        String startedAt = Instant.now().toString();
        checkFileDescriptors(options.connections());
        checkRowSize();
        Topology topology =
                new Topology(
                        options.scenario(),
                        options.connections(),
                        options.channels(),
                        options.roomSize(),
                        options.channelPrefix());
        List<RunResult> rows = new ArrayList<>();
        IdleResult idle = null;
        String server;
        if (options.scenario() == Scenario.IDLE) {
            IdleOutcome outcome = runIdle(topology);
            idle = outcome.result();
            server = outcome.server();
        } else {
            server = runRates(topology, rows);
        }
        SweepSummary sweep =
                options.p99BoundMs() == null ? null : SweepSummary.of(rows, options.p99BoundMs());
        if (sweep != null) {
            out.println(
                    sweep.highestPassingRate() == null
                            ? "no rate held p99 <= " + options.p99BoundMs() + " ms with no loss"
                            : String.format(
                                    Locale.ROOT,
                                    "highest rate holding p99 <= %s ms with no loss: %.0f msg/s"
                                            + " (%.0f deliveries/s)",
                                    options.p99BoundMs(),
                                    sweep.highestPassingRate(),
                                    sweep.highestPassingDeliveriesPerSec()));
        }
        BenchReport report =
                new BenchReport(
                        "redcast-bench",
                        BenchCommand.version(),
                        startedAt,
                        machine(),
                        settings(),
                        server,
                        rows,
                        sweep,
                        idle);
        writeOutputs(report);
        out.flush();
        return report;
    }

    // ---------------------------------------------------------------- rates

    private String runRates(Topology topology, List<RunResult> rows) throws InterruptedException {
        try (LoadClient client = new LoadClient(options, topology, err)) {
            transport = client.transport();
            client.connectAll(true);
            try (MessageSink sink = openSink(client, topology)) {
                OpenLoopPublisher publisher =
                        new OpenLoopPublisher(topology, sink, options.payloadSize());
                ExecutorService thread =
                        Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-publisher"));
                try {
                    out.printf(
                            "%s: %d connections, %d channel(s), %d B payloads, publishing via %s%n",
                            options.scenario().label(),
                            options.connections(),
                            topology.channelCount(),
                            options.payloadSize(),
                            options.publishVia().label());
                    out.println(ReportTable.header());
                    out.flush();
                    int phaseId = 0;
                    for (double rate : options.rates()) {
                        RunResult row =
                                runRow(++phaseId, rate, topology, client, sink, publisher, thread);
                        if (options.p99BoundMs() != null) {
                            row = row.judged(options.p99BoundMs());
                        }
                        rows.add(row);
                        out.println(ReportTable.row(row));
                        String problems = ReportTable.problems(row);
                        if (problems != null) {
                            out.println(problems);
                        }
                        out.flush();
                        if (client.openConnections() == 0) {
                            err.println(
                                    "every connection is closed; stopping. close codes: "
                                            + client.closeCodes());
                            break;
                        }
                        if (options.sweep() != null
                                && !SweepSummary.continueAfter(row, options.p99BoundMs())) {
                            out.printf(
                                    "stopping the sweep: %.0f msg/s missed p99 <= %s ms or lost"
                                            + " messages%n",
                                    rate, options.p99BoundMs());
                            break;
                        }
                    }
                } finally {
                    thread.shutdownNow();
                }
                if (client.firstDisconnect() != null) {
                    err.println(
                            "first disconnect: "
                                    + client.firstDisconnect()
                                    + "; close codes "
                                    + client.closeCodes());
                }
                if (sink.firstError() != null) {
                    err.println("first publish error: " + sink.firstError());
                }
                if (sink instanceof RedisSink redis && redis.unheard() > 0) {
                    err.printf(
                            "warning: %d PUBLISHes reached no Redis subscriber: is the server"
                                    + " subscribed to the channel under another name (a"
                                    + " prefix)?%n",
                            redis.unheard());
                }
            }
            return client.server();
        }
    }

    private MessageSink openSink(LoadClient client, Topology topology) {
        return options.publishVia() == PublishVia.REDIS
                ? new RedisSink(options.redisUrl(), options.maxInFlight())
                : new ServerSink(client, topology);
    }

    private RunResult runRow(
            int phaseId,
            double rate,
            Topology topology,
            LoadClient client,
            MessageSink sink,
            OpenLoopPublisher publisher,
            ExecutorService thread)
            throws InterruptedException {
        long warmupNanos = options.warmup().toNanos();
        long durationNanos = options.duration().toNanos();
        OpenLoopSchedule schedule = OpenLoopSchedule.over(rate, warmupNanos + durationNanos);
        if (schedule.count() == 0) {
            throw new BenchException(
                    "rate "
                            + rate
                            + " msg/s over --warmup + --duration publishes no message at all");
        }
        long start = BenchClock.now() + START_DELAY_NANOS;
        Phase phase =
                new Phase(
                        phaseId,
                        (int) schedule.count(),
                        start + warmupNanos,
                        start + warmupNanos + durationNanos);
        client.beginPhase(phase);
        CpuClock cpuClock = new CpuClock(options.serverPid());
        Long allocBefore = ServerMemoryProbe.loopAllocation(options.effectiveMetricsUrl());
        long deliveriesBefore = client.received();
        int connectionsAtStart = client.openConnections();
        int disconnectsBefore = client.disconnects();
        long errorsBefore = sink.errors();

        Future<OpenLoopPublisher.Result> running =
                thread.submit(() -> publisher.run(phase, schedule, start));
        OpenLoopPublisher.Result published;
        try {
            published = running.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BenchException b) {
                throw b;
            }
            throw new BenchException("the publisher failed: " + cause, cause);
        }

        long expected = topology.deliveriesOwedFirst(published.published());
        long drainUntil = System.nanoTime() + options.drain().toNanos();
        while (client.received() < expected && System.nanoTime() < drainUntil) {
            Thread.sleep(5);
        }
        PhaseTally tally = PhaseTally.of(client.snapshot(), topology, published.published());
        Long allocAfter = ServerMemoryProbe.loopAllocation(options.effectiveMetricsUrl());
        long delivered = client.received() - deliveriesBefore;
        Double allocPerDelivery =
                allocBefore == null || allocAfter == null || delivered == 0
                        ? null
                        : Math.round(10.0 * (allocAfter - allocBefore) / delivered) / 10.0;

        double seconds = durationNanos / 1e9;
        long windowMessages = schedule.dueBetween(warmupNanos, warmupNanos + durationNanos);
        return new RunResult(
                rate,
                connectionsAtStart,
                seconds,
                published.published(),
                windowMessages / seconds,
                tally.measured(),
                tally.measured() / seconds,
                tally.expected(),
                tally.received(),
                tally.lost(),
                tally.duplicates(),
                tally.stale(),
                tally.foreign(),
                client.disconnects() - disconnectsBefore,
                sink.errors() - errorsBefore + published.unsent(),
                published.maxLagNanos() / 1e6,
                cpuClock.use(),
                allocPerDelivery,
                LatencySummary.ofMicros(tally.latencyMicros()),
                null);
    }

    /** CPU time of the bench and the server since construction, as percent of one core. */
    private static final class CpuClock {
        private final Long serverPid;
        private final long wallStart = System.nanoTime();
        private final long benchStart = ProcessCpu.selfNanos();
        private final long serverStart;

        CpuClock(Long serverPid) {
            this.serverPid = serverPid;
            this.serverStart = serverPid == null ? 0 : ProcessCpu.ofPid(serverPid);
        }

        RunResult.CpuUse use() {
            double wall = System.nanoTime() - wallStart;
            double bench = 100 * (ProcessCpu.selfNanos() - benchStart) / wall;
            Double server =
                    serverPid == null
                            ? null
                            : 100 * (ProcessCpu.ofPid(serverPid) - serverStart) / wall;
            return new RunResult.CpuUse(
                    Math.round(bench * 10) / 10.0,
                    server == null ? null : Math.round(server * 10) / 10.0,
                    ProcessCpu.loadAverage());
        }
    }

    // ---------------------------------------------------------------- idle

    private record IdleOutcome(IdleResult result, String server) {}

    private record MemoryReading(long heap, Long rss) {}

    private IdleOutcome runIdle(Topology topology) throws InterruptedException {
        String source = options.serverPid() != null ? "jcmd" : "metrics";
        MemoryReading before = readMemory();
        try (LoadClient client = new LoadClient(options, topology, err)) {
            transport = client.transport();
            client.connectAll(false);
            out.printf(
                    "holding %d idle connections for %.1f s%n",
                    options.connections(), options.duration().toMillis() / 1000.0);
            out.flush();
            Thread.sleep(options.duration().toMillis());
            MemoryReading after = readMemory();
            IdleResult result =
                    IdleResult.of(
                            options.connections(),
                            source,
                            before.heap(),
                            after.heap(),
                            before.rss(),
                            after.rss(),
                            client.disconnects());
            out.println(ReportTable.idle(result));
            return new IdleOutcome(result, client.server());
        }
    }

    private MemoryReading readMemory() {
        Long pid = options.serverPid();
        if (pid != null) {
            long heap = ServerMemoryProbe.heapAfterFullGc(pid);
            return new MemoryReading(heap, ServerMemoryProbe.rss(pid));
        }
        return new MemoryReading(
                ServerMemoryProbe.heapFromMetrics(options.effectiveMetricsUrl()), null);
    }

    // ---------------------------------------------------------------- output

    private void writeOutputs(BenchReport report) {
        if (options.json() != null) {
            ReportJson.write(report, options.json());
            out.println("wrote " + options.json());
        }
        if (options.chart() != null) {
            if (report.runs().stream().noneMatch(r -> r.latencyMs().count() > 0)) {
                err.println("no chart written: no row recorded any latency");
                return;
            }
            String svg =
                    SvgChart.render(
                            List.of(new SvgChart.Source(options.scenario().label(), report)));
            try {
                Files.writeString(options.chart(), svg);
            } catch (IOException e) {
                throw new BenchException("cannot write " + options.chart() + ": " + e, e);
            }
            out.println("wrote " + options.chart());
        }
    }

    private BenchReport.Machine machine() {
        return new BenchReport.Machine(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory(),
                transport);
    }

    private BenchReport.Settings settings() {
        return new BenchReport.Settings(
                options.scenario().label(),
                options.url().toString(),
                options.publishVia().label(),
                options.connections(),
                options.channels(),
                options.roomSize(),
                options.payloadSize(),
                options.warmup().toMillis() / 1000.0,
                options.duration().toMillis() / 1000.0,
                options.drain().toMillis() / 1000.0,
                options.clientThreads(),
                options.sourceAddresses(),
                options.p99BoundMs());
    }

    private void checkRowSize() {
        for (double rate : options.rates()) {
            double seconds = (options.warmup().toNanos() + options.duration().toNanos()) / 1e9;
            if (options.scenario() != Scenario.IDLE && rate * seconds > MAX_MESSAGES_PER_ROW) {
                throw new BenchException(
                        String.format(
                                Locale.ROOT,
                                "%.0f msg/s over %.0f s is more than %d messages per row;"
                                        + " shorten --duration/--warmup or lower the rate",
                                rate,
                                seconds,
                                MAX_MESSAGES_PER_ROW));
            }
        }
    }

    /** Fails early, with the fix, instead of at connection 1 000 with "Too many open files". */
    static void checkFileDescriptors(int connections) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            long needed = connections + unix.getOpenFileDescriptorCount() + 64;
            if (needed > limit) {
                throw new BenchException(
                        "--connections "
                                + connections
                                + " needs about "
                                + needed
                                + " file descriptors but this process may open "
                                + limit
                                + "; raise the limit (ulimit -n) or open fewer connections");
            }
        }
    }
}
