package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.Command.StreamPosition;
import dev.redcast.server.protocol.HistoryJson;
import dev.redcast.server.protocol.Replies;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from the broker); every continuation runs on the session's event
 * loop, where the subscription it touches is confined. Subscribes to channels that keep a history
 * (with {@code since} recovery or the last {@code history} messages) and repairs gaps that live
 * subscriptions notice.
 *
 * <p>Design: the standard way to close the race between reading history and receiving live
 * messages. The subscription is registered first, so from that moment every live message is held in
 * its buffer ({@link Subscription} is {@code PENDING}); once the broker confirms messages flow, the
 * history is read from {@code since.offset + 1} page by page ({@link CatchUp}) up to the last
 * offset at the first read. The reply carries what was read; then the subscription goes live and
 * releases its buffer, dropping by offset whatever the reply already contained. A message is
 * therefore either in the history read or in the buffer (or both), never in neither: no gap, and no
 * duplicate. Gap repair is the same catch-up started from the last offset a live subscription
 * delivered, with the subscription holding live messages again meanwhile.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final Broker broker;
    private final ByteBufAllocator alloc;

    Recovery(Broker broker, ByteBufAllocator alloc) {
        this.broker = broker;
        this.alloc = alloc;
    }

    /**
     * Completes the subscription {@code s} (registered, pending) to a channel that keeps history,
     * once {@code flowing} completes; the {@code subscribed} reply goes to {@code reply}.
     */
    void subscribe(
            Session session,
            Command.Subscribe c,
            Subscription s,
            CompletableFuture<Void> flowing,
            Consumer<ObjectNode> reply) {
        OnLoop.whenDone(
                flowing.thenCompose(v -> firstRead(c)),
                session,
                (r, err) -> {
                    if (session.subscriptions().get(s.key()) != s) {
                        return; // unsubscribed meanwhile
                    }
                    ObjectNode subscribed =
                            Replies.channelReply("subscribed", c.id(), c.channel(), false);
                    if (err != null) {
                        log.debug(
                                "{} history of {} unavailable: {}",
                                session.logPrefix(),
                                c.channel(),
                                err.toString());
                        if (c.since() != null) {
                            subscribed.put("recovered", false);
                        }
                        reply.accept(subscribed);
                        s.activate(null);
                        return;
                    }
                    if (c.since() != null) {
                        subscribed.put("recovered", r.recovered());
                    }
                    HistoryJson.putPosition(subscribed, r.position());
                    if (c.since() != null || c.history() > 0) {
                        HistoryJson.putMessages(subscribed, r.messages());
                    }
                    reply.accept(subscribed);
                    s.activate(r.position());
                });
    }

    private CompletableFuture<CatchUp.Result> firstRead(Command.Subscribe c) {
        if (c.since() != null) {
            return CatchUp.run(broker, c.channel(), c.since());
        }
        return broker.readLast(c.channel(), c.history(), null)
                .thenApply(page -> new CatchUp.Result(true, page.messages(), page.position()));
    }

    /** Fills the gap a live subscription noticed; it is {@code REPAIRING} until this completes. */
    void repair(Subscription s) {
        Session session = s.session();
        String channel = s.key().name();
        StreamPosition from = s.position();
        CompletableFuture<CatchUp.Result> read =
                from == null
                        ? CompletableFuture.completedFuture(
                                new CatchUp.Result(false, List.of(), null))
                        : CatchUp.run(broker, channel, from);
        OnLoop.whenDone(
                read,
                session,
                (r, err) -> {
                    if (s.closed()) {
                        return;
                    }
                    if (err == null && r.recovered()) {
                        log.debug(
                                "{} repaired a gap on {} after offset {} with {} messages",
                                session.logPrefix(),
                                channel,
                                from.offset(),
                                r.messages().size());
                        s.repaired(r.messages(), alloc);
                        return;
                    }
                    log.debug(
                            "{} cannot repair a gap on {} after {}",
                            session.logPrefix(),
                            channel,
                            from);
                    session.notice(
                            unrecoverable(
                                    channel,
                                    "messages on channel '"
                                            + channel
                                            + "' after offset "
                                            + (from == null ? "?" : from.offset())
                                            + " were lost and are no longer in the history",
                                    err == null ? r.position() : null));
                    s.repairFailed();
                });
    }

    /** The {@code error} frame telling a client that messages of {@code channel} are lost. */
    static ObjectNode unrecoverable(String channel, String message, StreamPosition position) {
        ObjectNode e = Replies.error(null, ErrorCode.UNRECOVERABLE, message);
        e.put("channel", channel);
        return HistoryJson.putPosition(e, position);
    }
}
