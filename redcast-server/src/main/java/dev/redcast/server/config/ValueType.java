package dev.redcast.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Thread-safe (immutable). How a setting's text (a flag, an environment variable, a config-file
 * value) becomes its typed value, and how a value is written back as text for help and docs.
 *
 * @param label what the value looks like, for {@code --help} ({@code --port=NUMBER})
 * @param parser text to value; throws {@link IllegalArgumentException} whose message says what is
 *     allowed
 * @param formatter value to text that {@code parser} reads back
 * @param emptyText how an empty default reads in help and docs
 */
record ValueType<T>(
        String label, Function<String, T> parser, Function<T, String> formatter, String emptyText) {

    static final ValueType<String> TEXT =
            new ValueType<>("TEXT", Function.identity(), Function.identity(), "(empty)");

    static final ValueType<Integer> NUMBER =
            new ValueType<>("NUMBER", ValueType::parseInt, String::valueOf, "(empty)");

    static final ValueType<Boolean> BOOLEAN =
            new ValueType<>("BOOLEAN", ValueType::parseBoolean, String::valueOf, "(empty)");

    /** Comma-separated, blanks dropped; a config file may give a YAML list instead. */
    static final ValueType<List<String>> LIST =
            new ValueType<>("LIST", ValueType::split, l -> String.join(",", l), "(none)");

    static final ValueType<List<HistoryRule>> HISTORY_RULES =
            new ValueType<>(
                    "RULES",
                    HistoryRule::parseList,
                    rules ->
                            rules.stream()
                                    .map(HistoryRule::toString)
                                    .collect(Collectors.joining(",")),
                    "(none)");

    /** A JSON object of namespace name to options; a config file may give a YAML mapping. */
    static final ValueType<List<Namespace>> NAMESPACES =
            new ValueType<>("JSON", NamespacesJson::parse, NamespacesJson::format, "(none)");

    T parse(String text) {
        return parser.apply(text);
    }

    String format(T value) {
        return formatter.apply(value);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a whole number");
        }
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    private static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return List.copyOf(items);
    }
}
