package dev.redcast.server;

import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.auth.jwt.JwtAuthenticator;
import dev.redcast.server.auth.jwt.JwtConfig;
import dev.redcast.server.auth.jwt.JwtKey;
import dev.redcast.server.auth.jwt.JwtVerifier;
import dev.redcast.server.config.AuthConfig;
import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.JwtSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Thread-safe (immutable). Who a node lets in: the one place that chooses between the shared token
 * ("every holder can claim any name") and JWT connection tokens (the user is the token's {@code
 * sub}), and that owns the JWT verifier's lifetime.
 *
 * @param authenticator admits or refuses an upgrade request
 * @param verifier the JWT verifier, or null with the shared token; closed with the node
 */
record Identity(Authenticator authenticator, JwtVerifier verifier) implements AutoCloseable {
    /** How long start-up waits for a JWKS document before refusing to start. */
    private static final Duration FIRST_KEYS_WAIT = Duration.ofSeconds(10);

    /**
     * The identity the settings ask for.
     *
     * @throws ConfigException when a JWT key cannot be used or the first JWKS cannot be read
     */
    static Identity of(AuthConfig auth) {
        JwtSettings jwt = auth.jwt();
        if (jwt == null) {
            return new Identity(new SharedTokenAuthenticator(auth.token()), null);
        }
        JwtVerifier verifier;
        try {
            verifier =
                    new JwtVerifier(
                            new JwtConfig(
                                    key(jwt),
                                    Duration.ofSeconds(jwt.leewaySeconds()),
                                    jwt.audience(),
                                    jwt.issuer()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting(jwt) + ": " + e.getMessage());
        }
        try {
            verifier.ready().get(FIRST_KEYS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            verifier.close();
            throw new ConfigException(
                    setting(jwt) + ": the keys could not be loaded at start-up: " + e.getMessage());
        } catch (InterruptedException e) {
            verifier.close();
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while loading the JWT keys");
        }
        return new Identity(new JwtAuthenticator(verifier), verifier);
    }

    private static JwtKey key(JwtSettings jwt) {
        if (jwt.secret() != null) {
            return new JwtKey.Hmac(jwt.secret());
        }
        if (jwt.publicKeyFile() != null) {
            return JwtKey.Pem.read(Path.of(jwt.publicKeyFile()));
        }
        String jwks = jwt.jwks();
        return jwks.startsWith("https://") || jwks.startsWith("http://")
                ? JwtKey.Jwks.at(URI.create(jwks))
                : JwtKey.Jwks.file(Path.of(jwks));
    }

    private static String setting(JwtSettings jwt) {
        return jwt.secret() != null
                ? "jwt-secret (JWT_SECRET)"
                : jwt.publicKeyFile() != null
                        ? "jwt-public-key (JWT_PUBLIC_KEY)"
                        : "jwt-jwks (JWT_JWKS)";
    }

    /** Whether users are who their token says (JWT) rather than who they claim. */
    boolean verified() {
        return verifier != null;
    }

    @Override
    public void close() {
        if (verifier != null) {
            verifier.close();
        }
    }
}
