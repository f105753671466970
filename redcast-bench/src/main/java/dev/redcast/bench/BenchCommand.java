package dev.redcast.bench;

import dev.redcast.bench.report.BenchReport;
import dev.redcast.bench.spec.BenchException;
import dev.redcast.bench.spec.BenchOptions;
import dev.redcast.bench.spec.PublishVia;
import dev.redcast.bench.spec.Scenario;
import dev.redcast.bench.spec.SweepSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Confined to the thread that executes it. {@code redcast bench}: the load generator's command
 * line, also runnable on its own through {@link #main}.
 *
 * <p>Exit codes: 0 the benchmark ran (and, with {@code --p99-bound}, some rate held it); 1 it could
 * not run; 2 bad options; 3 it ran but no rate held {@code --p99-bound}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = BenchCommand.Version.class,
        sortOptions = false,
        subcommands = {ChartCommand.class},
        description = {
            "Opens many WebSocket connections to a redcast server, publishes at a fixed rate"
                    + " (open loop) and measures publish-to-receipt latency and loss.",
            "Scenarios: fanout (all on one channel), channels (one channel per client),"
                    + " chat (rooms, publishing through the server), idle (memory per"
                    + " connection)."
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "WS_URL",
            defaultValue = "ws://127.0.0.1:8080/ws",
            description = "Server WebSocket endpoint (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Shared token, sent as ?token=.")
    String token;

    @Option(
            names = "--redis",
            paramLabel = "REDIS_URL",
            defaultValue = "redis://127.0.0.1:6379",
            description = "Redis to PUBLISH to (default: ${DEFAULT-VALUE}).")
    URI redis;

    @Option(
            names = "--publish-via",
            paramLabel = "redis|server",
            converter = PublishViaConverter.class,
            description =
                    "redis (PUBLISH on Redis) or server (protocol publish commands); default"
                            + " server for chat, redis otherwise.")
    PublishVia publishVia;

    @Option(
            names = "--scenario",
            paramLabel = "fanout|channels|chat|idle",
            converter = ScenarioConverter.class,
            defaultValue = "fanout",
            description = "fanout, channels, chat or idle (default: ${DEFAULT-VALUE}).")
    Scenario scenario;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "1000",
            description = "WebSocket connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--channels",
            paramLabel = "K",
            description = "Channels of the channels scenario (default: one per connection).")
    Integer channels;

    @Option(
            names = "--room-size",
            paramLabel = "M",
            defaultValue = "10",
            description =
                    "Members per chat room; must divide --connections (default: ${DEFAULT-VALUE}).")
    int roomSize;

    @Option(
            names = "--rate",
            paramLabel = "MSG_PER_S",
            defaultValue = "1000",
            description = "Messages published per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--payload-size",
            paramLabel = "BYTES",
            defaultValue = "100",
            description = "Payload bytes (default: ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Measured time per rate; idle: how long to hold (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description =
                    "Published but not measured, before each rate (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--drain",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Wait for late deliveries after each rate; what has not arrived then is lost"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(
            names = "--sweep",
            paramLabel = "FROM:TO:STEP",
            description = "Run each rate from FROM to TO by STEP messages/s, instead of --rate.")
    String sweep;

    @Option(
            names = "--p99-bound",
            paramLabel = "MS",
            description =
                    "A rate passes when p99 <= MS with no loss; a sweep stops at the first failure.")
    Double p99BoundMs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            description = "Write an SVG of latency percentiles against deliveries/s.")
    Path chart;

    @Option(
            names = "--client-threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "Event loops for the connections (default: ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(
            names = "--source-addresses",
            paramLabel = "N",
            defaultValue = "253",
            description =
                    "Spread connections over 127.0.0.2.. this many addresses; 0 lets the kernel"
                            + " choose (default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(
            names = "--connect-concurrency",
            paramLabel = "N",
            defaultValue = "256",
            description = "Handshakes in flight while connecting (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(
            names = "--connect-timeout",
            paramLabel = "TIME",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "Time allowed to connect and subscribe all (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(
            names = "--channel-prefix",
            paramLabel = "NAME",
            defaultValue = "bench",
            description =
                    "Fan-out channel name, or prefix of the other scenarios' channels"
                            + " (default: ${DEFAULT-VALUE}).")
    String channelPrefix;

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description =
                    "Server process on this machine: rows report its CPU use; idle reads its RSS"
                            + " and, after jcmd GC.run, its heap.")
    Long serverPid;

    @Option(
            names = "--metrics-url",
            paramLabel = "URL",
            description = "Server Prometheus endpoint for idle heap (default: /metrics of --url).")
    URI metricsUrl;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            defaultValue = "10000",
            description =
                    "Unacknowledged publishes before the publisher waits (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    /** Runs the bench on its own; exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A command line for this command, as {@link #main} runs it. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new BenchCommand());
    }

    @Override
    public Integer call() throws InterruptedException {
        BenchOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            BenchReport report = new BenchRunner(options, out, err).run();
            if (report.sweep() != null && report.sweep().highestPassingRate() == null) {
                return 3;
            }
            return 0;
        } catch (BenchException e) {
            err.println("bench: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The validated options; IllegalArgumentException names the bad one. */
    BenchOptions options() {
        PublishVia via =
                publishVia != null
                        ? publishVia
                        : scenario == Scenario.CHAT ? PublishVia.SERVER : PublishVia.REDIS;
        int channelCount =
                channels != null ? channels : scenario == Scenario.CHANNELS ? connections : 1;
        return new BenchOptions(
                url,
                token,
                redis,
                via,
                scenario,
                connections,
                channelCount,
                roomSize,
                rate,
                payloadSize,
                duration,
                warmup,
                drain,
                sweep == null ? null : SweepSpec.parse(sweep),
                p99BoundMs,
                json,
                chart,
                clientThreads,
                sourceAddresses,
                connectConcurrency,
                connectTimeout,
                channelPrefix,
                serverPid,
                metricsUrl,
                maxInFlight);
    }

    /** The bench's version from its jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = BenchCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Reads {@code --scenario} in any case. Thread-safe (stateless). */
    static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code --publish-via} in any case. Thread-safe (stateless). */
    static final class PublishViaConverter implements CommandLine.ITypeConverter<PublishVia> {
        @Override
        public PublishVia convert(String value) {
            try {
                return PublishVia.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Supplies {@code --version}. Thread-safe (stateless). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"redcast-bench " + version()};
        }
    }
}
