package dev.redcast.server.auth;

import java.util.Objects;

/**
 * Thread-safe (immutable). Who a connection belongs to, as established by an {@link Authenticator}.
 * Per-channel permissions from a JWT will join this record.
 *
 * @param user the user name shown to others ({@code from}, presence)
 */
public record Principal(String user) {
    public Principal {
        Objects.requireNonNull(user, "user");
    }
}
