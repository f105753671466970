package dev.redcast.server.broker;

import dev.redcast.server.protocol.ChannelMessage;

/**
 * Called by a broker from its own threads; implementations must be thread-safe and must not block.
 * For one subscription connection, messages arrive in the order the broker received them.
 */
public interface BrokerListener {
    /** A message for a topic this node declared interest in. */
    void onMessage(ChannelMessage message);
}
