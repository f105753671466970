package dev.redcast.protocol;

/**
 * Thread-safe (constants). WebSocket close codes of the protocol (PROTOCOL.md section 4) and which
 * of them end a client for good, so the server that sends them and every client that reads them
 * agree.
 *
 * <p>Ranges: 4000-4499 are server-side conditions a client reconnects after (with backoff),
 * 4500-4999 are terminal. {@link #NO_STATUS} and {@link #ABNORMAL_CLOSURE} are never sent: RFC 6455
 * reserves them for reporting locally a close frame without a code and a connection that ended
 * without a close frame.
 */
public final class CloseCodes {
    public static final int NORMAL = 1000;

    /** Shutdown or drain: reconnect to another node. */
    public static final int GOING_AWAY = 1001;

    /** RFC 6455: the close frame carried no code. Reported locally, never sent. */
    public static final int NO_STATUS = 1005;

    /** RFC 6455: the connection ended without a close frame. Reported locally, never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;

    /** RFC 6455: a text frame that is not UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;

    public static final int MESSAGE_TOO_BIG = 1009;

    /** Fell too far behind; reconnect with backoff. */
    public static final int SLOW_CONSUMER = 4008;

    /** Stopped answering pings. */
    public static final int PING_TIMEOUT = 4009;

    public static final int FORCED_RECONNECT = 4011;

    public static final int TOKEN_INVALID = 4500;

    public static final int DISCONNECTED_BY_ADMIN = 4503;

    /** Sent pings or pongs faster than keep-alive ever needs; terminal. */
    public static final int CONTROL_FLOOD = 4508;

    public static final int TOO_MANY_BAD_COMMANDS = 4509;

    /** First code of the terminal range 4500-4999. */
    public static final int FIRST_TERMINAL = 4500;

    /** Last code of the terminal range 4500-4999, and of the application range. */
    public static final int LAST_TERMINAL = 4999;

    private CloseCodes() {}

    /**
     * Whether a client must not reconnect after the server closed with {@code code}: a normal
     * close, a frame larger than the limit (it would only be sent again), or a code in 4500-4999.
     * Everything else (going away, 4000-4499, a connection that just broke) is worth a reconnect.
     */
    public static boolean isTerminal(int code) {
        return code == NORMAL
                || code == MESSAGE_TOO_BIG
                || (code >= FIRST_TERMINAL && code <= LAST_TERMINAL);
    }
}
