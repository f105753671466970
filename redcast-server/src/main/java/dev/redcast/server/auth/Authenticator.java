package dev.redcast.server.auth;

/** Thread-safe. Decides who a connecting client is, or refuses it. */
public interface Authenticator {
    /**
     * @throws AuthException when the credentials do not admit the client
     */
    Principal authenticate(Credentials credentials);

    /** One line for the start-up banner. */
    String describe();
}
