package dev.redcast.bench.spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Thread-safe (immutable). One benchmark's settings, validated.
 *
 * @param url the server's WebSocket endpoint, {@code ws://host:port/ws}
 * @param token the shared token sent as {@code ?token=}, or null to send none
 * @param redisUrl where {@link PublishVia#REDIS} publishes
 * @param publishVia Redis or the server
 * @param scenario what to run
 * @param connections WebSocket connections to open
 * @param channels channels of the {@link Scenario#CHANNELS} scenario (1 for fan-out)
 * @param roomSize members per room in {@link Scenario#CHAT}
 * @param rate messages per second when not sweeping
 * @param payloadSize bytes per payload, at least {@link #MIN_PAYLOAD_SIZE}
 * @param duration measured time per rate; for {@link Scenario#IDLE}, how long to hold the
 *     connections before reading memory
 * @param warmup time published before the measurement starts, not recorded
 * @param drain how long to wait after the last publish for deliveries still in flight
 * @param sweep rates to visit, or null to run {@code rate} once
 * @param p99BoundMs the p99 a rate must hold to pass, or null for no bound
 * @param json where to write the JSON report, or null
 * @param chart where to write the SVG chart, or null
 * @param clientThreads Netty event loops for the benchmark's connections
 * @param sourceAddresses how many 127.0.0.x source addresses to spread connections over (0: let the
 *     kernel choose)
 * @param connectConcurrency handshakes in flight at once while connecting
 * @param connectTimeout how long connecting and subscribing everything may take
 * @param channelPrefix channel name (fan-out) or prefix of channel names (the others)
 * @param serverPid the server's process id for RSS and {@code jcmd} heap readings, or null
 * @param metricsUrl the server's Prometheus endpoint, or null to derive it from {@code url}
 * @param maxInFlight publishes not yet acknowledged before the publisher waits
 */
public record BenchOptions(
        URI url,
        String token,
        URI redisUrl,
        PublishVia publishVia,
        Scenario scenario,
        int connections,
        int channels,
        int roomSize,
        double rate,
        int payloadSize,
        Duration duration,
        Duration warmup,
        Duration drain,
        SweepSpec sweep,
        Double p99BoundMs,
        Path json,
        Path chart,
        int clientThreads,
        int sourceAddresses,
        int connectConcurrency,
        Duration connectTimeout,
        String channelPrefix,
        Long serverPid,
        URI metricsUrl,
        int maxInFlight) {

    /** Smallest payload that holds the stamp of a long run (phase, sequence and send time). */
    public static final int MIN_PAYLOAD_SIZE = 48;

    /** Largest payload; the bench's frame decoder limit is derived from it. */
    public static final int MAX_PAYLOAD_SIZE = 1 << 20;

    /** Source addresses 127.0.0.2 to 127.0.0.254. */
    public static final int MAX_SOURCE_ADDRESSES = 253;

    /** Channel names stay plain so that they need no JSON escaping in hand-built frames. */
    private static final Pattern CHANNEL_PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    public BenchOptions {
        require(url != null, "--url is required");
        String urlScheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        require(
                urlScheme.equals("ws") && url.getHost() != null,
                "--url must be ws://host:port/path, got '" + url + "' (wss is not supported)");
        require(
                publishVia != null && scenario != null,
                "--publish-via and --scenario are required");
        if (publishVia == PublishVia.REDIS && scenario != Scenario.IDLE) {
            require(
                    redisUrl != null
                            && ("redis".equals(redisUrl.getScheme())
                                    || "rediss".equals(redisUrl.getScheme())),
                    "--redis must be redis://host:port, got '" + redisUrl + "'");
        }
        require(
                scenario != Scenario.CHAT || publishVia == PublishVia.SERVER,
                "--scenario chat publishes through the server; use --publish-via server");
        require(connections > 0, "--connections must be > 0, got " + connections);
        require(
                channels > 0 && channels <= connections,
                "--channels must be between 1 and --connections ("
                        + connections
                        + "), got "
                        + channels);
        if (scenario == Scenario.CHAT) {
            require(
                    roomSize > 0 && connections % roomSize == 0,
                    "--room-size must be > 0 and divide --connections ("
                            + connections
                            + "), got "
                            + roomSize);
        }
        require(rate > 0 && Double.isFinite(rate), "--rate must be > 0 messages/s, got " + rate);
        require(
                payloadSize >= MIN_PAYLOAD_SIZE && payloadSize <= MAX_PAYLOAD_SIZE,
                "--payload-size must be between "
                        + MIN_PAYLOAD_SIZE
                        + " and "
                        + MAX_PAYLOAD_SIZE
                        + " bytes, got "
                        + payloadSize);
        require(
                duration != null && !duration.isNegative() && !duration.isZero(),
                "--duration must be > 0, got " + duration);
        require(warmup != null && !warmup.isNegative(), "--warmup must be >= 0, got " + warmup);
        require(drain != null && !drain.isNegative(), "--drain must be >= 0, got " + drain);
        require(
                p99BoundMs == null || (p99BoundMs > 0 && Double.isFinite(p99BoundMs)),
                "--p99-bound must be > 0 ms, got " + p99BoundMs);
        require(
                clientThreads > 0 && clientThreads <= 64,
                "--client-threads must be between 1 and 64, got " + clientThreads);
        require(
                sourceAddresses >= 0 && sourceAddresses <= MAX_SOURCE_ADDRESSES,
                "--source-addresses must be between 0 and "
                        + MAX_SOURCE_ADDRESSES
                        + ", got "
                        + sourceAddresses);
        require(
                connectConcurrency > 0,
                "--connect-concurrency must be > 0, got " + connectConcurrency);
        require(
                connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                "--connect-timeout must be > 0, got " + connectTimeout);
        require(
                channelPrefix != null && CHANNEL_PREFIX.matcher(channelPrefix).matches(),
                "--channel-prefix must be 1 to 100 of A-Z a-z 0-9 _ . : -, got '"
                        + channelPrefix
                        + "'");
        require(serverPid == null || serverPid > 0, "--server-pid must be > 0, got " + serverPid);
        require(maxInFlight > 0, "--max-in-flight must be > 0, got " + maxInFlight);
        if (scenario == Scenario.FANOUT) {
            channels = 1;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The rates to run: the sweep's, or just {@link #rate()}. */
    public List<Double> rates() {
        return sweep == null ? List.of(rate) : sweep.rates();
    }

    /** Where to read the server's Prometheus metrics: {@code metricsUrl} or {@code /metrics}. */
    public URI effectiveMetricsUrl() {
        if (metricsUrl != null) {
            return metricsUrl;
        }
        return URI.create("http://" + url.getHost() + ":" + port(url) + "/metrics");
    }

    /** The port of a ws:// address, 80 when it has none. */
    public static int port(URI url) {
        return url.getPort() == -1 ? 80 : url.getPort();
    }
}
