package dev.redcast.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). Who a connection belongs to, as established by an {@link Authenticator}.
 * A shared-token principal has a user name only; a JWT one may also carry what its token granted.
 * Per-channel permissions from a JWT will join this record.
 *
 * @param user the user name shown to others ({@code from}, presence)
 * @param channels channels the connection is subscribed to on connect (the JWT {@code channels}
 *     claim); empty when none
 * @param info a small JSON object shown with the user in presence and {@code join} frames, as
 *     compact JSON text, or null when the credentials carried none
 * @param expiresAt when the connection's credentials expire and it must refresh them or be closed,
 *     or null when they never do
 */
public record Principal(String user, List<String> channels, String info, Instant expiresAt) {
    public Principal {
        Objects.requireNonNull(user, "user");
        channels = List.copyOf(channels);
    }

    /** A principal that is only a user name: no channels, no info, no expiry. */
    public Principal(String user) {
        this(user, List.of(), null, null);
    }
}
