package dev.redcast.server.config;

import java.util.List;

/** Thread-safe. Which history rule, if any, a channel keeps; brokers ask it per channel. */
@FunctionalInterface
public interface HistoryRules {
    /** The rule for {@code channel}, or null when it keeps no history. */
    HistoryRule find(String channel);

    /** The first of {@code rules} matching a channel (never one of the server's own). */
    static HistoryRules of(List<HistoryRule> rules) {
        List<HistoryRule> copy = List.copyOf(rules);
        return channel -> HistoryRule.find(copy, channel);
    }
}
