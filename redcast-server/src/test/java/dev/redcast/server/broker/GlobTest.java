package dev.redcast.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Confined to the test thread. Redis glob semantics; the edge cases (unclosed class, {@code [^]},
 * reversed range, escapes) were checked against {@code KEYS} on redis-server 7.0.
 */
class GlobTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "news:*|news:",
                "news:*|news:eu",
                "news:*|news:eu:fr",
                "*|``",
                "*|anything",
                "**|x",
                "a*b*c|abc",
                "a*b*c|aXXbYYc",
                "*:tx|mempool:tx",
                "?|a",
                "??|ab",
                "a?c|abc",
                "[abc]|b",
                "[^a]|b",
                "[^]|x",
                "[a-z]|m",
                "[a-z]|a",
                "[a-z]|z",
                "[z-a]|m",
                "[-a]|-",
                "h[^a]llo|h[llo",
                "x\\*|x*",
                "\\[a|[a",
                "\\?|?",
                "[\\]]|]",
                "[\\-]|-",
                "a\\|a\\",
                "\\|\\",
                "*\\|a\\",
                "[a|a",
                "[ab|b",
                "news:|news:",
                "ü*|üx",
                "exact|exact"
            })
    void matches_true(String pattern, String s) {
        assertThat(Glob.matches(pattern, s)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' does not match ''{1}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "news:|news:eu",
                "news:*|news",
                "news:*|xnews:",
                "?|``",
                "?|ab",
                "a?c|ac",
                "[abc]|d",
                "[abc]|ab",
                "[^a]|a",
                "[^a]|``",
                "[a-z]|A",
                "[a-z]|0",
                "[z-a]|A",
                "[]]|]",
                "x\\*|xy",
                "\\?|a",
                "a*b*c|abcx",
                "a*b*c|acb",
                "[a|ab",
                "[|[",
                "[a-z]|mm",
                "exact|Exact",
                "exact|exac",
                "exact|exactly"
            })
    void matches_false(String pattern, String s) {
        assertThat(Glob.matches(pattern, s)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"*a*a*a*a*a*a*a*a*a*a*b|30", "a*a*a*a*a*a*a*a*b|40"})
    void matches_manyStars_finishesAndIsFalse(String pattern, int length) {
        // A naive backtracking matcher is exponential here; Redis itself bails out early.
        assertThat(Glob.matches(pattern, "a".repeat(length))).isFalse();
    }
}
