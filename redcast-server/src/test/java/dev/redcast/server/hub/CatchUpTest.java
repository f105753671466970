package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CatchUpTest {
    private static List<ChannelMessage> range(long from, long to, String epoch) {
        List<ChannelMessage> out = new ArrayList<>();
        LongStream.rangeClosed(from, to)
                .forEach(
                        o ->
                                out.add(
                                        new ChannelMessage(
                                                "c", null, new byte[0], 0, o, epoch, null)));
        return out;
    }

    private static HistoryPage page(long from, long to, long current, String epoch) {
        return new HistoryPage(range(from, to, epoch), new StreamPosition(current, epoch));
    }

    private static List<Long> offsets(CatchUp.Result r) {
        return r.messages().stream().map(ChannelMessage::offset).toList();
    }

    @Test
    void pagesUpToTheFirstReadPosition_areMergedInOrder() {
        CatchUp c = new CatchUp(new StreamPosition(5, "e"), 100);

        assertThat(c.accept(page(6, 8, 12, "e"))).isTrue();
        assertThat(c.next()).isEqualTo(8);
        // The channel moved on meanwhile; the target stays 12, later offsets come live.
        assertThat(c.accept(page(9, 14, 14, "e"))).isFalse();

        assertThat(c.result().recovered()).isTrue();
        assertThat(offsets(c.result())).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(c.result().position()).isEqualTo(new StreamPosition(14, "e"));
    }

    @Test
    void nothingMissed_recoversWithNoMessages() {
        CatchUp c = new CatchUp(new StreamPosition(7, "e"), 100);

        assertThat(c.accept(new HistoryPage(List.of(), new StreamPosition(7, "e")))).isFalse();

        assertThat(c.result().recovered()).isTrue();
        assertThat(c.result().messages()).isEmpty();
        assertThat(c.result().position()).isEqualTo(new StreamPosition(7, "e"));
    }

    @Test
    void otherEpoch_isNotRecovered_andTellsTheCurrentPosition() {
        CatchUp c = new CatchUp(new StreamPosition(7, "old"), 100);

        assertThat(c.accept(page(1, 3, 3, "new"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
        assertThat(c.result().messages()).isEmpty();
        assertThat(c.result().position()).isEqualTo(new StreamPosition(3, "new"));
    }

    @Test
    void trimmedHistory_isNotRecovered() {
        CatchUp c = new CatchUp(new StreamPosition(2, "e"), 100);

        assertThat(c.accept(page(5, 9, 9, "e"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
        assertThat(c.result().position()).isEqualTo(new StreamPosition(9, "e"));
    }

    @Test
    void historyEndingBeforeTheTarget_isNotRecovered() {
        CatchUp c = new CatchUp(new StreamPosition(2, "e"), 100);

        assertThat(c.accept(page(3, 4, 9, "e"))).isTrue();
        assertThat(c.accept(new HistoryPage(List.of(), new StreamPosition(9, "e")))).isFalse();

        assertThat(c.result().recovered()).isFalse();
    }

    @Test
    void moreThanTheBound_isNotRecovered() {
        CatchUp c = new CatchUp(new StreamPosition(0, "e"), 10);

        assertThat(c.accept(page(1, 11, 11, "e"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
    }

    @Test
    void positionAheadOfTheChannel_isNotRecovered() {
        CatchUp c = new CatchUp(new StreamPosition(50, "e"), 10);

        assertThat(c.accept(page(1, 3, 3, "e"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
    }

    @Test
    void channelWithoutHistory_isNotRecovered() {
        CatchUp c = new CatchUp(new StreamPosition(0, "e"), 10);

        assertThat(c.accept(HistoryPage.NONE)).isFalse();

        assertThat(c.result().recovered()).isFalse();
        assertThat(c.result().position()).isNull();
    }

    @Test
    void beforeHistory_recoversWhileTheChannelIsStillEmpty() {
        CatchUp c = new CatchUp(StreamPosition.EMPTY, 100);

        assertThat(c.accept(new HistoryPage(List.of(), StreamPosition.EMPTY))).isFalse();

        assertThat(c.result().recovered()).isTrue();
        assertThat(c.result().position()).isEqualTo(StreamPosition.EMPTY);
    }

    @Test
    void beforeHistory_recoversTheFirstEpochFromItsStart() {
        CatchUp c = new CatchUp(StreamPosition.EMPTY, 100);

        assertThat(c.accept(page(1, 2, 3, "e"))).isTrue();
        assertThat(c.accept(page(3, 3, 3, "e"))).isFalse();

        assertThat(c.result().recovered()).isTrue();
        assertThat(offsets(c.result())).containsExactly(1L, 2L, 3L);
        assertThat(c.result().position()).isEqualTo(new StreamPosition(3, "e"));
    }

    @Test
    void beforeHistory_isNotRecoveredWhenTheFirstEpochNoLongerStartsAtOne() {
        CatchUp c = new CatchUp(StreamPosition.EMPTY, 100);

        assertThat(c.accept(page(2, 3, 3, "e"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
        assertThat(c.result().position()).isEqualTo(new StreamPosition(3, "e"));
    }

    @Test
    void beforeHistory_anEpochChangeBetweenPages_isNotRecovered() {
        CatchUp c = new CatchUp(StreamPosition.EMPTY, 100);

        assertThat(c.accept(page(1, 2, 5, "e"))).isTrue();
        assertThat(c.accept(page(1, 1, 1, "f"))).isFalse();

        assertThat(c.result().recovered()).isFalse();
    }
}
