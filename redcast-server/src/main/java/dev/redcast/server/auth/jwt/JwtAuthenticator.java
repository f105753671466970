package dev.redcast.server.auth.jwt;

import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.auth.Credentials;
import dev.redcast.server.auth.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Thread-safe. Admits clients that present a valid JWT (from {@code ?token=} or {@code
 * Authorization: Bearer}, as {@link Credentials} carries it); the user is the token's {@code sub}
 * and {@code ?user=} is ignored. A refused token becomes an {@link AuthException} with status 401,
 * whose message is the reason ({@code invalid token: expired: ...}) and never the token.
 *
 * <p>The {@link JwtVerifier} is the caller's: it creates it at start-up and closes it at shutdown.
 */
public final class JwtAuthenticator implements Authenticator {
    private final JwtVerifier verifier;

    public JwtAuthenticator(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Principal authenticate(Credentials c) {
        requireToken(c);
        try {
            return principal(verifier.verify(c.token()));
        } catch (JwtException e) {
            throw refused(e);
        }
    }

    @Override
    public CompletionStage<Principal> authenticateAsync(Credentials c) {
        try {
            requireToken(c);
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Principal> result = new CompletableFuture<>();
        verifier.verifyAsync(c.token())
                .whenComplete(
                        (claims, failure) -> {
                            if (failure == null) {
                                try {
                                    result.complete(principal(claims));
                                } catch (AuthException e) {
                                    result.completeExceptionally(e);
                                }
                            } else if (failure instanceof JwtException e) {
                                result.completeExceptionally(refused(e));
                            } else {
                                result.completeExceptionally(failure);
                            }
                        });
        return result;
    }

    @Override
    public void authorizeSubscription(String token, String user, String channel) {
        JwtClaims claims;
        try {
            claims = verifier.verify(token);
        } catch (JwtException e) {
            throw new AuthException(403, "invalid subscription token: " + e.getMessage());
        }
        if (claims.channel() == null) {
            throw new AuthException(403, "not a subscription token: it has no channel claim");
        }
        if (!claims.channel().equals(channel) || !claims.user().equals(user)) {
            throw new AuthException(403, "the subscription token is for another channel or user");
        }
    }

    @Override
    public String describe() {
        return verifier.describe();
    }

    private static void requireToken(Credentials c) {
        if (c.token() == null || c.token().isEmpty()) {
            throw AuthException.missingToken();
        }
    }

    /**
     * A connection is never opened with a subscription token: it grants one channel, and accepting
     * it as a connection token would let whoever holds it connect as its user for its lifetime.
     */
    private static Principal principal(JwtClaims claims) {
        if (claims.channel() != null) {
            throw new AuthException(
                    401,
                    "invalid token: a subscription token (channel claim) cannot open a"
                            + " connection");
        }
        return new Principal(claims.user(), claims.channels(), claims.info(), claims.expiresAt());
    }

    private static AuthException refused(JwtException e) {
        return new AuthException(401, "invalid token: " + e.getMessage());
    }
}
