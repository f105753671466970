package dev.redcast.cli.chat;

import dev.redcast.cli.tools.CliSupport;
import dev.redcast.cli.tools.CliSupport.ToolException;
import dev.redcast.cli.tools.ConnectionOptions;
import dev.redcast.client.RedcastClient;
import dev.redcast.server.Version;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs on the main thread, which waits while three others work: the UI thread (model, client
 * callbacks, drawing), the key reader, and the client's I/O thread. {@code redcast chat}: a
 * full-screen terminal chat on the client library.
 *
 * <p>The first connection is made before the screen switches to full-screen mode, so a wrong URL or
 * token ends with one clear line and exit code 1. After that the library reconnects by itself and
 * the status bar says what it is doing.
 */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = {
            "Full-screen terminal chat. Commands inside: /join <channel>, /leave, /channels,"
                    + " /who, /send <message> (or plain text), /help, /quit.",
            "Exit codes: 0 after /quit, 1 when the first connection fails or there is no"
                    + " terminal, 2 bad usage."
        })
public final class ChatCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(
            names = {"-j", "--join"},
            paramLabel = "CHANNEL",
            description = "Channel to join at start; repeat for several.")
    List<String> join = new ArrayList<>();

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Write the client's log to FILE (the screen has no room for it).")
    Path logFile;

    @Spec CommandSpec spec;

    /** The exit code; only ever completed normally. */
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        for (String c : join) {
            if (c.isBlank() || c.contains(" ")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--join needs a channel name without spaces, got '" + c + "'");
            }
        }
        CliSupport.detachConsoleLogging();
        if (logFile != null) {
            CliSupport.logToFile(logFile);
        }
        RedcastClient.Builder builder = connection.clientBuilder(spec);
        ExecutorService ui =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "redcast-chat-ui");
                            t.setDaemon(true);
                            return t;
                        });
        ChatModel model =
                new ChatModel(
                        "redcast chat " + Version.current(),
                        connection.user(),
                        connection.displayUrl(),
                        ZoneId.systemDefault(),
                        Clock.systemUTC());
        Painter painter = new Painter(ui, model);
        ChatController controller =
                new ChatController(model, painter::request, () -> exit.complete(0));
        RedcastClient client =
                builder.callbackExecutor(ui)
                        .connectionListener(controller::onState)
                        .presenceListener(controller)
                        .build();
        controller.attach(ChatBackend.of(client));
        ChatTerminal terminal = null;
        try {
            err.println("connecting to " + client.config().displayUrl() + " ...");
            err.flush();
            CliSupport.await(
                    client.connect(),
                    connection.timeout(spec).toSeconds(),
                    "cannot connect to " + client.config().displayUrl());
            try {
                terminal = ChatTerminal.open();
            } catch (IOException | IOError e) {
                throw new ToolException(
                        "redcast chat needs an interactive terminal (" + e.getMessage() + ")");
            }
            run(terminal, ui, painter, controller);
            return exit.join();
        } catch (ToolException e) {
            err.println("redcast chat: " + e.getMessage());
            return 1;
        } finally {
            client.close();
            if (terminal != null) {
                ChatTerminal t = terminal;
                // Restore on the UI thread, after any draw already queued there.
                CompletableFuture<Void> restored =
                        CompletableFuture.runAsync(
                                () -> {
                                    painter.detach();
                                    t.close();
                                },
                                ui);
                restored.exceptionally(x -> null).join();
            }
            ui.shutdown();
            err.flush();
        }
    }

    private void run(
            ChatTerminal terminal, ExecutorService ui, Painter painter, ChatController controller) {
        CompletableFuture.runAsync(
                        () -> {
                            terminal.enter();
                            painter.attach(terminal);
                            controller.start(join);
                        },
                        ui)
                .join();
        terminal.terminal().handle(Terminal.Signal.WINCH, s -> ui.execute(painter::resized));
        terminal.terminal().handle(Terminal.Signal.INT, s -> exit.complete(0));
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (!exit.isDone()) {
                                    ChatTerminal.KeyPress key = terminal.readKey();
                                    if (key == null) {
                                        exit.complete(0);
                                        return;
                                    }
                                    if (key.action() == KeyAction.REDRAW) {
                                        ui.execute(painter::resized);
                                    } else {
                                        ui.execute(
                                                () -> controller.onKey(key.action(), key.typed()));
                                    }
                                }
                            } catch (IOError | RuntimeException e) {
                                // The terminal closed under the reader: the chat is ending.
                                exit.complete(0);
                            }
                        },
                        "redcast-chat-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Confined to the UI thread. Coalesces repaint requests: many messages arriving together cause
     * one draw, after all of them.
     */
    private static final class Painter {
        private static final org.slf4j.Logger log =
                org.slf4j.LoggerFactory.getLogger(Painter.class);

        private final ExecutorService ui;
        private final ChatModel model;
        private ChatTerminal terminal;
        private boolean pending;

        Painter(ExecutorService ui, ChatModel model) {
            this.ui = ui;
            this.model = model;
        }

        void attach(ChatTerminal terminal) {
            this.terminal = terminal;
        }

        /** No more drawing: the terminal is being restored. */
        void detach() {
            this.terminal = null;
        }

        void request() {
            if (terminal == null || pending) {
                return;
            }
            pending = true;
            ui.execute(
                    () -> {
                        pending = false;
                        if (terminal != null) {
                            try {
                                terminal.draw(
                                        ScreenRenderer.render(
                                                model, terminal.columns(), terminal.rows()));
                            } catch (IOError | RuntimeException e) {
                                // The terminal went away (hang-up); the key reader ends the chat.
                                log.debug("cannot draw", e);
                            }
                        }
                    });
        }

        void resized() {
            if (terminal != null) {
                terminal.resized();
                request();
            }
        }
    }
}
