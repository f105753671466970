package dev.redcast.client;

/**
 * Thread-safe (immutable). The reply to a publish: {@code offset} and {@code epoch} are null unless
 * the channel keeps history.
 */
public record PublishResult(Long offset, String epoch) {
    /** Whether the server stored the message in the channel's history. */
    public boolean stored() {
        return offset != null && epoch != null;
    }
}
