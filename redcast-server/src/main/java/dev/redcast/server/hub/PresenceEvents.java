package dev.redcast.server.hub;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.broker.OutageLog;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.ControlChannel;
import dev.redcast.server.cluster.ControlHandler;
import dev.redcast.server.config.ChannelPolicy;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.PresenceEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from final collaborators). Keeps the presence store in step with
 * channel subscriptions and carries {@code join}/{@code leave} between nodes.
 *
 * <p>Design: the node where a user's first connection enters a channel (or the last one leaves), as
 * decided cluster-wide by the store, publishes a {@link PresenceEvent} on the control channel
 * {@code __redcast:presence} that every node listens to when presence is configured. A node takes
 * an event only when a live node sealed it ({@link ControlChannel}) and it agrees with the store:
 * the sender holds a connection of the user in the channel (a {@code join}), or the user has none
 * left there on any node (a {@code leave}); so whoever publishes to the channel without being a
 * node, or names a user the node does not hold, shows clients nothing. Each node then hands the
 * event to the hub, which sends each of its own subscribers of that channel the frame their kind of
 * client announces it with ({@link Wire#presence}), through the normal per-loop fan-out; the store
 * read puts it one round trip behind messages published at the same moment. A user whose node died
 * is announced as leaving by the surviving node whose presence refresh found the user's entries
 * expired ({@link PresenceStore#onExpired}).
 */
final class PresenceEvents implements ControlHandler {
    private static final Logger log = LoggerFactory.getLogger(PresenceEvents.class);

    /** The control channel's name under the reserved prefix: {@code __redcast:presence}. */
    static final String CONTROL = "presence";

    private final ControlChannel control;
    private final PresenceStore store;
    private final PresenceReads reads;
    private final ChannelPolicy config;
    private final Hub hub;
    private final ServerMetrics metrics;
    private final OutageLog failures = new OutageLog();

    PresenceEvents(
            Cluster cluster,
            PresenceStore store,
            PresenceReads reads,
            ChannelPolicy config,
            Hub hub,
            ServerMetrics metrics) {
        this.control = cluster.channel(CONTROL, this);
        this.store = store;
        this.reads = reads;
        this.config = config;
        this.hub = hub;
        this.metrics = metrics;
        store.onExpired(this::expired);
    }

    /**
     * Starts listening to the other nodes' events when presence is configured; the future completes
     * once they flow.
     */
    CompletableFuture<Void> start() {
        if (!config.anyAnnounces()) {
            return CompletableFuture.completedFuture(null);
        }
        return control.start();
    }

    /** A connection subscribed to {@code channel}. */
    void joined(String channel, Session session) {
        store.join(channel, session.user(), session.id())
                .whenComplete(
                        (first, err) -> recorded(PresenceEvent.JOIN, channel, session, first, err));
    }

    /** A connection left {@code channel}. */
    void left(String channel, Session session) {
        store.leave(channel, session.user(), session.id())
                .whenComplete(
                        (last, err) -> recorded(PresenceEvent.LEAVE, channel, session, last, err));
    }

    private void recorded(
            String type, String channel, Session session, Boolean changed, Throwable err) {
        reads.invalidate(channel);
        if (err != null) {
            // Counted always, logged once per outage: the store says why in its own log line.
            metrics.presenceWriteFailed();
            Throwable cause =
                    err instanceof CompletionException && err.getCause() != null
                            ? err.getCause()
                            : err;
            String message = String.valueOf(cause.getMessage());
            if (failures.failed()) {
                log.warn(
                        "presence {} of {} in {} not recorded (further failures of this outage"
                                + " are logged at DEBUG and counted in"
                                + " redcast_presence_write_failures_total): {}",
                        type,
                        session.user(),
                        channel,
                        message);
            } else {
                log.debug(
                        "{} presence {} of {} not recorded: {}",
                        session.logPrefix(),
                        type,
                        channel,
                        message);
            }
            return;
        }
        if (changed && config.announces(channel)) {
            announce(new PresenceEvent(type, channel, session.user(), session.principal().info()));
        }
    }

    /** A user's node died with the user still in {@code channel}: announce the leave for it. */
    private void expired(String channel, String user) {
        reads.invalidate(channel);
        if (config.announces(channel)) {
            log.debug("{} expired from {}: its node stopped refreshing it", user, channel);
            announce(new PresenceEvent(PresenceEvent.LEAVE, channel, user));
        }
    }

    private void announce(PresenceEvent event) {
        control.publish(event.object())
                .whenComplete(
                        (r, err) -> {
                            if (err != null) {
                                log.debug("{} not sent: {}", event, err.toString());
                            }
                        });
    }

    /** A join or leave sealed by a live node: applied when the presence store agrees. */
    @Override
    public CompletionStage<Verdict> check(Received m) {
        PresenceEvent event = PresenceEvent.of(m.json());
        if (event == null || ChannelNames.publicProblem(event.channel()) != null) {
            return CompletableFuture.completedFuture(Verdict.ignore("malformed"));
        }
        return store.holders(event.channel(), event.user())
                .thenApply(
                        holders -> {
                            boolean join = event.type().equals(PresenceEvent.JOIN);
                            if (join && !holders.contains(m.node())) {
                                return Verdict.ignore("not_held");
                            }
                            if (!join && !holders.isEmpty()) {
                                return Verdict.ignore("still_present");
                            }
                            return Verdict.apply(
                                    () -> {
                                        reads.invalidate(event.channel());
                                        hub.sendPresence(event, m.message());
                                    });
                        });
    }
}
