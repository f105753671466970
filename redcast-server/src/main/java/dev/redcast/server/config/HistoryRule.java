package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.Glob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Thread-safe (immutable). Which channels keep a history and how much: channels whose name matches
 * {@code pattern} (Redis glob syntax, {@code *} for all) keep their last {@code maxLength}
 * messages, each for at most {@code maxAge}.
 *
 * @param pattern glob over channel names
 * @param maxLength messages kept, 1..{@link #MAX_LENGTH}
 * @param maxAge how long a message is kept, whole seconds from 1 s to {@link #MAX_AGE}
 */
public record HistoryRule(String pattern, int maxLength, Duration maxAge) {
    /** Largest {@code maxLength}: one million messages per channel. */
    public static final int MAX_LENGTH = 1_000_000;

    /** Longest {@code maxAge}: 365 days. */
    public static final Duration MAX_AGE = Duration.ofDays(365);

    public HistoryRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(maxAge, "maxAge");
        String problem = ChannelNames.problem(pattern);
        if (problem != null) {
            throw new IllegalArgumentException("pattern '" + pattern + "': " + problem);
        }
        if (maxLength < 1 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "'"
                            + pattern
                            + "': length must be 1.."
                            + MAX_LENGTH
                            + " messages, got "
                            + maxLength);
        }
        if (maxAge.compareTo(Duration.ofSeconds(1)) < 0
                || maxAge.compareTo(MAX_AGE) > 0
                || maxAge.getNano() != 0) {
            throw new IllegalArgumentException(
                    "'" + pattern + "': age must be whole seconds from 1s to 365d, got " + maxAge);
        }
    }

    public boolean matches(String channel) {
        return Glob.matches(pattern, channel);
    }

    /** {@code maxAge} in whole seconds. */
    public long maxAgeSeconds() {
        return maxAge.getSeconds();
    }

    /**
     * Parses {@code "chat:*=1000/24h,news=100/1h"}: comma-separated {@code pattern=length/age}, age
     * with a unit of {@code s}, {@code m}, {@code h} or {@code d}. Blank input means no rules.
     *
     * @throws IllegalArgumentException naming the rule that is wrong and what is allowed
     */
    public static List<HistoryRule> parseList(String text) {
        List<HistoryRule> rules = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return rules;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                rules.add(parse(part.trim()));
            }
        }
        return rules;
    }

    /** Parses one {@code pattern=length/age}. */
    public static HistoryRule parse(String rule) {
        int eq = rule.lastIndexOf('=');
        int slash = rule.lastIndexOf('/');
        if (eq <= 0 || slash < eq) {
            throw new IllegalArgumentException(
                    "rule '" + rule + "' must look like pattern=length/age, e.g. chat:*=1000/24h");
        }
        String pattern = rule.substring(0, eq).trim();
        String length = rule.substring(eq + 1, slash).trim();
        String age = rule.substring(slash + 1).trim();
        int maxLength;
        try {
            maxLength = Integer.parseInt(length);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "rule '" + rule + "': length '" + length + "' is not a whole number");
        }
        return new HistoryRule(pattern, maxLength, age(rule, age));
    }

    private static Duration age(String rule, String age) {
        String a = age.toLowerCase(Locale.ROOT);
        if (a.length() < 2) {
            throw badAge(rule, age);
        }
        long n;
        try {
            n = Long.parseLong(a.substring(0, a.length() - 1));
        } catch (NumberFormatException e) {
            throw badAge(rule, age);
        }
        if (n < 1 || n > MAX_AGE.getSeconds()) {
            throw badAge(rule, age);
        }
        return switch (a.charAt(a.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw badAge(rule, age);
        };
    }

    private static IllegalArgumentException badAge(String rule, String age) {
        return new IllegalArgumentException(
                "rule '"
                        + rule
                        + "': age '"
                        + age
                        + "' must be a whole number with a unit s, m, h or d, e.g. 90s, 24h, 7d");
    }

    /** The first rule in {@code rules} matching {@code channel}, or null: it keeps no history. */
    public static HistoryRule find(List<HistoryRule> rules, String channel) {
        if (ChannelNames.isReserved(channel)) {
            return null; // the server's own channels keep no history, whatever a pattern says
        }
        for (HistoryRule r : rules) {
            if (r.matches(channel)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return pattern + "=" + maxLength + "/" + maxAge.getSeconds() + "s";
    }
}
