package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * Thread-safe (the buffers are {@link StringWriter}s). One in-process run of a picocli command with
 * its stdout and stderr captured.
 */
final class CommandRun {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final CommandLine commandLine;

    CommandRun(CommandLine commandLine) {
        this.commandLine = commandLine;
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    int execute(String... args) {
        return commandLine.execute(args);
    }

    /**
     * Runs the command on another thread and waits until its stderr shows {@code marker} {@code
     * times} times (a long-running command saying it is ready); fails if it ends first.
     *
     * @return its exit code, once it ends
     */
    CompletableFuture<Integer> startUntil(String marker, int times, String... args) {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> execute(args));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> exit.isDone() || err().split(marker, -1).length > times);
        assertThat(exit).as("still running; stderr: " + err()).isNotDone();
        return exit;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
