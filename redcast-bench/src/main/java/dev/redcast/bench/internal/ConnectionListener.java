package dev.redcast.bench.internal;

import io.netty.channel.Channel;

/**
 * Implementations are thread-safe: every event loop calls them. What a benchmark connection reports
 * to its owner.
 */
interface ConnectionListener {

    /** The WebSocket handshake completed; the subscriptions are on their way. */
    void onOpen(int index, Channel channel);

    /** The connection could not be opened, or broke with an exception. */
    void onFailed(int index, Throwable cause);

    /** The server confirmed a subscription. */
    void onSubscribed(int index, String channel);

    /** The server acknowledged a {@code publish}. */
    void onPublished(int index);

    /**
     * The server sent an {@code error} frame.
     *
     * @param replyTo the command the error answers: {@link BenchSocketHandler#SUBSCRIBE_ID}, {@link
     *     BenchSocketHandler#PUBLISH_ID}, or -1 when it carries no id
     */
    void onError(int index, long replyTo, String code, String message);

    /** The server's {@code welcome} frame, to record which server was measured. */
    void onWelcome(int index, String node, String version);

    /**
     * The connection closed.
     *
     * @param closeCode the server's WebSocket close code, or -1 when it closed without one
     */
    void onClosed(int index, int closeCode, String reason);
}
