package dev.redcast.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. One WARN per outage, however many requests fail during it. */
class OutageLogTest {
    private final AtomicLong now = new AtomicLong(123);
    private final OutageLog outages = new OutageLog(now::get);

    @Test
    void firstFailure_startsAnOutage_theRestOfItDoNot() {
        assertThat(outages.failed()).isTrue();
        for (int i = 0; i < 100; i++) {
            now.addAndGet(OutageLog.QUIET.toNanos() / 10);
            assertThat(outages.failed()).isFalse();
        }
    }

    @Test
    void aQuietMinute_endsTheOutage_soTheNextFailureIsLoggedAgain() {
        assertThat(outages.failed()).isTrue();
        now.addAndGet(OutageLog.QUIET.toNanos() - 1);
        assertThat(outages.failed()).isFalse();
        now.addAndGet(OutageLog.QUIET.toNanos());
        assertThat(outages.failed()).isTrue();
    }

    @Test
    void aClockStartingAtZero_stillLogsTheFirstFailure() {
        OutageLog fromZero = new OutageLog(() -> 0L);
        assertThat(fromZero.failed()).isTrue();
        assertThat(fromZero.failed()).isFalse();
    }
}
