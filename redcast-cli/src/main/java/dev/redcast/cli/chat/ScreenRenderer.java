package dev.redcast.cli.chat;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Thread-safe (stateless). Lays a {@link ChatModel} out on a terminal of a given size, with no
 * terminal I/O, so the layout can be tested as text:
 *
 * <pre>
 *  redcast chat 1.0.0 │ wael @ ws://localhost:8080/ws          header
 *  Channels      │[10:02] mazen: hello                         channel list │ message log
 * &gt;general       │[10:03] wael: hi
 *  random 3     │
 *  [general] connected │ joined general                      status bar
 * &gt; typed text_                                                input line
 * </pre>
 *
 * Long lines wrap with an indent; the log shows its newest lines unless scrolled. Everything from
 * the network is stripped of control characters, so a message cannot move the cursor or change the
 * terminal. Below 60 columns the channel list is hidden.
 */
public final class ScreenRenderer {
    /** Smallest terminal the layout works in. */
    public static final int MIN_COLUMNS = 24;

    public static final int MIN_ROWS = 5;

    /** Width of the channel list including its separator. */
    static final int PANE_WIDTH = 16;

    /** Terminals narrower than this get no channel list. */
    static final int PANE_MIN_COLUMNS = 60;

    /** Continuation lines of a wrapped message start under its text, after "[HH:mm] ". */
    static final int INDENT = 8;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final AttributedStyle BAR = AttributedStyle.DEFAULT.inverse();
    private static final AttributedStyle FAINT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle BOLD = AttributedStyle.BOLD;
    private static final AttributedStyle SELF =
            AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle UNREAD =
            AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

    private ScreenRenderer() {}

    public static Screen render(ChatModel model, int cols, int rows) {
        if (cols < MIN_COLUMNS || rows < MIN_ROWS) {
            List<AttributedString> lines = new ArrayList<>();
            lines.add(
                    fit(
                            new AttributedString("redcast: terminal too small"),
                            Math.max(1, cols),
                            false));
            while (lines.size() < rows) {
                lines.add(AttributedString.EMPTY);
            }
            return new Screen(lines.subList(0, Math.max(0, rows)), 0, 0);
        }
        int bodyRows = rows - 3;
        int pane = cols >= PANE_MIN_COLUMNS ? PANE_WIDTH : 0;
        int logWidth = cols - pane;

        List<AttributedString> lines = new ArrayList<>(rows);
        lines.add(header(model, cols));
        List<AttributedString> log = logWindow(model, logWidth, bodyRows);
        List<AttributedString> channels =
                pane > 0 ? channelPane(model, pane - 1, bodyRows) : List.of();
        for (int i = 0; i < bodyRows; i++) {
            AttributedStringBuilder row = new AttributedStringBuilder();
            if (pane > 0) {
                row.append(channels.get(i));
                row.styled(FAINT, "│");
            }
            row.append(i < log.size() ? log.get(i) : AttributedString.EMPTY);
            lines.add(row.toAttributedString());
        }
        lines.add(status(model, cols));
        InputView input = input(model.input(), cols);
        lines.add(input.line());
        return new Screen(lines, rows - 1, input.cursorCol());
    }

    // ---- parts ----

    private static AttributedString header(ChatModel model, int cols) {
        String who = model.user() != null ? model.user() + " @ " : "";
        return fit(
                new AttributedString(
                        " " + model.program() + " │ " + who + model.server(), BAR.bold()),
                cols,
                true);
    }

    private static AttributedString status(ChatModel model, int cols) {
        StringBuilder s = new StringBuilder(" ");
        s.append(model.current() != null ? "[" + sanitize(model.current()) + "]" : "[no channel]");
        s.append(' ').append(model.connection());
        if (model.scroll() > 0) {
            s.append(" │ scrolled up, PgDn for newer");
        }
        if (!model.notice().isEmpty()) {
            s.append(" │ ").append(sanitize(model.notice()).replace('\n', ' '));
        }
        return fit(new AttributedString(s.toString(), BAR), cols, true);
    }

    private record InputView(AttributedString line, int cursorCol) {}

    /** The input line scrolled sideways so the cursor stays visible. */
    private static InputView input(InputLine input, int cols) {
        String prompt = "> ";
        int room = cols - prompt.length() - 1;
        String before = input.beforeCursor();
        String all = input.text();
        int start = 0;
        while (width(before.substring(start)) > room) {
            start = before.offsetByCodePoints(start, 1);
        }
        AttributedString visible = new AttributedString(all.substring(start));
        AttributedString line =
                new AttributedStringBuilder()
                        .append(prompt, BOLD)
                        .append(visible.columnSubSequence(0, cols - prompt.length()))
                        .toAttributedString();
        return new InputView(line, prompt.length() + width(before.substring(start)));
    }

