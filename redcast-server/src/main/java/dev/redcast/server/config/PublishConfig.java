package dev.redcast.server.config;

import java.time.Duration;

/**
 * Thread-safe (immutable). How publishes are deduplicated.
 *
 * @param idempotencyWindowSeconds seconds an idempotency key is remembered after the publish that
 *     first used it; a retry within it is answered like the first and not delivered again
 */
public record PublishConfig(int idempotencyWindowSeconds) {
    public PublishConfig {
        Setting.IDEMPOTENCY_WINDOW.check(idempotencyWindowSeconds);
    }

    public Duration idempotencyWindow() {
        return Duration.ofSeconds(idempotencyWindowSeconds);
    }
}
