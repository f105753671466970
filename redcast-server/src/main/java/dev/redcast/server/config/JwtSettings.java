package dev.redcast.server.config;

/**
 * Thread-safe (immutable). How connection JWTs are verified, as configured: exactly one source of
 * keys (an HMAC secret, a PEM public key file, or a JWKS location) plus the optional claim checks.
 * The wiring turns it into the verifier; a key that cannot be used fails start-up there, naming the
 * setting.
 *
 * @param secret the HMAC secret, or null
 * @param publicKeyFile the PEM file, or null
 * @param jwks the JWKS URL or file, or null
 * @param audience the {@code aud} a token must carry, or null for no check
 * @param issuer the {@code iss} a token must carry, or null for no check
 * @param leewaySeconds clock skew allowed on {@code exp} and {@code nbf}
 */
public record JwtSettings(
        String secret,
        String publicKeyFile,
        String jwks,
        String audience,
        String issuer,
        int leewaySeconds) {
    public JwtSettings {
        int sources =
                (secret != null ? 1 : 0) + (publicKeyFile != null ? 1 : 0) + (jwks != null ? 1 : 0);
        if (sources != 1) {
            throw new ConfigException(
                    "set exactly one of jwt-secret (JWT_SECRET), jwt-public-key (JWT_PUBLIC_KEY)"
                            + " and jwt-jwks (JWT_JWKS); "
                            + sources
                            + " are set");
        }
        Setting.JWT_LEEWAY.check(leewaySeconds);
    }

    /** The settings as given, or null when no key source is set (clients use the shared token). */
    static JwtSettings of(
            String secret,
            String publicKeyFile,
            String jwks,
            String audience,
            String issuer,
            int leewaySeconds) {
        if (blank(secret) && blank(publicKeyFile) && blank(jwks)) {
            return null;
        }
        return new JwtSettings(
                blank(secret) ? null : secret,
                blank(publicKeyFile) ? null : publicKeyFile,
                blank(jwks) ? null : jwks,
                blank(audience) ? null : audience,
                blank(issuer) ? null : issuer,
                leewaySeconds);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Without the secret: configs end up in logs. */
    @Override
    public String toString() {
        String source =
                secret != null
                        ? "secret"
                        : publicKeyFile != null ? "public key " + publicKeyFile : "jwks " + jwks;
        return "JwtSettings[" + source + ", audience=" + audience + ", issuer=" + issuer + "]";
    }
}
