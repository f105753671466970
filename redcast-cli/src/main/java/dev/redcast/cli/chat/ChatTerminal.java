package dev.redcast.cli.chat;

import java.io.IOException;
import java.util.ArrayList;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * Drawing is confined to the chat's UI thread; {@link #readKey} runs on the key-reader thread. The
 * JLine side of the chat: full-screen mode, drawing {@link Screen}s (JLine's {@link Display} sends
 * only what changed), terminal size, and keys mapped to {@link KeyAction}s.
 */
final class ChatTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Display display;
    private final BindingReader keys;
    private final KeyMap<KeyAction> keyMap;
    private Attributes saved;
    private Size size;

    private ChatTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        this.keys = new BindingReader(terminal.reader());
        this.keyMap = keyMap(terminal);
        this.size = terminal.getSize();
    }

    /**
     * Opens the process's terminal.
     *
     * @throws IOException when there is none (output redirected, no tty)
     */
    static ChatTerminal open() throws IOException {
        Terminal terminal =
                TerminalBuilder.builder().system(true).name("redcast chat").dumb(false).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType())
                || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new IOException("not an interactive terminal");
        }
        return new ChatTerminal(terminal);
    }

    Terminal terminal() {
        return terminal;
    }

    /** Switches to the alternate screen in raw mode. */
    void enter() {
        saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        resized();
    }

    /**
     * Re-reads the size after SIGWINCH and forgets what is on screen, so the next draw is whole.
     */
    void resized() {
        size = terminal.getSize();
        display.clear();
        display.resize(rows(), columns());
        terminal.puts(Capability.clear_screen);
    }

    int rows() {
        return size.getRows() > 0 ? size.getRows() : 24;
    }

    int columns() {
        return size.getColumns() > 0 ? size.getColumns() : 80;
    }

    void draw(Screen screen) {
        // Display may edit the list it is given.
        display.update(
                new ArrayList<>(screen.lines()),
                size.cursorPos(screen.cursorRow(), screen.cursorCol()));
        terminal.flush();
    }

    /** Ctrl-L: clears the terminal and draws everything again on the next {@link #draw}. */
    void redraw() {
        resized();
    }

    /**
     * Waits for the next key.
     *
     * @return the action and the typed text, or null at end of input
     */
    KeyPress readKey() {
        KeyAction action = keys.readBinding(keyMap, null, true);
        return action == null ? null : new KeyPress(action, keys.getLastBinding());
    }

    record KeyPress(KeyAction action, String typed) {}

    /** Leaves full-screen mode and restores the terminal as it was. */
    @Override
    public void close() {
        try {
            if (saved != null) {
                terminal.puts(Capability.keypad_local);
                terminal.puts(Capability.exit_ca_mode);
                terminal.setAttributes(saved);
                terminal.flush();
            }
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // The terminal is going away with the process; nothing more to restore.
        }
    }

    private static KeyMap<KeyAction> keyMap(Terminal terminal) {
        KeyMap<KeyAction> map = new KeyMap<>();
        map.setUnicode(KeyAction.INSERT);
        map.setNomatch(KeyAction.IGNORE);
        map.setAmbiguousTimeout(100);
        map.bind(KeyAction.INSERT, KeyMap.range(" -~"));
        map.bind(KeyAction.ENTER, "\r", "\n");
        map.bind(KeyAction.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
        map.bind(KeyAction.QUIT, KeyMap.ctrl('C'));
        map.bind(KeyAction.EOF, KeyMap.ctrl('D'));
        map.bind(KeyAction.CLEAR_LINE, KeyMap.ctrl('U'));
        map.bind(KeyAction.DELETE_WORD, KeyMap.ctrl('W'));
        map.bind(KeyAction.NEXT_CHANNEL, KeyMap.ctrl('N'));
        map.bind(KeyAction.PREVIOUS_CHANNEL, KeyMap.ctrl('P'));
        map.bind(KeyAction.REDRAW, KeyMap.ctrl('L'));
        map.bind(KeyAction.HOME, KeyMap.ctrl('A'), "\033[H", "\033OH", "\033[1~");
        map.bind(KeyAction.END, KeyMap.ctrl('E'), "\033[F", "\033OF", "\033[4~");
        map.bind(KeyAction.LEFT, "\033[D", "\033OD");
        map.bind(KeyAction.RIGHT, "\033[C", "\033OC");
        map.bind(KeyAction.UP, "\033[A", "\033OA");
        map.bind(KeyAction.DOWN, "\033[B", "\033OB");
        map.bind(KeyAction.DELETE, "\033[3~");
        map.bind(KeyAction.PAGE_UP, "\033[5~");
        map.bind(KeyAction.PAGE_DOWN, "\033[6~");
        bindCapability(map, terminal, KeyAction.LEFT, Capability.key_left);
        bindCapability(map, terminal, KeyAction.RIGHT, Capability.key_right);
        bindCapability(map, terminal, KeyAction.UP, Capability.key_up);
        bindCapability(map, terminal, KeyAction.DOWN, Capability.key_down);
        bindCapability(map, terminal, KeyAction.HOME, Capability.key_home);
        bindCapability(map, terminal, KeyAction.END, Capability.key_end);
        bindCapability(map, terminal, KeyAction.DELETE, Capability.key_dc);
        bindCapability(map, terminal, KeyAction.PAGE_UP, Capability.key_ppage);
        bindCapability(map, terminal, KeyAction.PAGE_DOWN, Capability.key_npage);
        return map;
    }

    private static void bindCapability(
            KeyMap<KeyAction> map, Terminal terminal, KeyAction action, Capability cap) {
        String seq = KeyMap.key(terminal, cap);
        if (seq != null && !seq.isEmpty()) {
            map.bind(action, seq);
        }
    }
}
