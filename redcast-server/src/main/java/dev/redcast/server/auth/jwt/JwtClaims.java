package dev.redcast.server.auth.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). What a verified connection token says about its holder.
 *
 * @param user the {@code sub} claim: never empty, at most {@link JwtVerifier#MAX_SUB_CHARS}
 *     characters, no control characters
 * @param channels the {@code channels} claim (channels to subscribe on connect); empty when absent
 * @param info the {@code info} claim as compact JSON object text of at most {@link
 *     JwtVerifier#MAX_INFO_BYTES} UTF-8 bytes, or null when absent
 * @param expiresAt when the connection must have refreshed its token: {@code expire_at} when the
 *     token has one (null if it is 0, "never"), else {@code exp}, else null
 * @param channel the {@code channel} claim of a subscription token, or null for a connection token
 */
public record JwtClaims(
        String user, List<String> channels, String info, Instant expiresAt, String channel) {
    public JwtClaims {
        Objects.requireNonNull(user, "user");
        channels = List.copyOf(channels);
    }
}
