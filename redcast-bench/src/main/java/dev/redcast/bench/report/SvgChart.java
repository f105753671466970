package dev.redcast.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Thread-safe (stateless). Draws latency percentiles against deliveries per second as a
 * hand-written SVG.
 *
 * <p>Latency goes on a log scale because p50 and p99.9 of one row can be three decades apart;
 * deliveries per second go on a linear scale from zero so that throughput is read honestly.
 */
public final class SvgChart {

    /** A report and the label its series carry when several reports share a chart. */
    public record Source(String label, BenchReport report) {}

    private record Percentile(String name, String color, ToDoubleFunction<LatencySummary> value) {}

    private static final List<Percentile> PERCENTILES =
            List.of(
                    new Percentile("p50", "#1f77b4", LatencySummary::p50),
                    new Percentile("p90", "#2ca02c", LatencySummary::p90),
                    new Percentile("p99", "#d62728", LatencySummary::p99),
                    new Percentile("p99.9", "#9467bd", LatencySummary::p999));

    private static final String[] DASHES = {"", "8,4", "2,3", "10,3,2,3"};

    private static final int WIDTH = 860;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    /** Latency below this is drawn at this value: the log scale has no zero. */
    private static final double FLOOR_MS = 0.001;

    private SvgChart() {}

    /**
     * @throws IllegalArgumentException when no source has a row with recorded latency
     */
    public static String render(List<Source> sources) {
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        Double bound = null;
        for (Source source : sources) {
            for (RunResult row : plotted(source.report())) {
                maxX = Math.max(maxX, row.deliveriesPerSec());
                for (Percentile p : PERCENTILES) {
                    double y = Math.max(FLOOR_MS, p.value().applyAsDouble(row.latencyMs()));
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
            if (source.report().sweep() != null) {
                bound = source.report().sweep().p99BoundMs();
            }
        }
        if (maxY == 0) {
            throw new IllegalArgumentException(
                    "nothing to chart: no run with recorded latency in "
                            + sources.stream().map(Source::label).toList());
        }
        if (bound != null) {
            minY = Math.min(minY, bound);
            maxY = Math.max(maxY, bound);
        }
        Axes axes = new Axes(niceCeiling(maxX), Math.floor(Math.log10(minY)), logTop(maxY));

        StringBuilder svg = new StringBuilder(8192);
        svg.append(
                        String.format(
                                Locale.ROOT,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                                        + " height=\"%d\" viewBox=\"0 0 %d %d\""
                                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                                WIDTH,
                                HEIGHT,
                                WIDTH,
                                HEIGHT))
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, LEFT, 24, "start", 15, title(sources));
        drawAxes(svg, axes);
        if (bound != null) {
            double y = axes.y(bound);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line class=\"bound\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                                    + " stroke=\"#888\" stroke-dasharray=\"4,4\"/>%n",
                            LEFT,
                            y,
                            WIDTH - RIGHT,
                            y));
            text(svg, WIDTH - RIGHT - 4, y - 4, "end", 11, "p99 bound " + fmt(bound) + " ms");
        }
        int legendY = TOP + 10;
        for (int s = 0; s < sources.size(); s++) {
            Source source = sources.get(s);
            List<RunResult> rows = new ArrayList<>(plotted(source.report()));
            rows.sort((a, b) -> Double.compare(a.deliveriesPerSec(), b.deliveriesPerSec()));
            String dash = DASHES[s % DASHES.length];
            for (Percentile p : PERCENTILES) {
                String name = sources.size() == 1 ? p.name() : p.name() + " " + source.label();
                drawSeries(svg, axes, rows, p, name, dash);
                legendY = legend(svg, legendY, p.color(), dash, name);
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Axes(double maxX, double minDecade, double maxDecade) {
        double x(double value) {
            return LEFT + value / maxX * (WIDTH - LEFT - RIGHT);
        }

        double y(double ms) {
            double decade = Math.log10(Math.max(FLOOR_MS, ms));
            return HEIGHT
                    - BOTTOM
                    - (decade - minDecade) / (maxDecade - minDecade) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static List<RunResult> plotted(BenchReport report) {
        return report.runs().stream().filter(r -> r.latencyMs().count() > 0).toList();
    }

    private static String title(List<Source> sources) {
        BenchReport.Settings s = sources.get(0).report().settings();
        String what =
                sources.size() == 1
                        ? s.scenario()
                                + ", "
                                + s.connections()
                                + " connections, "
                                + s.payloadSize()
                                + " B payloads"
                        : sources.size() + " runs";
        return "redcast-bench: latency percentiles vs deliveries/s (" + what + ")";
    }

    private static void drawAxes(StringBuilder svg, Axes axes) {
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<g class=\"axes\" stroke=\"#333\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\""
                                + " y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>%n",
                        x0,
                        y0,
                        x1,
                        y0,
                        x0,
                        TOP,
                        x0,
                        y0));
        for (int i = 0; i <= 5; i++) {
            double value = axes.maxX() * i / 5;
            double x = axes.x(value);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
                            x,
                            TOP,
                            x,
                            y0));
            text(svg, x, y0 + 18, "middle", 11, count(value));
        }
        for (double d = axes.minDecade(); d <= axes.maxDecade() + 1e-9; d++) {
            double ms = Math.pow(10, d);
            double y = axes.y(ms);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                            x0,
                            y,
                            x1,
                            y));
            text(svg, x0 - 6, y + 4, "end", 11, fmt(ms));
        }
        text(svg, (x0 + x1) / 2.0, HEIGHT - 18, "middle", 12, "deliveries per second");
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\""
                                + " transform=\"rotate(-90 18 %.1f)\">latency (ms, log"
                                + " scale)</text>%n",
                        (TOP + y0) / 2.0,
                        (TOP + y0) / 2.0));
    }

    private static void drawSeries(
            StringBuilder svg,
            Axes axes,
            List<RunResult> rows,
            Percentile p,
            String name,
            String dash) {
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (RunResult row : rows) {
            double x = axes.x(row.deliveriesPerSec());
            double value = p.value().applyAsDouble(row.latencyMs());
            double y = axes.y(value);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            marks.append(
                    String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s ms"
                                    + " at %s deliveries/s</title></circle>%n",
                            x,
                            y,
                            p.color(),
                            escape(name),
                            fmt(value),
                            count(row.deliveriesPerSec())));
        }
        svg.append(
                        String.format(
                                Locale.ROOT,
                                "<g class=\"series\" data-series=\"%s\">%n<polyline"
                                        + " points=\"%s\" fill=\"none\" stroke=\"%s\""
                                        + " stroke-width=\"2\"%s/>%n",
                                escape(name),
                                points.toString().trim(),
                                p.color(),
                                dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""))
                .append(marks)
                .append("</g>\n");
    }

    private static int legend(StringBuilder svg, int y, String color, String dash, String name) {
        int x = WIDTH - RIGHT + 16;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                                + " stroke-width=\"2\"%s/>%n",
                        x,
                        y,
                        x + 24,
                        y,
                        color,
                        dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
        text(svg, x + 30, y + 4, "start", 11, name);
        return y + 18;
    }

    private static void text(
            StringBuilder svg, double x, double y, String anchor, int size, String content) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                        x,
                        y,
                        anchor,
                        size,
                        escape(content)));
    }

    /** A round axis end at or above {@code value}: 1, 2 or 5 times a power of ten. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= value) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double logTop(double maxY) {
        double top = Math.ceil(Math.log10(maxY));
        return top == Math.floor(Math.log10(maxY)) ? top + 1 : top;
    }

    private static String count(double value) {
        if (value >= 1e6) {
            return fmt(value / 1e6) + "M";
        }
        if (value >= 1e3) {
            return fmt(value / 1e3) + "k";
        }
        return fmt(value);
    }

    private static String fmt(double value) {
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        String s = String.format(Locale.ROOT, value < 1 ? "%.3f" : "%.1f", value);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
