package dev.redcast.client;

/**
 * Receives one subscription's messages. Called on the client's callback thread, one call at a time,
 * in the order the frames arrived (see {@link RedcastClient}). An exception thrown here is logged
 * and does not stop delivery.
 */
@FunctionalInterface
public interface MessageListener {
    /** A message, live or recovered; never one this subscription already delivered. */
    void onMessage(Message message);

    /**
     * After a reconnect, the server replayed {@code missed} messages published while the client was
     * away; they were delivered to {@link #onMessage} just before this call.
     */
    default void onRecovered(String channel, int missed) {}

    /**
     * After a reconnect, the server could not replay what was missed (history too short or its
     * epoch changed): messages were lost and the application should reload its state, for example
     * with {@link RedcastClient#history}. Delivery continues from {@code current}.
     *
     * @param current the channel's position now, null when the server did not say
     */
    default void onRecoveryFailed(String channel, StreamPosition current) {}

    /**
     * Resubscribing after a reconnect failed (for example the channel was deleted or the user lost
     * access); the subscription is gone.
     */
    default void onSubscriptionFailed(String channel, RedcastException error) {}
}
