package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the test thread, but for its two reader threads. The built {@code redcast.jar} run as
 * a process of its own, as a user runs it: its stdout and stderr are collected line by line while
 * it runs. {@link #close()} kills it if it is still running.
 */
final class JarProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private JarProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out, "jar-stdout");
        this.errReader = collect(process.getErrorStream(), err, "jar-stderr");
    }

    /** Starts {@code java -jar target/redcast.jar args...} with {@code env} added. */
    static JarProcess start(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-jar");
        argv.add(Path.of("target", "redcast.jar").toAbsolutePath().toString());
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        try {
            return new JarProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    private static Thread collect(InputStream stream, List<String> lines, String name) {
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    stream, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    lines.add(line);
                                }
                            } catch (IOException e) {
                                // The process is gone; what was read is what there is.
                            }
                        },
                        name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits until stderr has a line containing {@code text}, failing if the process ends first. */
    void awaitErr(String text, Duration within) {
        await("stderr line with '" + text + "'; stderr so far: " + err)
                .atMost(within)
                .until(
                        () -> {
                            assertThat(process.isAlive() || containsLine(err, text))
                                    .as("the process ended; stderr: " + err + " stdout: " + out)
                                    .isTrue();
                            return containsLine(err, text);
                        });
    }

    private static boolean containsLine(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and its output to be read; returns its exit code. */
    int exitCode(Duration within) throws InterruptedException {
        assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
                .as("the process ended within " + within + "; stderr: " + err)
                .isTrue();
        outReader.join(within.toMillis());
        errReader.join(within.toMillis());
        return process.exitValue();
    }

    List<String> out() {
        return out;
    }

    List<String> err() {
        return err;
    }

    /** Kills the process; an interrupt while waiting for it is kept for the caller to see. */
    @Override
    public void close() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
