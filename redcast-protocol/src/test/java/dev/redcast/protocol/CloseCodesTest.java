package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Confined to the test thread. The reconnect column of PROTOCOL.md section 4. */
class CloseCodesTest {

    @ParameterizedTest(name = "{0} terminal: {1}")
    @CsvSource({
        "1000, true",
        "1001, false",
        "1005, false",
        "1006, false",
        "1007, false",
        "1009, true",
        "1011, false",
        "4000, false",
        "4499, false",
        "4500, true",
        "4999, true",
        "5000, false"
    })
    void isTerminal_followsTheProtocolsTable(int code, boolean terminal) {
        assertThat(CloseCodes.isTerminal(code)).isEqualTo(terminal);
    }

    @Test
    void namedCodes_fallOnTheRightSide() {
        assertThat(
                        List.of(
                                CloseCodes.TOKEN_INVALID,
                                CloseCodes.DISCONNECTED_BY_ADMIN,
                                CloseCodes.TOO_MANY_BAD_COMMANDS))
                .allMatch(CloseCodes::isTerminal);
        assertThat(
                        List.of(
                                CloseCodes.GOING_AWAY,
                                CloseCodes.SLOW_CONSUMER,
                                CloseCodes.PING_TIMEOUT,
                                CloseCodes.FORCED_RECONNECT))
                .noneMatch(CloseCodes::isTerminal);
    }
}
