package dev.redcast.server.auth;

/**
 * Thread-safe (immutable). What a connecting client presented.
 *
 * @param token from {@code ?token=} or {@code Authorization: Bearer}, or null
 * @param requestedUser from {@code ?user=}, or null
 * @param clientId the id the server gave this connection
 */
public record Credentials(String token, String requestedUser, String clientId) {}
