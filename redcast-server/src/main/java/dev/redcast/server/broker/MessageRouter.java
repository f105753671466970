package dev.redcast.server.broker;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.protocol.ChannelMessage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe. Where a broker hands the messages it receives: a message on a control channel goes
 * to that channel's own listener (whether it arrived through the channel or through a pattern that
 * matched it), every other message to the main listener, the hub. Brokers share it so that internal
 * traffic never reaches clients' fan-out, whatever the broker: a message on a reserved channel this
 * node does not listen to (another node's probe, presence events when this node has no presence)
 * goes nowhere.
 */
public final class MessageRouter implements BrokerListener {
    private final ConcurrentHashMap<String, BrokerListener> control = new ConcurrentHashMap<>();
    private volatile BrokerListener main;

    /** Sets the listener of every message that is not on a control channel. */
    public void main(BrokerListener listener) {
        this.main = listener;
    }

    /** Whether {@link #main} was set: the broker has been started. */
    public boolean started() {
        return main != null;
    }

    /** Sends the messages of control channel {@code channel} to {@code listener}. */
    public void control(String channel, BrokerListener listener) {
        control.put(channel, listener);
    }

    @Override
    public void onMessage(ChannelMessage message) {
        BrokerListener l = control.get(message.channel());
        if (l == null && !ChannelNames.isReserved(message.channel())) {
            l = main;
        }
        if (l != null) {
            l.onMessage(message);
        }
    }
}
