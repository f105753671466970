package dev.redcast.cli.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Confined to the chat's UI thread. The line being typed: text as code points, a cursor, and the
 * lines sent before (Up/Down recall them, as in a shell).
 */
public final class InputLine {
    /** Recalled lines kept. */
    static final int MAX_HISTORY = 100;

    private final List<Integer> text = new ArrayList<>();
    private final List<String> history = new ArrayList<>();
    private int cursor;
    private int historyIndex; // == history.size() when not recalling

    public String text() {
        StringBuilder sb = new StringBuilder();
        text.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** The cursor position in code points. */
    public int cursor() {
        return cursor;
    }

    /** The text before the cursor. */
    public String beforeCursor() {
        StringBuilder sb = new StringBuilder();
        text.subList(0, cursor).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public void insert(String s) {
        for (int cp : s.codePoints().toArray()) {
            if (cp >= 0x20 && cp != 0x7f) {
                text.add(cursor++, cp);
            }
        }
    }

    public void backspace() {
        if (cursor > 0) {
            text.remove(--cursor);
        }
    }

    public void delete() {
        if (cursor < text.size()) {
            text.remove(cursor);
        }
    }

    public void left() {
        cursor = Math.max(0, cursor - 1);
    }

    public void right() {
        cursor = Math.min(text.size(), cursor + 1);
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = text.size();
    }

    /** Deletes from the cursor back to the start of the word (Ctrl-W). */
    public void deleteWordBefore() {
        int start = cursor;
        while (start > 0 && text.get(start - 1) == ' ') {
            start--;
        }
        while (start > 0 && text.get(start - 1) != ' ') {
            start--;
        }
        text.subList(start, cursor).clear();
        cursor = start;
    }

    public void clear() {
        text.clear();
        cursor = 0;
    }

    /** Takes the line for sending: remembers it for recall and empties the input. */
    public String submit() {
        String line = text();
        if (!line.isBlank()
                && (history.isEmpty() || !history.get(history.size() - 1).equals(line))) {
            history.add(line);
            if (history.size() > MAX_HISTORY) {
                history.remove(0);
            }
        }
        historyIndex = history.size();
        clear();
        return line;
    }

    /** Recalls the previous sent line (Up). */
    public void previous() {
        if (historyIndex > 0) {
            historyIndex--;
            replace(history.get(historyIndex));
        }
    }

    /** Recalls the next sent line, or an empty line after the last (Down). */
    public void next() {
        if (historyIndex < history.size()) {
            historyIndex++;
            replace(historyIndex == history.size() ? "" : history.get(historyIndex));
        }
    }

    private void replace(String s) {
        clear();
        insert(s);
    }
}
