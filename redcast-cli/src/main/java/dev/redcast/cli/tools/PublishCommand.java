package dev.redcast.cli.tools;

import dev.redcast.cli.tools.CliSupport.ToolException;
import dev.redcast.client.PublishResult;
import dev.redcast.client.RedcastClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Confined to the thread that runs the command. {@code redcast publish}: publishes one payload, or
 * every line of stdin (or a file), over the WebSocket protocol or the HTTP API.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes to a channel over WebSocket (--url) or the HTTP API (--http).",
            "Without PAYLOAD it publishes every line of stdin (or of --file) as one message.",
            "Prints 'offset=N epoch=E' for each message the channel stored in its history.",
            "Exit codes: 0 all published, 1 an error (the message says which), 2 bad usage."
        })
public final class PublishCommand implements Callable<Integer> {
    /** Publishes on the WebSocket that wait for a reply at once; keeps order and memory bounded. */
    static final int WINDOW = 64;

    @Mixin ConnectionOptions connection;

    @Option(
            names = {"-c", "--channel"},
            required = true,
            paramLabel = "CHANNEL",
            description = "Channel to publish to.")
    String channel;

    @Option(
            names = "--http",
            paramLabel = "BASE_URL",
            defaultValue = "${env:REDCAST_HTTP}",
            description =
                    "Publish with POST /api/publish on this server, e.g. http://localhost:8080,"
                            + " instead of the WebSocket. Env: REDCAST_HTTP.")
    String http;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:REDCAST_API_KEY}",
            description = "API key for --http, sent as a Bearer token. Env: REDCAST_API_KEY.")
    String apiKey;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read payloads from FILE, one per line, instead of stdin.")
    Path file;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PAYLOAD",
            description = "The message. Without it, lines are read from stdin or --file.")
    String payload;

    @Spec CommandSpec spec;

    private final InputStream stdin;

    public PublishCommand() {
        this(System.in);
    }

    /** For tests: a command that reads {@code stdin} instead of the process's. */
    public PublishCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CliSupport.logToStderr();
        if (channel.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--channel must not be blank");
        }
        if (payload != null && file != null) {
            throw new ParameterException(
                    spec.commandLine(), "give either PAYLOAD or --file, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Publisher publisher = http != null && !http.isBlank() ? httpPublisher() : wsPublisher();
            try (publisher) {
                long count = 0;
                if (payload != null) {
                    publisher.publish(payload);
                    count = 1;
                } else {
                    try (BufferedReader lines = input()) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            publisher.publish(line);
                            count++;
                        }
                    }
                }
                publisher.finish();
                if (payload == null) {
                    err.println("published " + count + " message(s) to " + channel);
                    err.flush();
                }
            }
            return 0;
        } catch (ToolException e) {
            err.println("redcast publish: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("redcast publish: cannot read input: " + CliSupport.describe(e));
            err.flush();
            return 1;
        } finally {
            out.flush();
        }
    }

    private BufferedReader input() throws IOException {
        if (file == null) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ToolException("no such file: " + file);
        }
    }

    private Publisher httpPublisher() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(), "--http needs --api-key (or REDCAST_API_KEY)");
        }
        return new HttpPublisher(
                HttpPublisher.endpoint(http, spec),
                apiKey,
                channel,
                connection.timeout(spec),
                this::printResult);
    }

    private Publisher wsPublisher() {
        RedcastClient client = connection.clientBuilder(spec).reconnect(false).build();
        long timeout = connection.timeout(spec).toSeconds();
        try {
            CliSupport.await(
                    client.connect(), timeout, "cannot connect to " + client.config().displayUrl());
        } catch (ToolException e) {
            client.close();
            throw e;
        }
        ArrayDeque<CompletableFuture<PublishResult>> inFlight = new ArrayDeque<>();
        return new Publisher() {
            @Override
            public void publish(String message) {
                inFlight.add(client.publish(channel, message));
                if (inFlight.size() >= WINDOW) {
                    printResult(CliSupport.await(inFlight.poll(), timeout, "publish failed"));
                }
            }

            @Override
            public void finish() {
                while (!inFlight.isEmpty()) {
                    printResult(CliSupport.await(inFlight.poll(), timeout, "publish failed"));
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private void printResult(PublishResult result) {
        if (result.stored()) {
            spec.commandLine()
                    .getOut()
                    .println("offset=" + result.offset() + " epoch=" + result.epoch());
        }
    }

    /** One way to publish; {@link #finish()} waits for everything sent. */
    interface Publisher extends AutoCloseable {
        void publish(String message);

        void finish();

        @Override
        void close();
    }
}
