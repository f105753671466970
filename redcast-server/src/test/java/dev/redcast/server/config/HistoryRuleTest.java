package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryRuleTest {
    @Test
    void parseList_readsPatternsLengthsAndAges_inOrder() {
        List<HistoryRule> rules = HistoryRule.parseList("chat:*=1000/24h, news=100/1h,*=10/90s");

        assertThat(rules)
                .containsExactly(
                        new HistoryRule("chat:*", 1000, Duration.ofHours(24)),
                        new HistoryRule("news", 100, Duration.ofHours(1)),
                        new HistoryRule("*", 10, Duration.ofSeconds(90)));
    }

    @Test
    void find_firstMatchingRuleWins_andNoneMeansNoHistory() {
        List<HistoryRule> rules = HistoryRule.parseList("chat:vip=5/1m,chat:*=1000/1d");

        assertThat(HistoryRule.find(rules, "chat:vip").maxLength()).isEqualTo(5);
        assertThat(HistoryRule.find(rules, "chat:room").maxLength()).isEqualTo(1000);
        assertThat(HistoryRule.find(rules, "news")).isNull();
        assertThat(HistoryRule.parseList("  ")).isEmpty();
    }

    @Test
    void parse_badRules_sayWhatIsWrong() {
        assertThatThrownBy(() -> HistoryRule.parse("chat:*"))
                .hasMessageContaining("must look like pattern=length/age");
        assertThatThrownBy(() -> HistoryRule.parse("chat=abc/1h"))
                .hasMessageContaining("length 'abc' is not a whole number");
        assertThatThrownBy(() -> HistoryRule.parse("chat=0/1h"))
                .hasMessageContaining("length must be 1..1000000");
        assertThatThrownBy(() -> HistoryRule.parse("chat=10/1y"))
                .hasMessageContaining("age '1y' must be a whole number with a unit");
        assertThatThrownBy(() -> HistoryRule.parse("chat=10/0s")).hasMessageContaining("age '0s'");
        assertThatThrownBy(() -> HistoryRule.parse("=10/1h"))
                .hasMessageContaining("must look like pattern=length/age");
        assertThatThrownBy(() -> new HistoryRule("x", 1, Duration.ofDays(400)))
                .hasMessageContaining("age must be whole seconds from 1s to 365d");
    }

    @Test
    void configLoader_namesTheSettingOfABadRule() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of(Setting.HISTORY, "chat:*=lots/1h"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("history (HISTORY) = 'chat:*=lots/1h'")
                .hasMessageContaining("length 'lots' is not a whole number");
    }

    @Test
    void configLoader_readsRulesFromTheEnvironment() {
        ServerConfig config =
                ConfigLoader.load(
                        Map.of(), Map.of("HISTORY", "chat:*=1000/24h", "WS_AUTH_TOKEN", "t"), null);

        assertThat(config.historyRule("chat:1"))
                .isEqualTo(new HistoryRule("chat:*", 1000, Duration.ofHours(24)));
        assertThat(config.historyRule("news")).isNull();
    }

    @Test
    void find_neverMatchesTheServersOwnChannels_evenWithACatchAll() {
        List<HistoryRule> all = HistoryRule.parseList("*=100/1h");
        assertThat(HistoryRule.find(all, "__redcast:presence")).isNull();
        assertThat(HistoryRule.find(all, "general")).isNotNull();
        assertThat(new PresenceConfig(List.of("*"), 10, 30).announces("__redcast:presence"))
                .isFalse();
    }
}
