package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void over_countsMessagesOfRateTimesTime() {
        assertThat(OpenLoopSchedule.over(1000, 12 * SECOND).count()).isEqualTo(12_000);
        assertThat(OpenLoopSchedule.over(0.5, 3 * SECOND).count()).isEqualTo(1);
        assertThat(OpenLoopSchedule.over(3, SECOND / 2).count()).isEqualTo(1);
    }

    @Test
    void offsetNanos_spacesMessagesEvenlyWithoutDrift() {
        OpenLoopSchedule s = new OpenLoopSchedule(3, 1_000_000);

        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(1)).isEqualTo(333_333_333L);
        assertThat(s.offsetNanos(3)).isEqualTo(SECOND);
        assertThat(s.offsetNanos(300_000)).isEqualTo(100_000 * SECOND);
    }

    @Test
    void dueAt_countsMessagesWhoseTimeHasCome() {
        OpenLoopSchedule s = new OpenLoopSchedule(1000, 10);

        assertThat(s.dueAt(-1)).isZero();
        assertThat(s.dueAt(0)).isEqualTo(1);
        assertThat(s.dueAt(999_999)).isEqualTo(1);
        assertThat(s.dueAt(1_000_000)).isEqualTo(2);
        assertThat(s.dueAt(5_500_000)).isEqualTo(6);
        assertThat(s.dueAt(60 * SECOND)).as("capped at count").isEqualTo(10);
    }

    @Test
    void dueAt_agreesWithOffsetsAtEveryBoundary() {
        OpenLoopSchedule s = new OpenLoopSchedule(7, 10_000);
        for (long seq = 0; seq < 10_000; seq++) {
            long at = s.offsetNanos(seq);
            assertThat(s.dueAt(at)).as("at %d", seq).isEqualTo(seq + 1);
            assertThat(s.dueAt(at - 1)).as("before %d", seq).isEqualTo(seq);
        }
    }

    @Test
    void dueBetween_countsTheMeasuredWindow() {
        // 2 s warm-up then 10 s measured at 1 000 msg/s: exactly 10 000 in the window.
        OpenLoopSchedule s = OpenLoopSchedule.over(1000, 12 * SECOND);

        assertThat(s.dueBetween(2 * SECOND, 12 * SECOND)).isEqualTo(10_000);
        assertThat(s.dueBetween(0, 2 * SECOND)).isEqualTo(2_000);
    }

    @Test
    void rejectsNonPositiveRate() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate must be > 0");
        assertThatThrownBy(() -> new OpenLoopSchedule(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
