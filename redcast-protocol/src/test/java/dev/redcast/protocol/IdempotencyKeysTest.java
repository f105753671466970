package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. Which idempotency keys the server accepts. */
class IdempotencyKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "3f0c1c9e-5d0b-4c55-9b8e-1f2a3b4c5d6e", "order:42/retry#1", "~!"})
    void printableAsciiKeys_haveNoProblem(String key) {
        assertThat(IdempotencyKeys.problem(key)).isNull();
    }

    @Test
    void emptyOrMissingKey_isRefused() {
        assertThat(IdempotencyKeys.problem("")).contains("must not be empty");
        assertThat(IdempotencyKeys.problem(null)).contains("must not be empty");
    }

    @Test
    void lengthLimit_isInclusive() {
        assertThat(IdempotencyKeys.problem("k".repeat(IdempotencyKeys.MAX_LENGTH))).isNull();
        assertThat(IdempotencyKeys.problem("k".repeat(IdempotencyKeys.MAX_LENGTH + 1)))
                .isEqualTo("an idempotency key is at most 128 characters, got 129");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "tab\t", "new\nline", "\u007f", "ünï", "nul\u0000"})
    void spacesControlsAndNonAscii_areRefused(String key) {
        assertThat(IdempotencyKeys.problem(key)).contains("printable ASCII");
    }
}
