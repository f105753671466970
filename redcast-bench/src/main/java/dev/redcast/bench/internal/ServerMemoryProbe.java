package dev.redcast.bench.internal;

import dev.redcast.bench.spec.BenchException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thread-safe (stateless; each call runs its own request or process). Reads a server's memory: heap
 * from its Prometheus {@code /metrics} or from {@code jcmd} after a forced full GC, and resident
 * set size from {@code /proc}.
 */
public final class ServerMemoryProbe {

    private static final Pattern HEAP_METRIC =
            Pattern.compile("^jvm_memory_used_bytes\\{([^}]*)\\}\\s+(\\S+)");
    private static final Pattern LOOP_ALLOCATION =
            Pattern.compile("(?m)^redcast_io_allocated_bytes_total(?:\\{[^}]*\\})?\\s+(\\S+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG]?)");
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServerMemoryProbe() {}

    /**
     * Sum of {@code jvm_memory_used_bytes} over the heap pools in a Prometheus text page.
     *
     * @throws BenchException when the page has no heap pool
     */
    public static long heapFromMetrics(String page) {
        long sum = 0;
        boolean found = false;
        for (String line : page.split("\n")) {
            Matcher m = HEAP_METRIC.matcher(line.trim());
            if (m.find() && m.group(1).contains("area=\"heap\"")) {
                try {
                    sum += (long) Double.parseDouble(m.group(2));
                    found = true;
                } catch (NumberFormatException e) {
                    throw new BenchException("bad metric value in line: " + line);
                }
            }
        }
        if (!found) {
            throw new BenchException(
                    "the metrics page has no jvm_memory_used_bytes{area=\"heap\"} line");
        }
        return sum;
    }

    /** Fetches {@code url} and reads the heap from it. */
    public static long heapFromMetrics(URI url) {
        String page = fetch(url, "; give --server-pid to read the heap with jcmd instead");
        try {
            return heapFromMetrics(page);
        } catch (BenchException e) {
            throw new BenchException(url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value of the counter {@code redcast_io_allocated_bytes_total} in a Prometheus text page,
     * or null when the page has none (an older server, or a JVM without per-thread counters).
     */
    public static Long loopAllocation(String page) {
        Matcher m = LOOP_ALLOCATION.matcher(page);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : null;
    }

    /**
     * Fetches {@code url} and reads the bytes the server's event loops allocated so far; null when
     * the server does not say or cannot be asked, since the figure is a bonus, not the benchmark.
     */
    public static Long loopAllocation(URI url) {
        try {
            return loopAllocation(fetch(url, ""));
        } catch (BenchException e) {
            return null;
        }
    }

    private static String fetch(URI url, String hintOnHttpError) {
        HttpResponse<String> response;
        try {
            response =
                    HTTP.send(
                            HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BenchException("cannot read " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while reading " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new BenchException(
                    "GET " + url + " answered HTTP " + response.statusCode() + hintOnHttpError);
        }
        return response.body();
    }

    /**
     * Heap in use from {@code jcmd <pid> GC.heap_info} output: the sum of the {@code used} figures
     * of the heap lines (one line for G1 and ZGC, one per generation for the others), leaving out
     * metaspace.
     *
     * @throws BenchException when the output has no heap line
     */
    public static long heapFromHeapInfo(String output) {
        long sum = 0;
        boolean found = false;
        for (String line : output.split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("metaspace") || lower.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                long value = Long.parseLong(m.group(1));
                sum +=
                        switch (m.group(2)) {
                            case "K" -> value << 10;
                            case "M" -> value << 20;
                            case "G" -> value << 30;
                            default -> value;
                        };
                found = true;
            }
        }
        if (!found) {
            throw new BenchException("no heap usage in jcmd GC.heap_info output:\n" + output);
        }
        return sum;
    }

    /**
     * Resident set size from a {@code /proc/<pid>/status} text.
     *
     * @throws BenchException when it has no VmRSS line
     */
    public static long rssFromStatus(String status) {
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new BenchException("no VmRSS line in /proc status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The resident set size of process {@code pid}. */
    public static long rss(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return rssFromStatus(Files.readString(status));
        } catch (NoSuchFileException e) {
            throw new BenchException("no process " + pid + " (--server-pid): " + status, e);
        } catch (IOException e) {
            throw new BenchException("cannot read " + status + ": " + e, e);
        }
    }

    /** Runs a full GC in {@code pid}, then reads its heap with {@code jcmd}. */
    public static long heapAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        return heapFromHeapInfo(jcmd(pid, "GC.heap_info"));
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> argv =
                List.of(
                        Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                        Long.toString(pid),
                        command);
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BenchException(String.join(" ", argv) + " did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new BenchException(
                        String.join(" ", argv)
                                + " exited "
                                + process.exitValue()
                                + ": "
                                + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new BenchException("cannot run " + String.join(" ", argv) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running jcmd", e);
        }
    }
}
