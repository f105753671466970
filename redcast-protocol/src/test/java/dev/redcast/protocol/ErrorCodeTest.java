package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The error codes are part of the contract: PROTOCOL.md section 3, and
 * the README's extensions ({@code outcome_unknown}).
 */
class ErrorCodeTest {

    @Test
    void wireNames_areExactlyTheDocumentedOnes() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
                .containsExactly(
                        "bad_request",
                        "unauthorized",
                        "forbidden",
                        "not_found",
                        "limit_exceeded",
                        "too_many_requests",
                        "unrecoverable",
                        "internal",
                        "outcome_unknown");
    }

    @Test
    void is_comparesWithTheWireName_andToleratesNull() {
        assertThat(ErrorCode.UNRECOVERABLE.is("unrecoverable")).isTrue();
        assertThat(ErrorCode.UNRECOVERABLE.is("UNRECOVERABLE")).isFalse();
        assertThat(ErrorCode.UNRECOVERABLE.is(null)).isFalse();
    }
}
