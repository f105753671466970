package dev.redcast.cli;

import dev.redcast.server.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Thread-safe (stateless). Entry point of {@code redcast.jar}: one subcommand per tool. */
@Command(
        name = "redcast",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Real-time messaging gateway: Redis Pub/Sub and Streams behind WebSockets.",
        subcommands = {
            CommandLine.HelpCommand.class,
            dev.redcast.cli.tools.PublishCommand.class,
            dev.redcast.cli.tools.ListenCommand.class,
            dev.redcast.cli.chat.ChatCommand.class,
            dev.redcast.bench.BenchCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command tree, for tests that run subcommands in-process. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Main());
        root.addSubcommand(ServeCommand.commandLine());
        return root;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reports the build's version for {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"redcast " + Version.current()};
        }
    }
}
