package dev.redcast.bench;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Thread-safe (stateless). Reads durations the way people type them: {@code 30s}, {@code 500ms},
 * {@code 2m}, {@code 1.5s}; a bare number means seconds.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws CommandLine.TypeConversionException for anything else, saying what is accepted
     */
    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        double scaleNanos;
        String number;
        if (text.endsWith("ms")) {
            scaleNanos = 1e6;
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            scaleNanos = 1e9;
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            scaleNanos = 60e9;
            number = text.substring(0, text.length() - 1);
        } else {
            scaleNanos = 1e9;
            number = text;
        }
        try {
            double amount = Double.parseDouble(number);
            if (amount < 0 || !Double.isFinite(amount)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(Math.round(amount * scaleNanos));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'"
                            + value
                            + "' is not a duration; use for example 30s, 500ms, 2m or a number of"
                            + " seconds");
        }
    }
}
