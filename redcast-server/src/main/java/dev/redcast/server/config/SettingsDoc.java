package dev.redcast.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Thread-safe (stateless). The README's settings table, rendered from the {@link Setting} table so
 * the two cannot drift: {@code SettingsDocTest} fails when the README's copy is stale, and
 *
 * <pre>
 * java -cp redcast-cli/target/redcast.jar dev.redcast.server.config.SettingsDoc README.md
 * </pre>
 *
 * rewrites it in place (without an argument it prints the table).
 */
public final class SettingsDoc {
    /** First line of the table; it is how the table is found in a document. */
    static final String HEADER = "| flag | environment | default | meaning |";

    private SettingsDoc() {}

    /** The Markdown table of every setting, one row each, in table order, ending in a newline. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder(HEADER).append("\n|---|---|---|---|\n");
        for (Setting<?> s : Setting.values()) {
            out.append("| `--")
                    .append(s.key())
                    .append("` | `")
                    .append(String.join("`, `", s.envNames()))
                    .append("` | ")
                    .append(cell(s.defaultText()))
                    .append(" | ")
                    .append(cell(s.help()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The settings table in {@code markdown}: its header line up to its last row, or null. */
    static String tableIn(String markdown) {
        int[] range = tableRange(markdown);
        return range == null ? null : markdown.substring(range[0], range[1]);
    }

    /** {@code markdown} with its settings table replaced by {@link #markdownTable()}. */
    static String withCurrentTable(String markdown) {
        int[] range = tableRange(markdown);
        if (range == null) {
            throw new IllegalArgumentException("no line '" + HEADER + "' to replace");
        }
        return markdown.substring(0, range[0]) + markdownTable() + markdown.substring(range[1]);
    }

    /** Start of the header line and the end of the last row, its newline included. */
    private static int[] tableRange(String markdown) {
        int start = 0;
        if (!markdown.startsWith(HEADER)) {
            int newline = markdown.indexOf("\n" + HEADER);
            if (newline < 0) {
                return null;
            }
            start = newline + 1;
        }
        int end = start;
        while (end < markdown.length() && markdown.startsWith("|", end)) {
            int newline = markdown.indexOf('\n', end);
            end = newline < 0 ? markdown.length() : newline + 1;
        }
        return new int[] {start, end};
    }

    /** Plain help text in a cell: a pipe would end it, a star could start emphasis. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*");
    }

    /**
     * Prints the table, or with a file argument rewrites the table in that file.
     *
     * @param args nothing, or the Markdown file to update
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(markdownTable());
            return;
        }
        Path file = Path.of(args[0]);
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = withCurrentTable(before);
        Files.writeString(file, after, StandardCharsets.UTF_8);
        System.out.println(
                file + (before.equals(after) ? ": settings table already current" : ": updated"));
    }
}
