package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.hub.OffsetTracker.Verdict;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static ChannelMessage at(long offset, String epoch) {
        return new ChannelMessage("c", null, new byte[] {'x'}, 0, offset, epoch, null);
    }

    private static ChannelMessage plain() {
        return new ChannelMessage(
                "c", null, new byte[] {'x'}, 0, ChannelMessage.NO_OFFSET, null, null);
    }

    @Test
    void afterAPosition_nextIsDelivered_olderIsDuplicate_jumpIsGap() {
        OffsetTracker t = new OffsetTracker();
        t.reset(new StreamPosition(10, "e1"));

        assertThat(t.check(at(10, "e1"))).isEqualTo(Verdict.DUPLICATE);
        assertThat(t.check(at(3, "e1"))).isEqualTo(Verdict.DUPLICATE);
        assertThat(t.check(at(11, "e1"))).isEqualTo(Verdict.NEXT);
        assertThat(t.check(at(13, "e1"))).isEqualTo(Verdict.GAP);
        assertThat(t.check(at(1, "e2"))).isEqualTo(Verdict.NEW_EPOCH);
    }

    @Test
    void plainPublish_isNeverAGap_andDoesNotMoveThePosition() {
        OffsetTracker t = new OffsetTracker();
        t.reset(new StreamPosition(10, "e1"));

        assertThat(t.check(plain())).isEqualTo(Verdict.UNTRACKED);
        t.delivered(plain());

        assertThat(t.position()).isEqualTo(new StreamPosition(10, "e1"));
    }

    @Test
    void unknownPosition_isLearnedFromTheFirstMessage() {
        OffsetTracker t = new OffsetTracker();
        assertThat(t.check(at(42, "e1"))).isEqualTo(Verdict.UNTRACKED);
        t.delivered(at(42, "e1"));

        assertThat(t.check(at(42, "e1"))).isEqualTo(Verdict.DUPLICATE);
        assertThat(t.check(at(43, "e1"))).isEqualTo(Verdict.NEXT);
        assertThat(t.position()).isEqualTo(new StreamPosition(42, "e1"));
    }

    @Test
    void beforeHistory_theFirstEpochsStartIsNext_notANewEpoch() {
        OffsetTracker t = new OffsetTracker();
        t.reset(StreamPosition.EMPTY);

        assertThat(t.check(at(2, "e1"))).isEqualTo(Verdict.GAP);
        assertThat(t.check(at(1, "e1"))).isEqualTo(Verdict.NEXT);
        t.delivered(at(1, "e1"));

        assertThat(t.check(at(1, "e2"))).isEqualTo(Verdict.NEW_EPOCH);
        assertThat(t.position()).isEqualTo(new StreamPosition(1, "e1"));
    }
}
