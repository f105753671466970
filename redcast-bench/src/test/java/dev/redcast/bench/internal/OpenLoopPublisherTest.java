package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.bench.spec.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopPublisherTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Blocks once, on message {@code stallAt}, the way a full pipeline to Redis would. */
    private static final class StallingSink implements MessageSink {
        private final long stallAt;
        private final long stallNanos;
        final List<Long> published = new ArrayList<>();

        StallingSink(long stallAt, long stallNanos) {
            this.stallAt = stallAt;
            this.stallNanos = stallNanos;
        }

        @Override
        public boolean publish(long seq, String channel, String payload)
                throws InterruptedException {
            if (seq == stallAt) {
                TimeUnit.NANOSECONDS.sleep(stallNanos);
            }
            published.add(seq);
            return true;
        }

        @Override
        public void flush() {}

        @Override
        public long errors() {
            return 0;
        }

        @Override
        public String firstError() {
            return null;
        }

        @Override
        public void close() {}
    }

    /** 1 000 msg/s for 400 ms: 200 ms warm-up, then the 200 ms measured window. */
    private static OpenLoopPublisher.Result run(StallingSink sink) throws InterruptedException {
        OpenLoopSchedule schedule = OpenLoopSchedule.over(1000, 400 * MS);
        long start = BenchClock.now() + 10 * MS;
        Phase phase = new Phase(1, (int) schedule.count(), start + 200 * MS, start + 400 * MS);
        Topology topology = new Topology(Scenario.FANOUT, 10, 0, 0, "lag");
        return new OpenLoopPublisher(topology, sink, 100).run(phase, schedule, start);
    }

    @Test
    void aStallDuringWarmup_isNotReportedAsLag_andTheBacklogStillGoesOut() throws Exception {
        StallingSink sink = new StallingSink(5, 150 * MS);

        OpenLoopPublisher.Result result = run(sink);

        assertThat(result.published()).isEqualTo(400);
        assertThat(sink.published).hasSize(400).isSorted().doesNotHaveDuplicates();
        assertThat(result.maxLagNanos()).isLessThan(100 * MS);
    }

    @Test
    void aStallInTheMeasuredWindow_isReportedAsLag() throws Exception {
        StallingSink sink = new StallingSink(250, 150 * MS);

        OpenLoopPublisher.Result result = run(sink);

        assertThat(result.published()).isEqualTo(400);
        assertThat(result.maxLagNanos()).isGreaterThanOrEqualTo(140 * MS);
    }
}
