package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.client.ConnectionListener;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.Message;
import dev.redcast.client.MessageListener;
import dev.redcast.client.PresenceListener;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import java.util.ArrayDeque;

/**
 * Confined to the test thread (the tests run callbacks inline). Records every callback as a line of
 * text; tests take them in order and {@link #assertExhausted()} proves nothing else happened.
 */
final class Recorder implements MessageListener, PresenceListener, ConnectionListener {
    private final ArrayDeque<String> events = new ArrayDeque<>();

    @Override
    public void onMessage(Message m) {
        events.add(
                "message "
                        + m.channel()
                        + " "
                        + (m.isBinary() ? "<binary>" : m.payload())
                        + (m.offset() != null ? " @" + m.offset() : ""));
    }

    @Override
    public void onRecovered(String channel, int missed) {
        events.add("recovered " + channel + " " + missed);
    }

    @Override
    public void onRecoveryFailed(String channel, StreamPosition current) {
        events.add("recovery failed " + channel + " " + current);
    }

    @Override
    public void onSubscriptionFailed(String channel, RedcastException error) {
        events.add("subscription failed " + channel + " " + error.code());
    }

    @Override
    public void onJoin(String channel, String user) {
        events.add("join " + channel + " " + user);
    }

    @Override
    public void onLeave(String channel, String user) {
        events.add("leave " + channel + " " + user);
    }

    @Override
    public void onStateChange(ConnectionState state) {
        events.add("state " + describe(state));
    }

    static String describe(ConnectionState state) {
        if (state instanceof ConnectionState.Reconnecting r) {
            return "reconnecting "
                    + r.attempt()
                    + " "
                    + r.delay().toMillis()
                    + "ms "
                    + r.closeCode();
        }
        if (state instanceof ConnectionState.Closed c) {
            return "closed " + c.closeCode();
        }
        if (state instanceof ConnectionState.Connecting c) {
            return "connecting " + c.attempt();
        }
        return state.label();
    }

    /** Takes the next event, which must equal {@code expected}. */
    void expect(String expected) {
        assertThat(events).as("recorded events").isNotEmpty();
        assertThat(events.poll()).isEqualTo(expected);
    }

    void assertExhausted() {
        assertThat(events).as("unexpected events").isEmpty();
    }
}
