package dev.redcast.wsclient;

import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;

/**
 * Thread-safe (immutable). The server answered the WebSocket upgrade request with something other
 * than a valid 101: a refusal (any other status, with the body that explains it) or a 101 that
 * breaks the handshake (for example a subprotocol that was not asked for).
 *
 * <p>The message is Netty's reason for rejecting the answer; the cause is Netty's exception.
 */
public final class UpgradeFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reasonPhrase;
    private final String body;

    UpgradeFailedException(
            int status, String reasonPhrase, String body, WebSocketHandshakeException cause) {
        super(cause.getMessage(), cause);
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.body = body;
    }

    /** The HTTP status of the answer, e.g. 401; 101 when the upgrade itself was malformed. */
    public int status() {
        return status;
    }

    /** The reason phrase of the status line, e.g. {@code Unauthorized}. */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The body of the answer as UTF-8 text, "" when there was none. */
    public String body() {
        return body;
    }

    /** Whether the server refused the upgrade (a status other than 101). */
    public boolean refused() {
        return status != 101;
    }
}
