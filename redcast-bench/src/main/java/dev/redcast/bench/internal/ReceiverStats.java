package dev.redcast.bench.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Confined to its event loop, except {@link #received()} which any thread may read; other threads
 * reach it through {@link #loop()}. What the connections of one event loop received in the current
 * phase: a latency histogram, a delivery count per sequence number, and the odd cases.
 *
 * <p>One instance per event loop, not per connection and not shared, so recording needs no
 * synchronisation and merging happens once at the end of a phase.
 */
public final class ReceiverStats {

    /** Latency is recorded in microseconds up to an hour; anything slower is clamped. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final EventLoop loop;
    private final StampReader reader = new StampReader();
    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);

    /** Null until the first phase begins: deliveries before that are stale. */
    private Phase phase;

    private int[] counts = new int[0];
    private long measured;
    private long stale;
    private long foreign;

    // Written by the loop only; volatile so the drain can watch it from the runner's thread.
    private volatile long received;

    public ReceiverStats(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Starts counting for {@code next}, forgetting the previous phase. Loop only. */
    public void begin(Phase next) {
        assert loop.inEventLoop();
        phase = next;
        counts = new int[next.messages()];
        histogram.reset();
        measured = 0;
        stale = 0;
        foreign = 0;
        received = 0;
    }

    /**
     * Accounts a text frame. Loop only.
     *
     * @return false when the frame is not a message (the caller handles it as a control frame)
     */
    public boolean onText(ByteBuf frame) {
        return onText(frame, frame.readerIndex(), frame.readableBytes());
    }

    /**
     * Accounts the text frame payload of {@code length} bytes at {@code index} of {@code buf},
     * which the caller still owns. Loop only.
     *
     * @return false when the frame is not a message (the caller handles it as a control frame)
     */
    public boolean onText(ByteBuf buf, int index, int length) {
        int found = reader.read(buf, index, length);
        if (found == 0) {
            return false;
        }
        if (found < 0) {
            foreign++;
            return true;
        }
        long now = BenchClock.now();
        Phase current = phase;
        if (current == null || reader.phase() != current.id()) {
            stale++;
            return true;
        }
        long seq = reader.seq();
        if (seq >= counts.length) {
            foreign++;
            return true;
        }
        counts[(int) seq]++;
        received = received + 1;
        long intended = reader.intendedNanos();
        if (current.measured(intended)) {
            long micros = Math.max(0, now - intended) / 1000;
            histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
            measured++;
        }
        return true;
    }

    /** Deliveries of the current phase so far. Any thread. */
    public long received() {
        return received;
    }

    /** A copy of everything counted in this phase. Loop only. */
    public Snapshot snapshot() {
        assert loop.inEventLoop();
        return new Snapshot(histogram.copy(), counts.clone(), received, measured, stale, foreign);
    }

    /**
     * Counts of one loop for one phase, copied so that later deliveries do not change them.
     * Thread-safe once published (the owner no longer writes to it).
     *
     * @param latencyMicros receive time minus scheduled time of the measured deliveries
     * @param counts deliveries per sequence number
     * @param received all deliveries of the phase
     * @param measured deliveries of messages scheduled in the measured window
     * @param stale deliveries from an earlier phase
     * @param foreign message frames that carried no stamp of this run
     */
    public record Snapshot(
            Histogram latencyMicros,
            int[] counts,
            long received,
            long measured,
            long stale,
            long foreign) {}
}
