package dev.redcast.bench.report;

import java.util.List;

/**
 * Thread-safe (immutable). What a sweep found.
 *
 * @param p99BoundMs the bound every row was judged against
 * @param highestPassingRate the highest rate of the unbroken run of passing rows from the lowest
 *     rate up, or null when the first row already failed
 * @param highestPassingDeliveriesPerSec deliveries per second of that row, or null
 */
public record SweepSummary(
        double p99BoundMs, Double highestPassingRate, Double highestPassingDeliveriesPerSec) {

    /**
     * Judges rows ordered by ascending rate: the answer is the last row before the first failure,
     * because a pass above a failure is luck, not capacity.
     */
    public static SweepSummary of(List<RunResult> rows, double p99BoundMs) {
        RunResult best = null;
        for (RunResult row : rows) {
            if (!row.holds(p99BoundMs)) {
                break;
            }
            best = row;
        }
        return new SweepSummary(
                p99BoundMs,
                best == null ? null : best.rate(),
                best == null ? null : best.deliveriesPerSec());
    }

    /** Whether a sweep should go on to the next rate after {@code row}. */
    public static boolean continueAfter(RunResult row, Double p99BoundMs) {
        return p99BoundMs == null || row.holds(p99BoundMs);
    }
}
