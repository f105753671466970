package dev.redcast.server.config;

import java.util.Objects;

/**
 * Thread-safe (immutable). Who may connect and who may use the backend API.
 *
 * @param token shared token clients must present
 * @param tokenGenerated whether {@code token} was made up at start-up (it is then printed)
 * @param apiKey key for the backend HTTP API
 * @param jwt how connection JWTs are verified, or null when clients present the shared token
 */
public record AuthConfig(String token, boolean tokenGenerated, String apiKey, JwtSettings jwt) {
    public AuthConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
        if (token.isEmpty()) {
            throw ConfigException.invalid(Setting.AUTH_TOKEN, token, "a non-empty token");
        }
        if (apiKey.isEmpty()) {
            throw ConfigException.invalid(Setting.API_KEY, apiKey, "a non-empty key");
        }
    }

    /**
     * The settings as given: no token (null or empty) makes up a random one, no API key means the
     * token.
     */
    static AuthConfig of(String token, String apiKey, JwtSettings jwt) {
        boolean generated = token == null || token.isEmpty();
        String t = generated ? ServerConfig.randomHex(16) : token;
        return new AuthConfig(t, generated, apiKey == null || apiKey.isEmpty() ? t : apiKey, jwt);
    }

    /** Without the secrets: configs end up in logs. */
    @Override
    public String toString() {
        return "AuthConfig[tokenGenerated=" + tokenGenerated + ", jwt=" + jwt + "]";
    }
}
