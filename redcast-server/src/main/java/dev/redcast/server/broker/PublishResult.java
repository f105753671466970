package dev.redcast.server.broker;

/**
 * Thread-safe (immutable). Where a published message landed.
 *
 * @param offset its offset in the channel's history, or -1 when the channel keeps none
 * @param epoch the history's epoch, or null
 * @param replayed whether this answers a retry: an earlier publish with the same idempotency key
 *     was applied and this one was not
 */
public record PublishResult(long offset, String epoch, boolean replayed) {
    /** A message published live only, without history. */
    public static final PublishResult LIVE_ONLY = new PublishResult(-1, null, false);

    /** A message published now (not a replay). */
    public PublishResult(long offset, String epoch) {
        this(offset, epoch, false);
    }

    public boolean hasOffset() {
        return offset >= 0;
    }

    /** The same result, answering a retry. */
    public PublishResult asReplay() {
        return new PublishResult(offset, epoch, true);
    }
}
