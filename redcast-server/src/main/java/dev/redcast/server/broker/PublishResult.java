package dev.redcast.server.broker;

/**
 * Thread-safe (immutable). Where a published message landed.
 *
 * @param offset its offset in the channel's history, or -1 when the channel keeps none
 * @param epoch the history's epoch, or null
 */
public record PublishResult(long offset, String epoch) {
    /** A message published live only, without history. */
    public static final PublishResult LIVE_ONLY = new PublishResult(-1, null);

    public boolean hasOffset() {
        return offset >= 0;
    }
}
