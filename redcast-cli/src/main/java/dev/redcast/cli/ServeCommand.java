package dev.redcast.cli;

import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.ConfigLoader;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Thread-safe (runs once on the main thread). {@code redcast serve}: runs a node until SIGTERM or
 * Ctrl-C. Its options (name, value label, help, environment variable, default) are generated from
 * the {@link Setting} table, so flags, environment variables, config file keys and help can never
 * drift apart.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a redcast node. Every option can also come from an environment variable or a"
                    + " config file; precedence: flag, then environment, then file.",
            "Without REDIS_URL (or REDIS_HOST) it runs with the embedded in-memory broker.",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "YAML or JSON config file whose keys are the option names. Env: CONFIG_FILE.")
    Path configFile;

    @CommandLine.Spec CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ServeCommand());
        for (Setting<?> s : Setting.values()) {
            cl.getCommandSpec()
                    .addOption(
                            OptionSpec.builder("--" + s.key())
                                    .paramLabel(s.valueLabel())
                                    .type(String.class)
                                    .description(
                                            s.help()
                                                    + " Env: "
                                                    + String.join(" or ", s.envNames())
                                                    + ". Default: "
                                                    + s.defaultText()
                                                    + ".")
                                    .build());
        }
        return cl;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting<?>, String> flags = new HashMap<>();
        for (Setting<?> s : Setting.values()) {
            String v = spec.findOption("--" + s.key()).getValue();
            if (v != null) {
                flags.put(s, v);
            }
        }
        Path file = configFile;
        if (file == null && System.getenv("CONFIG_FILE") != null) {
            file = Path.of(System.getenv("CONFIG_FILE"));
        }
        if (file != null && !Files.isReadable(file)) {
            System.err.println("redcast: cannot read config file " + file);
            return 2;
        }
        ServerConfig config;
        try {
            config = ConfigLoader.load(flags, System.getenv(), file);
        } catch (ConfigException e) {
            System.err.println("redcast: " + e.getMessage());
            return 2;
        }
        RedcastServer server;
        try {
            server = RedcastServer.start(config);
        } catch (RuntimeException e) {
            System.err.println("redcast: cannot start: " + describe(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "redcast-shutdown"));
        stopped.await();
        return 0;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m)
                + (e.getCause() != null && e.getCause() != e
                        ? " (" + describe(e.getCause()) + ")"
                        : "");
    }
}
