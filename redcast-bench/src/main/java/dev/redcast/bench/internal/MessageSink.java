package dev.redcast.bench.internal;

/** Called by the publisher's thread only. Where the open-loop publisher sends messages. */
public interface MessageSink extends AutoCloseable {

    /**
     * Sends one message, waiting only when too many are unacknowledged.
     *
     * @return false when it could not be sent at all (counted as a publish error)
     */
    boolean publish(long seq, String channel, String payload) throws InterruptedException;

    /** Pushes out whatever {@link #publish} buffered. */
    void flush();

    /** Publishes refused or failed since the start. Any thread. */
    long errors();

    /** The first failure's description, or null. Any thread. */
    String firstError();

    @Override
    void close();
}
