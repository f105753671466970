package dev.redcast.bench.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe (immutable). The publish rates a sweep visits, {@code from:to:step} in messages per
 * second, ascending and inclusive of {@code to} when a step lands on it.
 *
 * @param from first rate, greater than zero
 * @param to last rate, at least {@code from}
 * @param step increment, greater than zero
 */
public record SweepSpec(double from, double to, double step) {

    /** More rows than this is a typo, not a benchmark: each row runs for the whole duration. */
    public static final int MAX_STEPS = 1000;

    public SweepSpec {
        if (!(from > 0) || !Double.isFinite(from)) {
            throw new IllegalArgumentException("--sweep from must be > 0, got " + from);
        }
        if (!(to >= from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException(
                    "--sweep to must be >= from (" + from + "), got " + to);
        }
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("--sweep step must be > 0, got " + step);
        }
        // Rounding as rates() does, so that "from:to:step" counts the row that lands on "to".
        long steps = (long) Math.floor((to - from) / step + 1e-9) + 1;
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(
                    "--sweep "
                            + from
                            + ":"
                            + to
                            + ":"
                            + step
                            + " has "
                            + steps
                            + " steps; at most "
                            + MAX_STEPS
                            + " allowed");
        }
    }

    /**
     * Parses {@code from:to:step}, for example {@code 100:1000:100}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static SweepSpec parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "--sweep must be from:to:step (messages/s), for example 100:1000:100; got '"
                            + text
                            + "'");
        }
        return new SweepSpec(
                number(parts[0], "from", text),
                number(parts[1], "to", text),
                number(parts[2], "step", text));
    }

    private static double number(String part, String name, String text) {
        try {
            return Double.parseDouble(part.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--sweep " + name + " is not a number: '" + part + "' in '" + text + "'");
        }
    }

    /** The rates in the order they are run. */
    public List<Double> rates() {
        List<Double> rates = new ArrayList<>();
        // Multiplying instead of accumulating keeps 0.1 steps from drifting past "to".
        for (long i = 0; ; i++) {
            double rate = from + i * step;
            if (rate > to * (1 + 1e-12)) {
                return rates;
            }
            rates.add(rate);
        }
    }
}
