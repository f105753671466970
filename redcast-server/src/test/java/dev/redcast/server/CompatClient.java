package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Thread-safe (its line queue is; the rest is confined to the test thread). A client of the systems
 * redcast replaces, as their users wrote it, run as a process of its own (Python {@code
 * websockets}, Node {@code ws}, {@code redis-cli}): every line it prints is queued for the test,
 * and lines the test writes go to its standard input. {@link #close()} ends it; a test that is done
 * with it first checks {@link #assertExhausted()}.
 */
final class CompatClient implements AutoCloseable {
    /** The clients' sources and the Node packages they use ({@code npm ci} by the build). */
    static final Path DIR = Path.of("src", "test", "compat");

    /** Debian's Python, which has the {@code python3-websockets} package. */
    static final String PYTHON = "/usr/bin/python3";

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CompatClient(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin =
                new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    lines.add(line);
                                }
                            } catch (IOException e) {
                                // the process ended; what it printed is queued
                            }
                        },
                        "compat-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code command} (the script's path relative to {@link #DIR} among its words). */
    static CompatClient start(String name, String... command) {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException(
                    "run npm ci in " + DIR + " (the build does it before the integration tests)");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile());
        pb.redirectErrorStream(true);
        try {
            return new CompatClient(name, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** A Python script of {@link #DIR} run by Debian's Python. */
    static CompatClient python(String script, String... args) {
        return start(script, concat(new String[] {PYTHON, "-u", script}, args));
    }

    /** A Node script of {@link #DIR}. */
    static CompatClient node(String script, String... args) {
        return start(script, concat(new String[] {"node", script}, args));
    }

    /** The next line the client prints that {@code wanted} accepts; lines before it are skipped. */
    String await(String what, Predicate<String> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            if (line == null) {
                throw new AssertionError(
                        name + " never printed " + what + "; it printed " + seen + lines);
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** The next line the client prints, which must be {@code expected}. */
    void expectLine(String expected) {
        String line = await("a line", l -> true);
        assertThat(line).as("%s printed", name).isEqualTo(expected);
    }

    /** The next line the client prints that starts with {@code prefix}, without it. */
    String awaitPrefix(String prefix) {
        return await("a line starting with '" + prefix + "'", l -> l.startsWith(prefix))
                .substring(prefix.length());
    }

    /** Writes {@code line} to the client's standard input. */
    void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not read its input any more", e);
        }
    }

    /** Checks that the client printed nothing it was not asked about. */
    void assertExhausted() {
        assertThat(lines).as("%s printed more than expected", name).isEmpty();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
