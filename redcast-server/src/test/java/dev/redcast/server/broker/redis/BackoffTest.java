package dev.redcast.server.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Exponential backoff with equal jitter stays in its bounds. */
class BackoffTest {
    @Test
    void delay_isBetweenHalfAndAllOfTheCappedExponential() {
        Backoff b = Backoff.defaults();
        for (int attempt = 0; attempt < 64; attempt++) {
            long full = Math.min(5000, 100L << Math.min(attempt, 20));
            for (int n = 0; n < 200; n++) {
                long ms = b.delay(attempt).toMillis();
                assertThat(ms).as("attempt %d", attempt).isBetween(full / 2, full);
            }
        }
    }

    @Test
    void delay_hugeAttempt_isCappedNotOverflowed() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(b.delay(Integer.MAX_VALUE).toMillis()).isBetween(2500L, 5000L);
    }

    @Test
    void delay_isJittered() {
        Backoff b = Backoff.defaults();
        assertThat(
                        java.util.stream.IntStream.range(0, 200)
                                .mapToLong(i -> b.delay(10).toMillis())
                                .distinct()
                                .count())
                .isGreaterThan(10);
    }
}
