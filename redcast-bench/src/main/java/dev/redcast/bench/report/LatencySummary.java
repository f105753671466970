package dev.redcast.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Thread-safe (immutable). Latency percentiles of one run, in milliseconds.
 *
 * @param count recorded deliveries
 */
public record LatencySummary(
        double p50, double p90, double p99, double p999, double max, long count) {

    /** No deliveries recorded: every percentile is zero. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** Summarises a histogram recorded in microseconds. */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()),
                micros.getTotalCount());
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
