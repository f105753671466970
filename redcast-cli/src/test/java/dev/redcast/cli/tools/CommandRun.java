package dev.redcast.cli.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
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

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
