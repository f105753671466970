package dev.redcast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Thread-safe. Queues every message, recovery event and connection state a client delivers, for
 * integration tests; {@link #assertExhausted()} in teardown proves nothing unexpected came.
 */
final class RecordingListener implements MessageListener, ConnectionListener {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    private volatile Thread callbackThread;

    @Override
    public void onMessage(Message message) {
        callbackThread = Thread.currentThread();
        messages.add(message);
    }

    @Override
    public void onRecovered(String channel, int missed) {
        events.add("recovered " + channel + " " + missed);
    }

    @Override
    public void onRecoveryFailed(String channel, StreamPosition current) {
        events.add("recovery failed " + channel);
    }

    @Override
    public void onSubscriptionFailed(String channel, RedcastException error) {
        events.add("subscription failed " + channel + " " + error.code());
    }

    @Override
    public void onStateChange(ConnectionState state) {
        states.add(state);
    }

    /** The next message, waiting up to 10 s. */
    Message next() throws InterruptedException {
        Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message within " + WAIT).isNotNull();
        return m;
    }

    /** Takes every message queued now. */
    List<Message> drain() {
        List<Message> all = new ArrayList<>();
        messages.drainTo(all);
        return all;
    }

    /** Takes every recovery event queued now. */
    List<String> drainEvents() {
        List<String> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    /** Takes every connection state queued now. */
    List<ConnectionState> drainStates() {
        List<ConnectionState> all = new ArrayList<>();
        states.drainTo(all);
        return all;
    }

    /** Skips states until one of {@code type} arrives (waiting up to 10 s for each). */
    <S extends ConnectionState> S awaitState(Class<S> type) throws InterruptedException {
        while (true) {
            ConnectionState s = states.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(s).as("a " + type.getSimpleName() + " state within " + WAIT).isNotNull();
            if (type.isInstance(s)) {
                return type.cast(s);
            }
        }
    }

    Thread callbackThread() {
        return callbackThread;
    }

    void assertExhausted() {
        assertThat(messages).as("unexpected messages").isEmpty();
        assertThat(events).as("unexpected recovery events").isEmpty();
    }
}
