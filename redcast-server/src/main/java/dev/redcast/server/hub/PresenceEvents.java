package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.config.PresenceConfig;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from final collaborators). Keeps the presence store in step with
 * channel subscriptions and carries {@code join}/{@code leave} between nodes.
 *
 * <p>Design: the node where a user's first connection enters a channel (or the last one leaves), as
 * decided cluster-wide by the store, publishes a small JSON event on one broker control channel
 * ({@link #CONTROL}) that every node pins when presence is configured. Each node turns it into a
 * {@code join}/{@code leave} frame for its own {@code redcast.v1} subscribers of that channel, sent
 * through the normal per-loop fan-out so it keeps its place among the channel's messages.
 */
final class PresenceEvents {
    private static final Logger log = LoggerFactory.getLogger(PresenceEvents.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The broker channel that carries join and leave events between nodes. */
    static final String CONTROL = "__redcast:presence";

    private final Broker broker;
    private final PresenceStore store;
    private final PresenceReads reads;
    private final PresenceConfig config;

    PresenceEvents(Broker broker, PresenceStore store, PresenceReads reads, PresenceConfig config) {
        this.broker = broker;
        this.store = store;
        this.reads = reads;
        this.config = config;
    }

    boolean enabled() {
        return !config.channels().isEmpty();
    }

    /** A connection subscribed to {@code channel}. */
    void joined(String channel, Session session) {
        store.join(channel, session.user(), session.id())
                .whenComplete(
                        (first, err) -> {
                            reads.invalidate(channel);
                            if (err != null) {
                                log.debug(
                                        "{} presence join of {} not recorded: {}",
                                        session.logPrefix(),
                                        channel,
                                        err.toString());
                            } else if (first && config.announces(channel)) {
                                announce("join", channel, session.user());
                            }
                        });
    }

    /** A connection left {@code channel}. */
    void left(String channel, Session session) {
        store.leave(channel, session.user(), session.id())
                .whenComplete(
                        (last, err) -> {
                            reads.invalidate(channel);
                            if (err != null) {
                                log.debug(
                                        "{} presence leave of {} not recorded: {}",
                                        session.logPrefix(),
                                        channel,
                                        err.toString());
                            } else if (last && config.announces(channel)) {
                                announce("leave", channel, session.user());
                            }
                        });
    }

    private void announce(String type, String channel, String user) {
        ObjectNode event = Replies.reply(type, null);
        event.put("channel", channel);
        event.put("user", user);
        broker.publish(CONTROL, Replies.bytes(event), null)
                .whenComplete(
                        (r, err) -> {
                            if (err != null) {
                                log.debug("{} of {} in {} not sent: {}", type, user, channel, err);
                            }
                        });
    }

    /** The channel and frame of a control message, or null when it is not a valid event. */
    record Event(String channel, byte[] json) {}

    static Event parse(ChannelMessage m) {
        try {
            JsonNode node = MAPPER.readTree(m.payload());
            if (node == null || !node.isObject()) {
                return null;
            }
            String type = node.path("type").asText("");
            String channel = node.path("channel").asText(null);
            String user = node.path("user").asText(null);
            if (!(type.equals("join") || type.equals("leave")) || channel == null || user == null) {
                return null;
            }
            ObjectNode frame = Replies.reply(type, null);
            frame.put("channel", channel);
            frame.put("user", user);
            return new Event(channel, Replies.bytes(frame));
        } catch (IOException e) {
            return null;
        }
    }

    /** The subscribers of {@code group} that speak the full protocol, or null when none do. */
    static Subscription[] fullProtocol(Subscription[] group) {
        List<Subscription> out = new ArrayList<>(group.length);
        for (Subscription s : group) {
            if (s.session().fullProtocol()) {
                out.add(s);
            }
        }
        return out.isEmpty() ? null : out.toArray(Subscription[]::new);
    }

    /** A finished unmasked WebSocket text frame holding {@code json}; the caller owns it. */
    static ByteBuf frame(ByteBufAllocator alloc, byte[] json) {
        ByteBuf b = alloc.buffer(json.length + 10);
        b.writeByte(0x81);
        if (json.length < 126) {
            b.writeByte(json.length);
        } else if (json.length < 65536) {
            b.writeByte(126);
            b.writeShort(json.length);
        } else {
            b.writeByte(127);
            b.writeLong(json.length);
        }
        b.writeBytes(json);
        return b;
    }
}
