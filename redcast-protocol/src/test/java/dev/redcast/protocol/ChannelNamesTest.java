package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. Which channel names are usable, and which are the server's own. */
class ChannelNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"general", "chat:*", "mempool:tx_analysis", "ünïcödé", "emoji:\uD83D\uDE00"})
    void ordinaryNamesAndPatterns_haveNoProblem(String name) {
        assertThat(ChannelNames.problem(name)).isNull();
    }

    @Test
    void emptyOrMissingName_isRefused() {
        assertThat(ChannelNames.problem("")).contains("must not be empty");
        assertThat(ChannelNames.problem(null)).contains("must not be empty");
    }

    @Test
    void lengthLimit_isInclusive() {
        assertThat(ChannelNames.problem("x".repeat(ChannelNames.MAX_LENGTH))).isNull();
        assertThat(ChannelNames.problem("x".repeat(ChannelNames.MAX_LENGTH + 1)))
                .isEqualTo("a channel name is at most 256 characters, got 257");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\u0000", "\u007f", "tab\there"})
    void controlCharacters_areRefused(String name) {
        assertThat(ChannelNames.problem(name)).contains("control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800", "\uDC00b", "\uDBFFx\uDFFF"})
    void loneSurrogates_areRefused(String name) {
        assertThat(ChannelNames.problem(name)).contains("lone surrogates");
    }

    @Test
    void reservedPrefix_marksTheServersOwnChannels() {
        assertThat(ChannelNames.isReserved(ChannelNames.RESERVED_PREFIX + "presence")).isTrue();
        assertThat(ChannelNames.isReserved("__redcast:probe:n-1")).isTrue();
        assertThat(ChannelNames.isReserved("__redcast")).isFalse();
        assertThat(ChannelNames.isReserved("chat:__redcast:x")).isFalse();
        assertThat(ChannelNames.isReserved("")).isFalse();
        assertThat(ChannelNames.isReserved(null)).isFalse();
    }

    @Test
    void publicProblem_refusesReservedNames_andNothingElseMore() {
        assertThat(ChannelNames.publicProblem("__redcast:presence")).contains("reserved");
        assertThat(ChannelNames.publicProblem("__redcast:*")).contains("reserved");
        assertThat(ChannelNames.publicProblem("redcast:x")).isNull();
        assertThat(ChannelNames.publicProblem("")).contains("must not be empty");
    }
}
