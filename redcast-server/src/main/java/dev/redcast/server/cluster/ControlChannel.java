package dev.redcast.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.cluster.ControlHandler.Verdict;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.protocol.ChannelMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. One broker control channel between nodes ({@code __redcast:<name>}): messages this
 * node publishes are sealed with its key ({@link ControlSeal}); messages it receives are applied
 * only when a live node signed them, recently, and the channel's {@link ControlHandler} agrees.
 * Everything else is ignored and counted in {@code redcast_control_ignored_total{channel,reason}},
 * with one WARN line per reason and DEBUG after it, never a stack trace.
 *
 * <p>Design: checks may wait for the registry (a sender not seen yet) or a store read (the
 * handler), so they run concurrently, each starting as its message arrives, while a queue of the
 * messages in arrival order applies each one only when it and every message before it is decided.
 * Messages of one sender therefore take effect in the order sent, as they would without checks,
 * only later. At most {@link #MAX_PENDING} messages wait; beyond that new ones are ignored ({@code
 * overflow}).
 */
public final class ControlChannel implements BrokerListener {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Largest control message read: 16 KiB; real ones are a few hundred bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    /** Messages waiting for their checks or their turn: at most 10 000. */
    public static final int MAX_PENDING = 10_000;

    private record Pending(CompletableFuture<Verdict> verdict, String node) {}

    private final String name;
    private final String channel;
    private final Broker broker;
    private final ControlSeal seal;
    private final LiveNodes nodes;
    private final ServerMetrics metrics;
    private final ControlHandler handler;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    // Guarded by this: messages in arrival order, and whether a thread is applying them.
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean again;

    /**
     * @param name the channel's name under the reserved prefix, e.g. {@code presence}
     * @param seal this node's id and key, for sealing and for recognising its own messages
     * @param nodes where the keys of the other nodes are read
     */
    ControlChannel(
            String name,
            Broker broker,
            ControlSeal seal,
            LiveNodes nodes,
            ServerMetrics metrics,
            ControlHandler handler) {
        this.name = name;
        this.channel = ChannelNames.RESERVED_PREFIX + name;
        this.broker = broker;
        this.seal = seal;
        this.nodes = nodes;
        this.metrics = metrics;
        this.handler = handler;
    }

    /** The broker channel, {@code __redcast:<name>}. */
    public String channel() {
        return channel;
    }

    /** Subscribes the node to the channel; the future completes once its messages flow. */
    public CompletableFuture<Void> start() {
        return broker.control(channel, this);
    }

    /** Publishes {@code message}, sealed by this node, to every node (this one included). */
    public CompletableFuture<PublishResult> publish(ObjectNode message) {
        return broker.publish(channel, seal.seal(message, System.currentTimeMillis()), null);
    }

    @Override
    public void onMessage(ChannelMessage m) {
        if (m.pattern() != null) {
            return; // a client's pattern matched the channel; the message also came directly
        }
        ObjectNode message = parse(m.payload());
        if (message == null) {
            ignored("malformed", null);
            return;
        }
        Pending p = new Pending(new CompletableFuture<>(), message.get("node").textValue());
        boolean full;
        synchronized (this) {
            full = queue.size() >= MAX_PENDING;
            if (!full) {
                queue.add(p);
            }
        }
        if (full) {
            ignored("overflow", p.node());
            return;
        }
        CompletableFuture<Verdict> decided;
        try {
            decided = decide(message, m, nodes.now());
        } catch (RuntimeException e) {
            decided = CompletableFuture.failedFuture(e);
        }
        decided.whenComplete(
                (v, err) -> {
                    p.verdict().complete(err == null ? v : failed(err));
                    drain();
                });
    }

