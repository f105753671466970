package dev.redcast.server.hub;

import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.util.Objects;

/**
 * Confined to its subscription's event loop. The last offset (and its epoch) a channel subscription
 * has delivered, and what a new message means against it: the next one, a duplicate already
 * delivered, a gap, or the start of a new epoch (the history was lost).
 */
final class OffsetTracker {
    enum Verdict {
        /** No offset (a plain Redis PUBLISH) or nothing known yet: deliver as it is. */
        UNTRACKED,
        /** The next offset: deliver. */
        NEXT,
        /** At or below what was delivered: drop. */
        DUPLICATE,
        /** Offsets were skipped: repair from the history first. */
        GAP,
        /** A different epoch: the history was lost; say so, then follow the new epoch. */
        NEW_EPOCH
    }

    /** Nothing delivered (or known) yet. */
    static final long UNKNOWN = -1;

    private long last = UNKNOWN;
    private String epoch;

    Verdict check(ChannelMessage m) {
        if (!m.hasOffset() || m.epoch() == null) {
            return Verdict.UNTRACKED;
        }
        if (epoch == null || last == UNKNOWN) {
            return Verdict.UNTRACKED;
        }
        if (!epoch.equals(m.epoch())) {
            if (!epoch.isEmpty()) {
                return Verdict.NEW_EPOCH;
            }
            // StreamPosition.EMPTY: the subscription saw the channel before its history began, and
            // it was registered before that read, so the first epoch is not news, only its start.
            return m.offset() == 1 ? Verdict.NEXT : Verdict.GAP;
        }
        if (m.offset() <= last) {
            return Verdict.DUPLICATE;
        }
        return m.offset() == last + 1 ? Verdict.NEXT : Verdict.GAP;
    }

    /** {@code m} was delivered. */
    void delivered(ChannelMessage m) {
        if (m.hasOffset() && m.epoch() != null) {
            last = m.offset();
            epoch = m.epoch();
        }
    }

    /** The client is now at {@code position} (null: unknown). */
    void reset(StreamPosition position) {
        last = position == null ? UNKNOWN : position.offset();
        epoch = position == null ? null : position.epoch();
    }

    long last() {
        return last;
    }

    String epoch() {
        return epoch;
    }

    /** The tracked position, or null when unknown. */
    StreamPosition position() {
        return last == UNKNOWN || epoch == null ? null : new StreamPosition(last, epoch);
    }

    @Override
    public String toString() {
        return Objects.toString(epoch) + ":" + last;
    }
}
