package dev.redcast.server.config;

import java.util.Objects;

/**
 * Thread-safe (immutable). Who may connect and who may use the backend API.
 *
 * @param token shared token clients must present
 * @param tokenGenerated whether {@code token} was made up at start-up (it is then printed)
 * @param apiKey key for the backend HTTP API; never the client token, so a client cannot act as a
 *     backend (disconnect users, publish as the server)
 * @param apiKeyGenerated whether {@code apiKey} was made up at start-up (it is then printed)
 * @param jwt how connection JWTs are verified, or null when clients present the shared token
 */
public record AuthConfig(
        String token,
        boolean tokenGenerated,
        String apiKey,
        boolean apiKeyGenerated,
        JwtSettings jwt) {
    public AuthConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
        if (token.isEmpty()) {
            throw ConfigException.invalid(Setting.AUTH_TOKEN, token, "a non-empty token");
        }
        if (apiKey.isEmpty()) {
            throw ConfigException.invalid(Setting.API_KEY, apiKey, "a non-empty key");
        }
        if (apiKey.equals(token)) {
            throw ConfigException.invalid(
                    Setting.API_KEY,
                    Setting.API_KEY.shown(apiKey),
                    "a key different from auth-token (WS_AUTH_TOKEN): every client holds the"
                            + " token, and the API key may disconnect them");
        }
    }

    /** The settings as given: no token or no API key (null or empty) makes up a random one. */
    static AuthConfig of(String token, String apiKey, JwtSettings jwt) {
        boolean tokenGenerated = token == null || token.isEmpty();
        boolean keyGenerated = apiKey == null || apiKey.isEmpty();
        return new AuthConfig(
                tokenGenerated ? ServerConfig.randomHex(16) : token,
                tokenGenerated,
                keyGenerated ? ServerConfig.randomHex(16) : apiKey,
                keyGenerated,
                jwt);
    }

    /** Without the secrets: configs end up in logs. */
    @Override
    public String toString() {
        return "AuthConfig[tokenGenerated="
                + tokenGenerated
                + ", apiKeyGenerated="
                + apiKeyGenerated
                + ", jwt="
                + jwt
                + "]";
    }
}
