package dev.redcast.server.auth;

/**
 * Thread-safe (immutable). Credentials that do not admit the caller; the message is safe to show.
 */
public final class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AuthException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** No credentials at all; the message says where they go. */
    public static AuthException missingToken() {
        return new AuthException(
                401, "missing token: pass ?token= or an 'Authorization: Bearer' header");
    }

    /** HTTP status to refuse the upgrade with (401, or 400 for a bad user name). */
    public int status() {
        return status;
    }
}
