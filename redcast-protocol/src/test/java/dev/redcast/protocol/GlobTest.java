package dev.redcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

    @Test
    void matches_manyStarsOnALongChannel_finishes() {
        // Exponential backtracking would never finish here (one publish would hang its thread).
        String channel = "a".repeat(256);
        String pattern = "*a".repeat(40) + "*b";
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    assertThat(Glob.matches(pattern, channel)).isFalse();
                    assertThat(Glob.matches(pattern, channel + "b")).isTrue();
                    assertThat(Glob.matches("*?".repeat(100) + "b", channel)).isFalse();
                });
    }

    @Test
    void matches_agreesWithRegex_onSeededRandomPatterns() {
        Random r = new Random(99);
        String[] tokens = {"a", "b", "*", "?", "[ab]", "[^a]", "[a-b]", "\\*"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder glob = new StringBuilder();
            StringBuilder regex = new StringBuilder();
            for (int i = r.nextInt(7); i > 0; i--) {
                String t = tokens[r.nextInt(tokens.length)];
                glob.append(t);
                regex.append(
                        switch (t) {
                            case "*" -> ".*";
                            case "?" -> ".";
                            default -> t;
                        });
            }
            StringBuilder s = new StringBuilder();
            for (int i = r.nextInt(8); i > 0; i--) {
                s.append("ab*c".charAt(r.nextInt(4)));
            }
            assertThat(Glob.matches(glob.toString(), s.toString()))
                    .as("'%s' vs '%s'", glob, s)
                    .isEqualTo(
                            Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(s).matches());
        }
    }
}
