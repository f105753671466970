package dev.redcast.server.hub;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.config.ChannelPolicy;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.PresenceEvent;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from final collaborators). Keeps the presence store in step with
 * channel subscriptions and carries {@code join}/{@code leave} between nodes.
 *
 * <p>Design: the node where a user's first connection enters a channel (or the last one leaves), as
 * decided cluster-wide by the store, publishes a {@link PresenceEvent} on one broker control
 * channel ({@link #CONTROL}) that every node listens to when presence is configured. Each node
 * hands it to the hub, which sends each of its own subscribers of that channel the frame their kind
 * of client announces it with ({@link Wire#presence}; {@code join}/{@code leave} for {@code
 * redcast.v1}), through the normal per-loop fan-out so it keeps its place among the channel's
 * messages. A user whose node died is announced as leaving by the surviving node whose presence
 * refresh found the user's entries expired ({@link PresenceStore#onExpired}).
 */
final class PresenceEvents implements BrokerListener {
    private static final Logger log = LoggerFactory.getLogger(PresenceEvents.class);

    /** The broker channel that carries join and leave events between nodes. */
    static final String CONTROL = ChannelNames.RESERVED_PREFIX + "presence";

    private final Broker broker;
    private final PresenceStore store;
    private final PresenceReads reads;
    private final ChannelPolicy config;
    private final Hub hub;

    PresenceEvents(
            Broker broker,
            PresenceStore store,
            PresenceReads reads,
            ChannelPolicy config,
            Hub hub) {
        this.broker = broker;
        this.store = store;
        this.reads = reads;
        this.config = config;
        this.hub = hub;
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
        return broker.control(CONTROL, this);
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
            log.debug(
                    "{} presence {} of {} not recorded: {}",
                    session.logPrefix(),
                    type,
                    channel,
                    err.toString());
        } else if (changed && config.announces(channel)) {
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
        broker.publish(CONTROL, event.json(), null)
                .whenComplete(
                        (r, err) -> {
                            if (err != null) {
                                log.debug("{} not sent: {}", event, err.toString());
                            }
                        });
    }

    /** A join or leave from some node: a frame for this node's subscribers of the channel. */
    @Override
    public void onMessage(ChannelMessage m) {
        if (m.pattern() != null) {
            return; // a client's pattern matched the control channel; the event came directly too
        }
        PresenceEvent event = PresenceEvent.parse(m.payload());
        if (event == null) {
            log.debug("ignored a malformed presence event");
            return;
        }
        reads.invalidate(event.channel());
        hub.sendPresence(event, m);
    }
}
