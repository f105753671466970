package dev.redcast.server.hub;

import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Used by one chain of futures at a time (each page is accepted after the previous one, so the
 * future chain orders every access). Reads what a client missed after a position, page by page, and
 * decides whether the history still holds all of it.
 *
 * <p>The target is the channel's last offset at the first read: everything published later reaches
 * the subscription live, because it was registered before the first read. The catch-up succeeds
 * when the pages run from {@code since.offset + 1} to the target without a hole, in the same epoch
 * (from {@link StreamPosition#EMPTY}: the first epoch, from offset 1), within {@link
 * #MAX_MESSAGES}; otherwise the client is told it cannot be recovered.
 */
final class CatchUp {
    /** Messages per read. */
    static final int PAGE = 500;

    /** Most messages one catch-up replays; a client further behind must reload instead. */
    static final int MAX_MESSAGES = 10_000;

    /**
     * @param recovered whether {@code messages} is everything after the asked position
     * @param messages what was missed, oldest first (empty unless recovered)
     * @param position where the client is after {@code messages}, or the channel's current position
     *     when not recovered; null when the channel keeps no history
     */
    record Result(boolean recovered, List<ChannelMessage> messages, StreamPosition position) {}

    private final StreamPosition since;
    private final int maxMessages;

    /** The epoch being read: since's, or the first one when since is before any history. */
    private String epoch;

    private final List<ChannelMessage> got = new ArrayList<>();
    private long next;
    private long target = -1;
    private StreamPosition latest;
    private Result result;

    CatchUp(StreamPosition since, int maxMessages) {
        this.since = since;
        this.maxMessages = maxMessages;
        this.epoch = since.epoch();
        this.next = since.offset();
    }

    /** Reads what followed {@code since} on {@code channel}. */
    static CompletableFuture<Result> run(Broker broker, String channel, StreamPosition since) {
        return new CatchUp(since, MAX_MESSAGES).loop(broker, channel);
    }

    private CompletableFuture<Result> loop(Broker broker, String channel) {
        return broker.readAfter(channel, next, PAGE)
                .thenCompose(
                        page ->
                                accept(page)
                                        ? loop(broker, channel)
                                        : CompletableFuture.completedFuture(result));
    }

    /** The offset the next page must be read after. */
    long next() {
        return next;
    }

    /** The outcome, once {@link #accept} returned false. */
    Result result() {
        return result;
    }

    /** Takes one page read after {@link #next()}; true when another page is needed. */
    boolean accept(HistoryPage page) {
        if (!page.hasHistory()) {
            return fail(null);
        }
        latest = page.position();
        if (!latest.epoch().equals(epoch)) {
            if (target >= 0 || !since.equals(StreamPosition.EMPTY)) {
                return fail(latest);
            }
            // The client saw the channel before its history began: what it missed is the current
            // epoch from offset 1, if the history still holds all of it.
            epoch = latest.epoch();
        }
        if (target < 0) {
            target = latest.offset();
            if (since.offset() > target) {
                return fail(latest);
            }
        }
        int added = 0;
        for (ChannelMessage m : page.messages()) {
            if (m.offset() <= next) {
                continue;
            }
            if (m.offset() != next + 1 || !epoch.equals(m.epoch())) {
                return fail(latest); // trimmed away, or written in another epoch
            }
            if (got.size() >= maxMessages) {
                return fail(latest);
            }
            got.add(m);
            added++;
            next = m.offset();
        }
        if (next >= target) {
            result = new Result(true, List.copyOf(got), new StreamPosition(next, epoch));
            return false;
        }
        if (added == 0) {
            return fail(latest); // the stream ends before the target: expired
        }
        return true;
    }

    private boolean fail(StreamPosition current) {
        result = new Result(false, List.of(), current);
        return false;
    }
}
