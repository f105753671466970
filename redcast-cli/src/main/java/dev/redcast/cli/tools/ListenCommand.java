package dev.redcast.cli.tools;

import dev.redcast.cli.tools.CliSupport.ToolException;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.Message;
import dev.redcast.client.MessageListener;
import dev.redcast.client.RedcastClient;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.SubscribeOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Confined to the thread that runs the command; its listeners run on the client's callback thread.
 * {@code redcast listen}: prints every message of one or more channels as one JSON line (the
 * protocol's message envelope) on stdout; status lines go to stderr. Reconnects and recovers by
 * itself; stops after {@code --count} messages, on Ctrl-C, or when the server ends the session.
 */
@Command(
        name = "listen",
        mixinStandardHelpOptions = true,
        description = {
            "Prints messages arriving on channels, one JSON line each (the message envelope).",
            "Status lines (subscribed, reconnecting, ...) go to stderr.",
            "Exit codes: 0 after --count messages or Ctrl-C, 1 when the connection fails or the"
                    + " server closes it for good, 2 bad usage."
        })
public final class ListenCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(
            names = {"-c", "--channel"},
            required = true,
            paramLabel = "CHANNEL",
            description = "Channel to listen to; repeat for several.")
    List<String> channels;

    @Option(
            names = {"-p", "--pattern"},
            description = "Treat the channels as Redis glob patterns, e.g. 'news.*'.")
    boolean pattern;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            description = "Exit after N messages.")
    Integer count;

    @Option(
            names = "--history",
            paramLabel = "N",
            defaultValue = "0",
            description = "Also print the last N messages of channels that keep history.")
    int history;

    @Option(
            names = {"-q", "--quiet"},
            description = "No status lines on stderr.")
    boolean quiet;

    @Spec CommandSpec spec;

    /** The exit code; only ever completed normally. */
    private final CompletableFuture<Integer> done = new CompletableFuture<>();

    // Both only touched on the client's callback thread.
    private long printed;
    private boolean connectedBefore;

    @Override
    public Integer call() {
        CliSupport.logToStderr();
        if (count != null && count < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--count must be at least 1, got " + count);
        }
        if (history < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--history must be >= 0, got " + history);
        }
        for (String c : channels) {
            if (c.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--channel must not be blank");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RedcastClient client =
                connection.clientBuilder(spec).connectionListener(this::stateChanged).build();
        Thread hook = new Thread(() -> done.complete(0), "redcast-listen-shutdown");
        boolean hooked = addShutdownHook(hook);
        try {
            long timeout = connection.timeout(spec).toSeconds();
            CliSupport.await(
                    client.connect(), timeout, "cannot connect to " + client.config().displayUrl());
            MessageListener listener = new Printer(out);
            SubscribeOptions options = new SubscribeOptions(pattern, history, false);
            for (String c : channels) {
                CliSupport.await(
                        client.subscribe(c, options, listener),
                        timeout,
                        "cannot subscribe to " + c);
                status("subscribed to " + (pattern ? "pattern " : "") + c);
            }
            return done.join();
        } catch (ToolException e) {
            err.println("redcast listen: " + e.getMessage());
            return 1;
        } finally {
            client.close();
            if (hooked) {
                removeShutdownHook(hook);
            }
            out.flush();
            err.flush();
        }
    }

    private void stateChanged(ConnectionState state) {
        if (state instanceof ConnectionState.Reconnecting r) {
            status(
                    "connection lost ("
                            + r.closeCode()
                            + " "
                            + r.reason()
                            + "); reconnecting in "
                            + r.delay().toMillis()
                            + " ms (attempt "
                            + r.attempt()
                            + ")");
        } else if (state instanceof ConnectionState.Connected c) {
            if (connectedBefore) {
                status("reconnected to node " + c.welcome().node());
            }
            connectedBefore = true;
        } else if (state instanceof ConnectionState.Closed c && !done.isDone()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "redcast listen: connection closed ("
                                    + c.closeCode()
                                    + " "
                                    + c.reason()
                                    + ")");
            done.complete(1);
        }
    }

    private void status(String line) {
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("listen: " + line);
            err.flush();
        }
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // already shutting down
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook is running or ran.
        }
    }

    /** Runs on the client's callback thread, one call at a time. */
    private final class Printer implements MessageListener {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onMessage(Message m) {
            if (done.isDone()) {
                return;
            }
            out.println(m.toJson());
            out.flush();
            printed++;
            if (count != null && printed >= count) {
                done.complete(0);
            }
        }

        @Override
        public void onRecovered(String channel, int missed) {
            status("recovered " + missed + " missed message(s) on " + channel);
        }

        @Override
        public void onRecoveryFailed(String channel, StreamPosition current) {
            status("messages on " + channel + " may have been lost while disconnected");
        }

        @Override
        public void onSubscriptionFailed(String channel, RedcastException error) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "redcast listen: lost the subscription to "
                                    + channel
                                    + ": "
                                    + CliSupport.describe(error));
            done.complete(1);
        }
    }
}