    private static List<AttributedString> channelPane(ChatModel model, int width, int rows) {
        List<AttributedString> out = new ArrayList<>();
        out.add(fit(new AttributedString(" Channels", BOLD), width, true));
        List<ChannelView> channels = model.channels();
        int room = rows - 1;
        int first = 0;
        int currentIndex = -1;
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).name().equals(model.current())) {
                currentIndex = i;
            }
        }
        if (currentIndex >= room) {
            first = currentIndex - room + 1;
        }
        for (int i = first; i < channels.size() && out.size() < rows; i++) {
            ChannelView c = channels.get(i);
            boolean isCurrent = c.name().equals(model.current());
            String count = c.unread() > 0 ? " " + Math.min(c.unread(), 999) + " " : "";
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(isCurrent ? ">" : " ", BOLD);
            b.append(
                    fit(
                            new AttributedString(
                                    sanitize(c.name()), isCurrent ? BOLD : AttributedStyle.DEFAULT),
                            width - 1 - count.length(),
                            true));
            b.append(count, UNREAD);
            out.add(b.toAttributedString());
        }
        AttributedString blank = fit(AttributedString.EMPTY, width, true);
        while (out.size() < rows) {
            out.add(blank);
        }
        return out;
    }

    /** The log lines that fit, newest at the bottom unless scrolled. */
    private static List<AttributedString> logWindow(ChatModel model, int width, int rows) {
        List<AttributedString> all = new ArrayList<>();
        for (ChatLine line : model.view().lines()) {
            all.addAll(format(line, model, width));
        }
        int maxScroll = Math.max(0, all.size() - rows);
        model.clampScroll(maxScroll);
        int end = all.size() - model.scroll();
        return all.subList(Math.max(0, end - rows), end);
    }

    /** One log entry as display lines: "[10:02] mazen: hello", wrapped under the text. */
    static List<AttributedString> format(ChatLine line, ChatModel model, int width) {
        String time = "[" + TIME.format(line.time().atZone(model.zone())) + "] ";
        String[] paragraphs = sanitize(line.text()).split("\n", -1);
        List<AttributedString> out = new ArrayList<>();
        for (int p = 0; p < paragraphs.length; p++) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            if (p == 0) {
                b.append(time, FAINT);
                if (line.isNotice()) {
                    b.append("-- " + paragraphs[0], FAINT);
                } else {
                    String sender = sanitize(line.sender());
                    b.append(sender, sender.equals(model.user()) ? SELF : BOLD);
                    b.append(": ");
                    b.append(paragraphs[0]);
                }
            } else {
                b.append(" ".repeat(INDENT));
                b.append(paragraphs[p], line.isNotice() ? FAINT : AttributedStyle.DEFAULT);
            }
            wrap(b.toAttributedString(), width, out);
        }
        return out;
    }

    /** Wraps at the last space that leaves a reasonable line, else mid-word. */
    private static void wrap(AttributedString s, int width, List<AttributedString> out) {
        int indent = Math.min(INDENT, width / 2);
        AttributedString rest = s;
        boolean first = true;
        while (true) {
            int room = first ? width : width - indent;
            if (rest.columnLength() <= room) {
                out.add(first ? rest : indent(rest, indent));
                return;
            }
            AttributedString head = rest.columnSubSequence(0, room);
            if (head.length() == 0) {
                // A character wider than the room left (a wide glyph in a 1-column gap): skip it.
                head = rest.subSequence(0, Character.charCount(rest.toString().codePointAt(0)));
            }
            int skip = 0;
            String text = head.toString();
            if (rest.charAt(head.length()) == ' ') {
                skip = 1;
            } else {
                int space = text.lastIndexOf(' ');
                if (space > text.length() / 3) {
                    head = rest.subSequence(0, space);
                    skip = 1;
                }
            }
            out.add(first ? head : indent(head, indent));
            rest = rest.subSequence(head.length() + skip, rest.length());
            first = false;
        }
    }

    private static AttributedString indent(AttributedString s, int n) {
        return new AttributedStringBuilder().append(" ".repeat(n)).append(s).toAttributedString();
    }

    /** Cuts {@code s} to {@code width} columns (ending in "…" when cut), optionally padding it. */
    static AttributedString fit(AttributedString s, int width, boolean pad) {
        AttributedString out = s;
        if (s.columnLength() > width) {
            AttributedString cut = s.columnSubSequence(0, Math.max(0, width - 1));
            out =
                    new AttributedStringBuilder()
                            .append(cut)
                            .append(
                                    "…",
                                    s.length() > 0
                                            ? s.styleAt(Math.max(0, cut.length() - 1))
                                            : AttributedStyle.DEFAULT)
                            .toAttributedString();
        }
        if (pad && out.columnLength() < width) {
            AttributedStyle style = s.length() > 0 ? s.styleAt(0) : AttributedStyle.DEFAULT;
            out =
                    new AttributedStringBuilder()
                            .append(out)
                            .append(" ".repeat(width - out.columnLength()), style)
                            .toAttributedString();
        }
        return out;
    }

    /**
     * Text from the network made safe for the terminal: tabs become spaces, other control
     * characters (ESC included) become '?'; newlines stay for the caller to split on.
     */
    static String sanitize(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '\n') {
                                b.append('\n');
                            } else if (cp == '\t') {
                                b.append("    ");
                            } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == '\r') {
                                b.append('?');
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return b.toString();
    }

    private static int width(String s) {
        return new AttributedString(s).columnLength();
    }
}
