package dev.redcast.server.protocol;

/** Thread-safe (constants). WebSocket close codes the server sends; see PROTOCOL.md section 4. */
public final class CloseCodes {
    public static final int NORMAL = 1000;

    /** Shutdown or drain: reconnect to another node. */
    public static final int GOING_AWAY = 1001;

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

    private CloseCodes() {}
}
