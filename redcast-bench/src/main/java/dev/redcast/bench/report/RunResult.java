package dev.redcast.bench.report;

/**
 * Thread-safe (immutable). One row of a benchmark: one publish rate held for the measured duration.
 *
 * <p>Counts cover the whole phase (warm-up, measured window and drain) so that loss is exact; rates
 * and latency cover only messages scheduled inside the measured window.
 *
 * @param rate scheduled messages per second
 * @param connections open connections at the start of the row
 * @param durationSeconds the measured window
 * @param published messages published in the whole phase
 * @param publishedPerSec messages scheduled in the window per second of window
 * @param deliveries deliveries of messages scheduled in the window
 * @param deliveriesPerSec {@code deliveries} per second of window
 * @param expected deliveries owed for every message of the phase
 * @param received deliveries of the phase that arrived before the drain ended
 * @param lost deliveries owed that never arrived before the drain ended
 * @param duplicates deliveries beyond what a message was owed
 * @param stale deliveries of an earlier row that arrived during this one (late, counted lost there)
 * @param foreign message frames whose payload was not a benchmark stamp
 * @param disconnects connections that closed during the row
 * @param publishErrors publishes Redis or the server refused
 * @param publisherLagMaxMs how far the publisher fell behind its own schedule at worst during the
 *     measured window; large values mean the load generator, not the server, was the bottleneck
 * @param cpu how busy the machine, the bench and the server were during the row
 * @param serverAllocPerDelivery heap bytes the server's connection event loops allocated per
 *     delivery during the row (its {@code redcast_io_allocated_bytes_total}), or null when the
 *     server does not report it
 * @param latencyMs percentiles of receive time minus scheduled send time
 * @param passed whether the row held the p99 bound with no loss, or null without a bound
 */
public record RunResult(
        double rate,
        int connections,
        double durationSeconds,
        long published,
        double publishedPerSec,
        long deliveries,
        double deliveriesPerSec,
        long expected,
        long received,
        long lost,
        long duplicates,
        long stale,
        long foreign,
        long disconnects,
        long publishErrors,
        double publisherLagMaxMs,
        CpuUse cpu,
        Double serverAllocPerDelivery,
        LatencySummary latencyMs,
        Boolean passed) {

    /**
     * CPU use over a row, in percent of one core (200 = both cores of a 2-core machine).
     *
     * @param bench the load generator's process
     * @param server the server's process, or null without {@code --server-pid}
     * @param loadAverage the machine's one-minute load average at the end of the row
     */
    public record CpuUse(double bench, Double server, double loadAverage) {}

    /** Whether this row holds {@code p99BoundMs} with nothing lost and nobody disconnected. */
    public boolean holds(double p99BoundMs) {
        return latencyMs.count() > 0
                && latencyMs.p99() <= p99BoundMs
                && lost == 0
                && disconnects == 0
                && publishErrors == 0;
    }

    /** This row with its verdict against {@code p99BoundMs}. */
    public RunResult judged(double p99BoundMs) {
        return new RunResult(
                rate,
                connections,
                durationSeconds,
                published,
                publishedPerSec,
                deliveries,
                deliveriesPerSec,
                expected,
                received,
                lost,
                duplicates,
                stale,
                foreign,
                disconnects,
                publishErrors,
                publisherLagMaxMs,
                cpu,
                serverAllocPerDelivery,
                latencyMs,
                holds(p99BoundMs));
    }
}
