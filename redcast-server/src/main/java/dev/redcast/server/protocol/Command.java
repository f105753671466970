package dev.redcast.server.protocol;

/**
 * Thread-safe (immutable records). One decoded client command; {@code id} is the client's request
 * id, echoed in the reply, or null.
 */
public sealed interface Command {
    Long id();

    /** A position in a channel's history: the last offset a client saw and the epoch it was in. */
    record StreamPosition(long offset, String epoch) {
        /**
         * The position of a channel that keeps history but has none yet (never published to, or its
         * history was lost): offset 0 in no epoch, {@code ""}. Reading history never creates an
         * epoch (a read must not create state, or anyone could fill the store with names), so the
         * first publish starts one. A subscription at this position takes offset 1 of the epoch
         * that comes first as the next message, live or when recovering, as long as the history
         * still starts there. The price of keeping reads read-only: an epoch begun and then lost
         * entirely (Redis lost its data) before the next one began cannot be told from that next
         * one, for a client that saw the channel empty and was away all that time.
         */
        public static final StreamPosition EMPTY = new StreamPosition(0, "");

        public StreamPosition {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, got " + offset);
            }
        }
    }

    /**
     * @param token a subscription token for a channel whose namespace asks for one, or null
     */
    record Subscribe(
            Long id,
            String channel,
            boolean pattern,
            StreamPosition since,
            int history,
            boolean persist,
            String token)
            implements Command {
        /** A subscribe without a subscription token. */
        public Subscribe(
                Long id,
                String channel,
                boolean pattern,
                StreamPosition since,
                int history,
                boolean persist) {
            this(id, channel, pattern, since, history, persist, null);
        }
    }

    record Unsubscribe(Long id, String channel, boolean pattern) implements Command {}

    /**
     * @param attributed whether the message names its publisher ({@code from}); a dialect whose
     *     original put the bare text on Redis (the Node relay) publishes without, so a plain Redis
     *     subscriber sees exactly that text
     * @param idempotencyKey null, or the client's key that makes a retry of this publish safe
     *     (checked by {@link dev.redcast.protocol.IdempotencyKeys#problem})
     */
    record Publish(
            Long id, String channel, String payload, boolean attributed, String idempotencyKey)
            implements Command {
        /** A publish that names its publisher, without an idempotency key. */
        public Publish(Long id, String channel, String payload) {
            this(id, channel, payload, true, null);
        }

        /** A publish that names its publisher, with an idempotency key (or null). */
        public Publish(Long id, String channel, String payload, String idempotencyKey) {
            this(id, channel, payload, true, idempotencyKey);
        }
    }

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
