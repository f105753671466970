package dev.redcast.protocol;

/**
 * Thread-safe (stateless). What an idempotency key may look like: the optional {@code
 * idempotency_key} of a {@code publish} (and of {@code POST /api/publish}) that makes a retry safe.
 * A publish with a key is applied at most once per key, channel and publisher within the server's
 * window; a retry is answered like the first.
 */
public final class IdempotencyKeys {
    /** Longest key, in characters. */
    public static final int MAX_LENGTH = 128;

    private IdempotencyKeys() {}

    /**
     * Null when {@code key} is usable, else why not. Keys are 1 to {@value #MAX_LENGTH} printable
     * ASCII characters without spaces (a UUID, a request id), so they fit in logs and Redis key
     * names as they are.
     */
    public static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "an idempotency key must not be empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "an idempotency key is at most "
                    + MAX_LENGTH
                    + " characters, got "
                    + key.length();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~') {
                return "an idempotency key holds printable ASCII characters without spaces only";
            }
        }
        return null;
    }
}
