package dev.redcast.server.auth.jwt;

import java.time.Duration;
import java.util.Objects;

/**
 * Thread-safe (immutable). How connection tokens are verified: the key, the clock leeway, and the
 * audience and issuer a token must name when they are set. Invalid values throw {@link
 * IllegalArgumentException} with a message that says what is wrong and what is allowed; the
 * configuration loader adds the name of the setting.
 *
 * @param key where signatures are checked against; it also fixes the algorithms accepted
 * @param leeway how far {@code exp} and {@code nbf} may be off to allow for clocks that disagree
 * @param audience a value the token's {@code aud} must contain, or null to not check {@code aud}
 * @param issuer the token's {@code iss} must equal this, or null to not check {@code iss}
 */
public record JwtConfig(JwtKey key, Duration leeway, String audience, String issuer) {
    /** Default leeway: 30 seconds. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

    /** Largest leeway: 10 minutes; more would keep expired tokens usable. */
    public static final Duration MAX_LEEWAY = Duration.ofMinutes(10);

    public JwtConfig {
        Objects.requireNonNull(key, "key");
        requireBetween("JWT leeway", leeway, Duration.ZERO, MAX_LEEWAY);
        requireNullOrText("JWT audience", audience);
        requireNullOrText("JWT issuer", issuer);
    }

    /** {@code key} with the default leeway and no audience or issuer check. */
    public JwtConfig(JwtKey key) {
        this(key, DEFAULT_LEEWAY, null, null);
    }

    /** One line for the start-up banner. */
    public String describe() {
        return "JWT, "
                + key.describe()
                + ", leeway "
                + leeway.toSeconds()
                + " s"
                + (audience == null ? "" : ", aud '" + audience + "'")
                + (issuer == null ? "" : ", iss '" + issuer + "'");
    }

    /**
     * @throws IllegalArgumentException naming {@code what} when {@code d} is null or outside {@code
     *     min..max}
     */
    static void requireBetween(String what, Duration d, Duration min, Duration max) {
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    what
                            + " "
                            + (d == null ? "unset" : human(d))
                            + ": allowed "
                            + human(min)
                            + " to "
                            + human(max));
        }
    }

    private static void requireNullOrText(String what, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(
                    what + " is blank: leave it unset to accept any, or give the expected value");
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
