package dev.redcast.server.protocol;

/**
 * Thread-safe (immutable records). One decoded client command; {@code id} is the client's request
 * id, echoed in the reply, or null.
 */
public sealed interface Command {
    Long id();

    /** A position in a channel's history: the last offset a client saw and the epoch it was in. */
    record StreamPosition(long offset, String epoch) {
        public StreamPosition {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, got " + offset);
            }
        }
    }

    record Subscribe(
            Long id,
            String channel,
            boolean pattern,
            StreamPosition since,
            int history,
            boolean persist)
            implements Command {}

    record Unsubscribe(Long id, String channel, boolean pattern) implements Command {}

    record Publish(Long id, String channel, String payload) implements Command {}

    record History(Long id, String channel, int limit, Long before) implements Command {
        /** Messages returned when the client names no {@code limit}. */
        public static final int DEFAULT_LIMIT = 50;
    }

    record Presence(Long id, String channel) implements Command {}

    /**
     * A page of the channel listing.
     *
     * @param limit channels per page, or null for the server's default
     * @param cursor the {@code next} of the previous page, or null for the first page
     */
    record Channels(Long id, Long limit, String cursor) implements Command {
        /** The first page, of the default size. */
        public Channels(Long id) {
            this(id, null, null);
        }
    }

    record Ping(Long id) implements Command {}

    /** New credentials for the connection, before the ones it connected with expire. */
    record Refresh(Long id, String token) implements Command {
        /** Tokens longer than this are refused unread. */
        public static final int MAX_TOKEN_CHARS = 8192;
    }
}
