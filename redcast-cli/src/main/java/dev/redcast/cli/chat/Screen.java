package dev.redcast.cli.chat;

import java.util.List;
import org.jline.utils.AttributedString;

/**
 * Thread-safe (immutable). One frame of the chat: exactly one line per terminal row, and where the
 * cursor goes.
 */
public record Screen(List<AttributedString> lines, int cursorRow, int cursorCol) {
    public Screen {
        lines = List.copyOf(lines);
    }

    /** The rows as plain text, without styles (for tests and logs). */
    public List<String> text() {
        return lines.stream().map(AttributedString::toString).toList();
    }
}
