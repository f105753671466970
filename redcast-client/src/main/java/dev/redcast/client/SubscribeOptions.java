package dev.redcast.client;

/**
 * Thread-safe (immutable). How to subscribe.
 *
 * @param pattern the channel is a Redis glob pattern ({@code news.*}); messages then carry the
 *     pattern and the channel they were published on
 * @param history also deliver the last {@code history} messages when the channel keeps history (0:
 *     none); only on the first subscribe, reconnects recover from the last offset instead
 * @param persist ask the server to remember the subscription for this user across connections
 */
public record SubscribeOptions(boolean pattern, int history, boolean persist) {
    /** A plain channel, no history, not persisted. */
    public static final SubscribeOptions DEFAULT = new SubscribeOptions(false, 0, false);

    public SubscribeOptions {
        if (history < 0) {
            throw new IllegalArgumentException("history must be >= 0, got " + history);
        }
    }

    /** A pattern subscription, no history, not persisted. */
    public static SubscribeOptions ofPattern() {
        return new SubscribeOptions(true, 0, false);
    }

    /** These options, also asking for the last {@code n} messages. */
    public SubscribeOptions withHistory(int n) {
        return new SubscribeOptions(pattern, n, persist);
    }

    /** These options, asking the server to remember the subscription. */
    public SubscribeOptions persisted() {
        return new SubscribeOptions(pattern, history, true);
    }
}
