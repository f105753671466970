package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Confined to the test thread. The command budget with a hand-driven clock. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void tryTake_burstOfRate_thenRefused() {
        TokenBucket b = new TokenBucket(3, 0);
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
    }

    @Test
    void tryTake_refillsAtRate() {
        TokenBucket b = new TokenBucket(10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryTake(0)).isTrue();
        }
        assertThat(b.tryTake(SECOND / 20)).as("half a token").isFalse();
        assertThat(b.tryTake(SECOND / 10)).as("one token after 100 ms").isTrue();
        assertThat(b.tryTake(SECOND / 10)).isFalse();
    }

    @Test
    void tryTake_neverHoldsMoreThanRate() {
        TokenBucket b = new TokenBucket(2, 0);
        long later = 3600 * SECOND;
        assertThat(b.tryTake(later)).isTrue();
        assertThat(b.tryTake(later)).isTrue();
        assertThat(b.tryTake(later)).isFalse();
    }
}
