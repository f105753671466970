package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.bench.spec.Scenario;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiverStatsTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReceiverStats stats = new ReceiverStats(channel.eventLoop());

    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void close() {
        buffers.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void onText_recordsLatencyOnlyForMessagesScheduledInTheWindow() {
        // Window [1 ns, end of time): message 0 is warm-up, message 1 is measured.
        stats.begin(new Phase(1, 3, 1, Long.MAX_VALUE));
        long before = BenchClock.now();

        assertThat(stats.onText(message(1, 0, 0))).isTrue();
        assertThat(stats.onText(message(1, 1, 1))).isTrue();

        ReceiverStats.Snapshot s = stats.snapshot();
        assertThat(s.received()).isEqualTo(2);
        assertThat(s.measured()).isEqualTo(1);
        assertThat(s.counts()).containsExactly(1, 1, 0);
        assertThat(s.latencyMicros().getTotalCount()).isEqualTo(1);
        // Received no earlier than "before", so at least that long after its scheduled time.
        long floorMicros = s.latencyMicros().lowestEquivalentValue((before - 1) / 1000);
        assertThat(s.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(floorMicros);
    }

    @Test
    void onText_countsStaleForeignAndControlFramesApart() {
        stats.begin(new Phase(2, 2, 0, Long.MAX_VALUE));

        assertThat(stats.onText(message(1, 0, 0))).as("earlier phase").isTrue();
        assertThat(stats.onText(message(2, 5, 0))).as("seq beyond the phase").isTrue();
        assertThat(stats.onText(text("{\"type\":\"message\",\"payload\":\"hi\"}"))).isTrue();
        assertThat(stats.onText(text("{\"type\":\"pong\"}"))).as("control frame").isFalse();

        ReceiverStats.Snapshot s = stats.snapshot();
        assertThat(s.stale()).isEqualTo(1);
        assertThat(s.foreign()).isEqualTo(2);
        assertThat(s.received()).isZero();
    }

    @Test
    void begin_forgetsThePreviousPhase() {
        stats.begin(new Phase(1, 1, 0, Long.MAX_VALUE));
        stats.onText(message(1, 0, 0));

        stats.begin(new Phase(2, 1, 0, Long.MAX_VALUE));

        ReceiverStats.Snapshot s = stats.snapshot();
        assertThat(s.received()).isZero();
        assertThat(s.latencyMicros().getTotalCount()).isZero();
        assertThat(stats.received()).isZero();
    }

    @Test
    void phaseTally_findsLossAndDuplicatesPerMessage() {
        Topology fanout = new Topology(Scenario.FANOUT, 2, 1, 0, "b");
        stats.begin(new Phase(1, 4, 0, Long.MAX_VALUE));
        // Message 0 reaches both subscribers, 1 only one, 2 three times, 3 never.
        for (int seq : new int[] {0, 0, 1, 2, 2, 2}) {
            stats.onText(message(1, seq, 0));
        }
        ReceiverStats.Snapshot snapshot = stats.snapshot();

        PhaseTally tally = PhaseTally.of(List.of(snapshot), fanout, 4);

        assertThat(tally.expected()).isEqualTo(8);
        assertThat(tally.received()).isEqualTo(6);
        assertThat(tally.lost()).as("one of message 1, two of message 3").isEqualTo(3);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.incompleteMessages()).isEqualTo(2);
    }

    @Test
    void phaseTally_mergesLoopsAndOwesNothingForUnpublishedMessages() {
        Topology fanout = new Topology(Scenario.FANOUT, 2, 1, 0, "b");
        EmbeddedChannel other = new EmbeddedChannel();
        ReceiverStats second = new ReceiverStats(other.eventLoop());
        Phase phase = new Phase(1, 3, 0, Long.MAX_VALUE);
        stats.begin(phase);
        second.begin(phase);
        stats.onText(message(1, 0, 0));
        second.onText(message(1, 0, 0));
        stats.onText(message(1, 1, 0));
        second.onText(message(1, 1, 0));

        PhaseTally tally = PhaseTally.of(List.of(stats.snapshot(), second.snapshot()), fanout, 2);

        assertThat(tally.lost()).isZero();
        assertThat(tally.expected()).isEqualTo(4);
        assertThat(tally.latencyMicros().getTotalCount()).isEqualTo(4);
        other.finishAndReleaseAll();
    }

    private ByteBuf message(int phase, long seq, long intended) {
        return text(
                "{\"type\":\"message\",\"channel\":\"b\",\"payload\":\""
                        + PayloadStamp.build(phase, seq, intended, 60)
                        + "\",\"timestamp\":\"2024-01-15T10:30:00.123Z\"}");
    }

    private ByteBuf text(String s) {
        ByteBuf buf = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        buffers.add(buf);
        return buf;
    }
}
