package dev.redcast.bench.report;

import java.util.Locale;

/** Thread-safe (stateless). Formats report rows as a fixed-width text table. */
public final class ReportTable {

    private static final String ROW =
            "%10s %7s %10s %11s %8s %8s %8s %8s %9s %9s %5s %6s %6s %5s %7s";

    private ReportTable() {}

    public static String header() {
        return String.format(
                Locale.ROOT,
                ROW,
                "rate msg/s",
                "conns",
                "pub/s",
                "deliv/s",
                "lost",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms",
                "pass",
                "bench%",
                "srv%",
                "load",
                "srvB/dl");
    }

    public static String row(RunResult r) {
        LatencySummary l = r.latencyMs();
        return String.format(
                Locale.ROOT,
                ROW,
                number(r.rate()),
                r.connections(),
                number(r.publishedPerSec()),
                number(r.deliveriesPerSec()),
                r.lost(),
                ms(l.p50()),
                ms(l.p90()),
                ms(l.p99()),
                ms(l.p999()),
                ms(l.max()),
                r.passed() == null ? "-" : r.passed() ? "yes" : "NO",
                r.cpu() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.cpu().bench()),
                r.cpu() == null || r.cpu().server() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f", r.cpu().server()),
                r.cpu() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.cpu().loadAverage()),
                r.serverAllocPerDelivery() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f", r.serverAllocPerDelivery()));
    }

    /** A line of the details that matter only when something went wrong, or null if none did. */
    public static String problems(RunResult r) {
        StringBuilder sb = new StringBuilder();
        append(sb, "duplicates", r.duplicates());
        append(sb, "late from previous row", r.stale());
        append(sb, "foreign payloads", r.foreign());
        append(sb, "disconnects", r.disconnects());
        append(sb, "publish errors", r.publishErrors());
        if (r.publisherLagMaxMs() > 100) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "publisher fell %.0f ms behind schedule (load generator"
                                            + " saturated?)",
                                    r.publisherLagMaxMs()));
        }
        return sb.length() == 0 ? null : "           ^ " + sb;
    }

    public static String idle(IdleResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "idle: %d connections, heap (%s) %s -> %s = %.0f bytes/connection",
                        r.connections(),
                        r.heapSource(),
                        bytes(r.heapBeforeBytes()),
                        bytes(r.heapAfterBytes()),
                        r.heapPerConnectionBytes()));
        if (r.rssPerConnectionBytes() != null) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%nidle: RSS %s -> %s = %.0f bytes/connection",
                            bytes(r.rssBeforeBytes()),
                            bytes(r.rssAfterBytes()),
                            r.rssPerConnectionBytes()));
        }
        if (r.disconnects() > 0) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%nidle: %d connections closed while held",
                            r.disconnects()));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String what, long count) {
        if (count != 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(count).append(' ').append(what);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
    }

    private static String bytes(long value) {
        return String.format(Locale.ROOT, "%.1f MiB", value / (1024.0 * 1024.0));
    }
}
