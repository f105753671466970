package dev.redcast.client;

import java.util.Objects;

/**
 * Thread-safe (immutable). A position in a channel's history: the {@code offset} of a message and
 * the {@code epoch} of the history it belongs to. Offsets from different epochs are unrelated.
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }

    /** Whether {@code offset} in {@code epoch} is at or before this position. */
    public boolean covers(long otherOffset, String otherEpoch) {
        return epoch.equals(otherEpoch) && otherOffset <= offset;
    }
}
