package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import java.util.List;
import java.util.function.Predicate;

/**
 * Thread-safe (immutable). Which values a setting allows. A rule is declared once, in the {@link
 * Setting} table, and enforced both by {@link ConfigLoader} (on what the operator typed) and by the
 * config records' compact constructors (on what a builder was given).
 */
@FunctionalInterface
interface Rule<T> {
    /** Null when {@code value} is allowed, else what is wrong with it. */
    Refusal refuse(T value);

    /**
     * Why a value is refused.
     *
     * @param value the offending part when it is not the whole value (one item of a list), or null
     * @param allowed what is allowed, for the message
     */
    record Refusal(String value, String allowed) {}

    static <T> Rule<T> any() {
        return v -> null;
    }

    static <T> Rule<T> that(Predicate<T> ok, String allowed) {
        Refusal refusal = new Refusal(null, allowed);
        return v -> ok.test(v) ? null : refusal;
    }

    /** {@code min..max}, with a unit such as "seconds" or none (""). */
    static Rule<Integer> between(int min, int max, String unit) {
        return that(v -> v >= min && v <= max, min + ".." + max + suffix(unit));
    }

    static Rule<Integer> atLeast(int min, String unit) {
        return that(v -> v >= min, "at least " + min + suffix(unit));
    }

    /**
     * Every item a usable channel name or glob ({@link ChannelNames}); a refusal names the item.
     */
    static Rule<List<String>> channelNames() {
        return names -> {
            for (String name : names) {
                String problem = ChannelNames.publicProblem(name);
                if (problem != null) {
                    return new Refusal(name, problem);
                }
            }
            return null;
        };
    }

    private static String suffix(String unit) {
        return unit.isEmpty() ? "" : " " + unit;
    }
}
