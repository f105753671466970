package dev.redcast.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepSummaryTest {

    @Test
    void highestPassingRate_isTheLastRowBeforeTheFirstFailure() {
        List<RunResult> rows =
                List.of(
                        ReportFixtures.row(100, 100_000, 2, 0),
                        ReportFixtures.row(200, 200_000, 9, 0),
                        ReportFixtures.row(300, 300_000, 60, 0),
                        ReportFixtures.row(400, 400_000, 8, 0));

        SweepSummary s = SweepSummary.of(rows, 50);

        assertThat(s.highestPassingRate()).as("400 passing after a failure is luck").isEqualTo(200);
        assertThat(s.highestPassingDeliveriesPerSec()).isEqualTo(200_000);
    }

    @Test
    void lossFailsARowWhateverItsLatency() {
        RunResult lossy = ReportFixtures.row(100, 100_000, 1, 1);

        assertThat(lossy.holds(50)).isFalse();
        assertThat(SweepSummary.of(List.of(lossy), 50).highestPassingRate()).isNull();
        assertThat(SweepSummary.continueAfter(lossy, 50.0)).isFalse();
    }

    @Test
    void withoutBound_everyRowIsRun() {
        assertThat(SweepSummary.continueAfter(ReportFixtures.row(100, 1, 9999, 5), null)).isTrue();
    }

    @Test
    void rowWithoutDeliveries_doesNotPass() {
        RunResult empty = ReportFixtures.empty();

        assertThat(empty.holds(50)).isFalse();
        assertThat(empty.judged(50).passed()).isFalse();
    }
}
