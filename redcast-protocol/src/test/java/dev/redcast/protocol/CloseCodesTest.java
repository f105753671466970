package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. The reconnect column of PROTOCOL.md section 4. */
class CloseCodesTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1009, 4500, 4503, 4509, 4999})
    void normalTooBigAndThe4500Range_areTerminal(int code) {
        assertThat(CloseCodes.isTerminal(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1001, 1005, 1006, 1007, 1011, 4000, 4008, 4009, 4011, 4499, 5000})
    void goingAwayBrokenAndThe4000Range_reconnect(int code) {
        assertThat(CloseCodes.isTerminal(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                CloseCodes.TOKEN_INVALID,
                CloseCodes.DISCONNECTED_BY_ADMIN,
                CloseCodes.TOO_MANY_BAD_COMMANDS
            })
    void namedTerminalCodes_areInTheTerminalRange(int code) {
        assertThat(CloseCodes.isTerminal(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                CloseCodes.GOING_AWAY,
                CloseCodes.SLOW_CONSUMER,
                CloseCodes.PING_TIMEOUT,
                CloseCodes.FORCED_RECONNECT
            })
    void namedServerConditions_reconnect(int code) {
        assertThat(CloseCodes.isTerminal(code)).isFalse();
    }
}
