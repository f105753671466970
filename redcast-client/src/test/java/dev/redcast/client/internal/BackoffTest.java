package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration MIN = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void ceiling_doublesFromTwiceTheMinimum_upToTheMaximum() {
        Backoff b = new Backoff(MIN, MAX, 1.0);
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.ceiling(6)).isEqualTo(MAX);
        assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(MAX);
    }

    @Test
    void fullJitter_staysWithinMinAndCeiling_forEveryAttempt() {
        Backoff b = new Backoff(MIN, MAX, 1.0);
        Random random = new Random(42);
        for (int attempt = 1; attempt <= 100; attempt++) {
            for (int i = 0; i < 100; i++) {
                Duration d = b.delay(attempt, random::nextDouble);
                assertThat(d).isBetween(MIN, b.ceiling(attempt));
            }
        }
    }

    @Test
    void extremesOfTheRandomValue_giveTheWindowEdges() {
        Backoff b = new Backoff(MIN, MAX, 1.0);
        assertThat(b.delay(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(3, () -> Math.nextDown(1.0))).isBetween(MIN, MIN.plusNanos(10));
    }

    @Test
    void noJitter_isTheCeiling_halfJitter_isTheUpperHalf() {
        assertThat(new Backoff(MIN, MAX, 0).delay(2, () -> 0.9)).isEqualTo(Duration.ofSeconds(2));
        Duration d = new Backoff(MIN, MAX, 0.5).delay(2, () -> Math.nextDown(1.0));
        assertThat(d).isBetween(Duration.ofMillis(1250), Duration.ofMillis(1251));
    }

    @Test
    void badSettings_areRejected() {
        assertThatThrownBy(() -> new Backoff(MAX, MIN, 1)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new Backoff(MIN, MAX, 1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new Backoff(MIN, MAX, 1).delay(0, () -> 0))
                .hasMessageContaining("attempt starts at 1");
    }
}
