package dev.redcast.client;

/**
 * Thread-safe (immutable). The reply to a publish: {@code offset} and {@code epoch} are null unless
 * the channel keeps history.
 *
 * @param replayed whether the server answered a retry: a publish with the same idempotency key was
 *     applied before, and this one was neither delivered nor stored again
 */
public record PublishResult(Long offset, String epoch, boolean replayed) {
    /** A result that is not a replay. */
    public PublishResult(Long offset, String epoch) {
        this(offset, epoch, false);
    }

    /** Whether the server stored the message in the channel's history. */
    public boolean stored() {
        return offset != null && epoch != null;
    }
}
