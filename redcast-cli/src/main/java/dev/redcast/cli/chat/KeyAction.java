package dev.redcast.cli.chat;

/** Thread-safe (constants). What a key press means to the chat, independent of the terminal. */
public enum KeyAction {
    /** Printable text: the typed characters come with it. */
    INSERT,
    ENTER,
    BACKSPACE,
    DELETE,
    LEFT,
    RIGHT,
    HOME,
    END,
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    CLEAR_LINE,
    DELETE_WORD,
    NEXT_CHANNEL,
    PREVIOUS_CHANNEL,
    REDRAW,
    /** Ctrl-C. */
    QUIT,
    /** Ctrl-D: quits on an empty line, deletes otherwise. */
    EOF,
    IGNORE
}
