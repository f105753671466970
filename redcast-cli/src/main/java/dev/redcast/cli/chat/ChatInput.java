package dev.redcast.cli.chat;

import java.util.Locale;

/**
 * Thread-safe (immutable). What a submitted input line asks for. {@link #parse} is the one place
 * that knows the command syntax.
 */
public sealed interface ChatInput {
    /** The help text, one command per line. */
    String HELP =
            String.join(
                    "\n",
                    "/join <channel>   join a channel and make it current (shows recent history)",
                    "/leave [channel]  leave the current (or given) channel",
                    "/channels         list the server's channels",
                    "/who              who is in the current channel",
                    "/send <message>   send to the current channel (plain text does the same)",
                    "/quit             exit (also Ctrl-C)",
                    "Ctrl-N/Ctrl-P switch channels, PgUp/PgDn scroll, Up/Down recall input");

    record Join(String channel) implements ChatInput {}

    /** {@code channel} null: the current one. */
    record Leave(String channel) implements ChatInput {}

    record Channels() implements ChatInput {}

    record Who() implements ChatInput {}

    record Send(String text) implements ChatInput {}

    record Help() implements ChatInput {}

    record Quit() implements ChatInput {}

    /** Nothing to do (an empty line). */
    record Nothing() implements ChatInput {}

    /** A mistake, with what to say about it. */
    record Invalid(String message) implements ChatInput {}

    /** Parses one input line. Text not starting with '/' is a message; "//" sends a literal '/'. */
    static ChatInput parse(String line) {
        if (line.isBlank()) {
            return new Nothing();
        }
        if (!line.startsWith("/")) {
            return new Send(line);
        }
        if (line.startsWith("//")) {
            return new Send(line.substring(1));
        }
        String[] parts = line.strip().split("\\s+", 2);
        String command = parts[0].toLowerCase(Locale.ROOT);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        return switch (command) {
            case "/join", "/j" ->
                    arg.isEmpty()
                            ? new Invalid("usage: /join <channel>")
                            : arg.contains(" ")
                                    ? new Invalid("a channel name has no spaces: '" + arg + "'")
                                    : new Join(arg);
            case "/leave", "/part" ->
                    arg.contains(" ")
                            ? new Invalid("usage: /leave [channel]")
                            : new Leave(arg.isEmpty() ? null : arg);
            case "/channels", "/list" -> new Channels();
            case "/who", "/names" -> new Who();
            case "/send", "/say" ->
                    arg.isEmpty() ? new Invalid("usage: /send <message>") : new Send(arg);
            case "/help", "/?" -> new Help();
            case "/quit", "/exit", "/q" -> new Quit();
            default -> new Invalid("unknown command " + parts[0] + "; /help lists them");
        };
    }
}
