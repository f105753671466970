package dev.redcast.server.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Thread-safe. Decides who a connecting client is, or refuses it. */
public interface Authenticator {
    /**
     * Decides at once, without I/O, so it may be called on an event loop.
     *
     * @throws AuthException when the credentials do not admit the client
     */
    Principal authenticate(Credentials credentials);

    /**
     * As {@link #authenticate}, but may first wait for I/O without blocking the caller (a JWKS
     * refresh for a key id not seen yet). The stage may complete on another thread, so an
     * event-loop caller hops back to its loop; it fails with an {@link AuthException}. By default
     * it is {@link #authenticate}, already complete.
     */
    default CompletionStage<Principal> authenticateAsync(Credentials credentials) {
        try {
            return CompletableFuture.completedFuture(authenticate(credentials));
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Checks a subscription token, which a user's backend issues for one channel of a namespace
     * that asks for one: it must be valid now and name {@code user} ({@code sub}) and {@code
     * channel} ({@code channel}). Decides at once, without I/O. Only verified identities have such
     * tokens, so by default every one is refused.
     *
     * @throws AuthException with the reason, safe to show, when the token does not grant it
     */
    default void authorizeSubscription(String token, String user, String channel) {
        throw new AuthException(
                403, "subscription tokens need JWT identities, which this server does not use");
    }

    /** One line for the start-up banner. */
    String describe();
}
