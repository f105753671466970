package dev.redcast.bench.internal;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe (immutable once built; the histogram is not shared). The receivers' snapshots of one
 * phase merged and checked against what was owed.
 *
 * <p>Loss is counted per sequence number, not as a difference of totals, so a duplicate of one
 * message cannot hide the loss of another; a delivery that arrives after the drain shows up as
 * {@code stale} in the next phase rather than being mistaken for one of its messages.
 *
 * @param latencyMicros merged latency of the measured deliveries
 * @param expected deliveries owed for the published messages
 * @param received deliveries that arrived
 * @param measured deliveries of messages scheduled in the measured window
 * @param lost deliveries owed that did not arrive
 * @param duplicates deliveries beyond what a message was owed
 * @param incompleteMessages messages that reached fewer subscribers than they should
 * @param stale deliveries from an earlier phase
 * @param foreign message frames without a stamp of this run
 */
public record PhaseTally(
        Histogram latencyMicros,
        long expected,
        long received,
        long measured,
        long lost,
        long duplicates,
        long incompleteMessages,
        long stale,
        long foreign) {

    /**
     * @param published messages {@code 0..published-1} were sent; later ones never were and owe
     *     nothing
     */
    public static PhaseTally of(
            List<ReceiverStats.Snapshot> snapshots, Topology topology, long published) {
        Histogram latency = new Histogram(ReceiverStats.HIGHEST_MICROS, 3);
        long received = 0;
        long measured = 0;
        long stale = 0;
        long foreign = 0;
        for (ReceiverStats.Snapshot s : snapshots) {
            latency.add(s.latencyMicros());
            received += s.received();
            measured += s.measured();
            stale += s.stale();
            foreign += s.foreign();
        }
        long expected = 0;
        long lost = 0;
        long duplicates = 0;
        long incomplete = 0;
        for (long seq = 0; seq < published; seq++) {
            long got = 0;
            for (ReceiverStats.Snapshot s : snapshots) {
                if (seq < s.counts().length) {
                    got += s.counts()[(int) seq];
                }
            }
            int owed = topology.deliveriesOwed(seq);
            expected += owed;
            if (got < owed) {
                lost += owed - got;
                incomplete++;
            } else if (got > owed) {
                duplicates += got - owed;
            }
        }
        // Deliveries with a sequence number past what was published cannot be owed anything.
        for (ReceiverStats.Snapshot s : snapshots) {
            for (long seq = published; seq < s.counts().length; seq++) {
                duplicates += s.counts()[(int) seq];
            }
        }
        return new PhaseTally(
                latency,
                expected,
                received,
                measured,
                lost,
                duplicates,
                incomplete,
                stale,
                foreign);
    }
}
