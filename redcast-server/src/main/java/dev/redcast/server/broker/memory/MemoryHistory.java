package dev.redcast.server.broker.memory;

import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Thread-safe: every method holds this object's monitor. One channel's history in the embedded
 * broker: a buffer bounded by the rule's length and age, the last offset, and the epoch chosen when
 * this history started (a restarted process starts every history with a new epoch).
 */
final class MemoryHistory {
    private final HistoryRule rule;
    private final String epoch;
    private final ArrayDeque<ChannelMessage> kept = new ArrayDeque<>();
    private long offset;

    MemoryHistory(HistoryRule rule, String epoch) {
        this.rule = rule;
        this.epoch = epoch;
    }

    /**
     * Appends a message with the next offset and hands it to {@code dispatch} before the next
     * append can happen, so subscribers see offsets in order.
     */
    synchronized ChannelMessage append(
            String channel,
            byte[] payload,
            boolean wtf8,
            String from,
            long nowMillis,
            Consumer<ChannelMessage> dispatch) {
        ChannelMessage m =
                new ChannelMessage(channel, null, payload, nowMillis, ++offset, epoch, from, wtf8);
        kept.addLast(m);
        while (kept.size() > rule.maxLength()) {
            kept.removeFirst();
        }
        prune(nowMillis);
        dispatch.accept(m);
        return m;
    }

    synchronized HistoryPage after(long after, int limit, long nowMillis) {
        prune(nowMillis);
        List<ChannelMessage> out = new ArrayList<>();
        for (ChannelMessage m : kept) {
            if (out.size() >= limit) {
                break;
            }
            if (m.offset() > after) {
                out.add(m);
            }
        }
        return new HistoryPage(out, position());
    }

    synchronized HistoryPage last(int limit, Long before, long nowMillis) {
        prune(nowMillis);
        ArrayDeque<ChannelMessage> out = new ArrayDeque<>();
        Iterator<ChannelMessage> newestFirst = kept.descendingIterator();
        while (newestFirst.hasNext() && out.size() < limit) {
            ChannelMessage m = newestFirst.next();
            if (before == null || m.offset() < before) {
                out.addFirst(m);
            }
        }
        return new HistoryPage(new ArrayList<>(out), position());
    }

    private StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    private void prune(long nowMillis) {
        long cutoff = nowMillis - rule.maxAge().toMillis();
        while (!kept.isEmpty() && kept.peekFirst().timestampMillis() < cutoff) {
            kept.removeFirst();
        }
    }
}
