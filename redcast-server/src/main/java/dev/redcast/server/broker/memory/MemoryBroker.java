package dev.redcast.server.broker.memory;

import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.Glob;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.protocol.ChannelMessage;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe. The embedded single-node broker: a publish is handed straight to the hub on the
 * publishing thread. Channels need no bookkeeping (the hub drops messages nobody wants); patterns
 * with interest are matched with Redis glob rules.
 */
public final class MemoryBroker implements Broker {
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private volatile BrokerListener listener;
    private volatile boolean closed;

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> subscribe(TopicKey key) {
        if (key.pattern()) {
            patterns.add(key.name());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(TopicKey key) {
        if (key.pattern()) {
            patterns.remove(key.name());
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, byte[] payload, String from) {
        BrokerListener l = listener;
        if (l != null && !closed) {
            ChannelMessage m =
                    new ChannelMessage(
                            channel,
                            null,
                            payload,
                            System.currentTimeMillis(),
                            ChannelMessage.NO_OFFSET,
                            null,
                            from);
            l.onMessage(m);
            for (String p : patterns) {
                if (Glob.matches(p, channel)) {
                    l.onMessage(m.viaPattern(p));
                }
            }
        }
        return CompletableFuture.completedFuture(PublishResult.LIVE_ONLY);
    }

    @Override
    public boolean ready() {
        return !closed;
    }

    @Override
    public String describe() {
        return "embedded in-memory broker (single node)";
    }

    @Override
    public void close() {
        closed = true;
    }
}