    /** The message as a JSON object with the fields every control message has, or null. */
    private static ObjectNode parse(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(payload);
        } catch (IOException e) {
            return null;
        }
        if (node == null
                || !node.isObject()
                || !node.path("type").isTextual()
                || !node.path("node").isTextual()
                || node.path("node").textValue().isEmpty()
                || !node.path("at").canConvertToLong()
                || !node.path("at").isIntegralNumber()
                || !node.path("sig").isTextual()) {
            return null;
        }
        return (ObjectNode) node;
    }

    /**
     * Whether a live node signed {@code message} recently, then the handler's verdict. A sender is
     * looked up in a registry read at most one heartbeat old; one missing from it or whose
     * signature does not match (it may have restarted with a new key) gets a read started after the
     * message arrived, whose answer is final.
     */
    private CompletableFuture<Verdict> decide(
            ObjectNode message, ChannelMessage m, long arrivedNanos) {
        if (Math.abs(System.currentTimeMillis() - message.get("at").longValue())
                > ControlSeal.MAX_SKEW_MILLIS) {
            return CompletableFuture.completedFuture(Verdict.ignore("stale"));
        }
        String node = message.get("node").textValue();
        if (node.equals(seal.nodeId())) {
            return ControlSeal.verify(message, seal.key())
                    ? check(new ControlHandler.Received(node, message, m))
                    : CompletableFuture.completedFuture(Verdict.ignore("bad_signature"));
        }
        return nodes.atMostOld(NodeHeartbeat.INTERVAL_MILLIS)
                .thenCompose(
                        live -> {
                            NodeRecord r = live.get(node);
                            if (r != null && ControlSeal.verify(message, r.key())) {
                                return check(new ControlHandler.Received(node, message, m));
                            }
                            return nodes.readSince(arrivedNanos)
                                    .thenCompose(
                                            again -> {
                                                NodeRecord s = again.get(node);
                                                if (s == null) {
                                                    return CompletableFuture.completedFuture(
                                                            Verdict.ignore("unknown_node"));
                                                }
                                                if (!ControlSeal.verify(message, s.key())) {
                                                    return CompletableFuture.completedFuture(
                                                            Verdict.ignore("bad_signature"));
                                                }
                                                return check(
                                                        new ControlHandler.Received(
                                                                node, message, m));
                                            });
                        });
    }

    private CompletableFuture<Verdict> check(ControlHandler.Received received) {
        try {
            return handler.check(received).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The verdict on a message whose checks failed: the store was down, or a bug. */
    private Verdict failed(Throwable err) {
        Throwable cause =
                err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof BrokerUnavailableException) {
            return Verdict.ignore("unverifiable");
        }
        log.error("checking a message on {} failed", channel, cause);
        return Verdict.ignore("failed");
    }

    /** Applies or counts the decided messages at the head of the queue, in arrival order. */
    private void drain() {
        synchronized (this) {
            if (draining) {
                again = true;
                return;
            }
            draining = true;
        }
        while (true) {
            Pending head;
            synchronized (this) {
                head = queue.peek();
                if (head == null || !head.verdict().isDone()) {
                    if (!again) {
                        draining = false;
                        return;
                    }
                    again = false;
                    continue;
                }
                queue.poll();
            }
            finish(head);
        }
    }

    private void finish(Pending p) {
        Verdict v = p.verdict().join();
        if (v.ignored() != null) {
            ignored(v.ignored(), p.node());
            return;
        }
        try {
            v.apply().run();
        } catch (RuntimeException e) {
            log.error("applying a message on {} from node {} failed", channel, p.node(), e);
        }
    }

    private void ignored(String reason, String node) {
        metrics.controlIgnored(name, reason);
        if (warned.add(reason)) {
            log.warn(
                    "ignored a message on {}: {} (from node {}); further ones are logged at DEBUG",
                    channel,
                    reason,
                    shown(node));
        } else {
            log.debug("ignored a message on {}: {} (from node {})", channel, reason, shown(node));
        }
    }

    /** A node id as logs show it: whoever published the message chose it, so it is cut short. */
    private static String shown(String node) {
        if (node == null) {
            return "?";
        }
        return node.length() <= 64 ? node : node.substring(0, 64) + "...";
    }
}
