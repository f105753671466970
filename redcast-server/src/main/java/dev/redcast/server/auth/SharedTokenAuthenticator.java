package dev.redcast.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Thread-safe (immutable). Admits clients that present the one shared token; the user name comes
 * from {@code ?user=} (validated) or defaults to {@code anonymous-<client id>}.
 */
public final class SharedTokenAuthenticator implements Authenticator {
    /** Longest user name. */
    public static final int MAX_USER_LENGTH = 64;

    private final byte[] token;

    public SharedTokenAuthenticator(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Principal authenticate(Credentials c) {
        if (c.token() == null || c.token().isEmpty()) {
            throw AuthException.missingToken();
        }
        // Constant time, so the comparison does not leak how much of a guess was right.
        if (!MessageDigest.isEqual(token, c.token().getBytes(StandardCharsets.UTF_8))) {
            throw new AuthException(401, "invalid token");
        }
        return claimed(c.requestedUser(), c.clientId());
    }

    /**
     * The principal of a client that is whoever it claims to be: {@code requestedUser}, or {@code
     * anonymous-<client id>} when it names nobody. The shared token admits clients this way once
     * the token matches; a dialect opened to clients without a token admits them this way at once.
     *
     * @throws AuthException (400) when the name is not an acceptable user name
     */
    public static Principal claimed(String requestedUser, String clientId) {
        if (requestedUser == null || requestedUser.isEmpty()) {
            return new Principal("anonymous-" + clientId);
        }
        String problem = userProblem(requestedUser);
        if (problem != null) {
            throw new AuthException(400, problem);
        }
        return new Principal(requestedUser);
    }

    /** Null when {@code user} is an acceptable user name, else why not. */
    public static String userProblem(String user) {
        if (user.length() > MAX_USER_LENGTH) {
            return "user name is at most " + MAX_USER_LENGTH + " characters";
        }
        for (int i = 0; i < user.length(); i++) {
            char ch = user.charAt(i);
            boolean ok =
                    Character.isLetterOrDigit(ch)
                            || ch == '_'
                            || ch == '-'
                            || ch == '.'
                            || ch == '@';
            if (!ok) {
                return "user name may contain letters, digits and _ - . @ only";
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "shared token";
    }
}
