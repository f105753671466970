package dev.redcast.client;

import java.time.Duration;

/**
 * Thread-safe (immutable). Where the client's connection is. The usual life: {@link Idle} → {@link
 * Connecting} → {@link Connected} → ({@link Reconnecting} → {@link Connecting} → {@link
 * Connected})* → {@link Closed}.
 */
public sealed interface ConnectionState {

    /** A short lower-case name for status lines: idle, connecting, connected, ... */
    String label();

    /** Built, {@link RedcastClient#connect()} not called yet. */
    record Idle() implements ConnectionState {
        @Override
        public String label() {
            return "idle";
        }
    }

    /**
     * Opening a connection.
     *
     * @param attempt 0 for the first connection, then the reconnect attempt number
     */
    record Connecting(int attempt) implements ConnectionState {
        @Override
        public String label() {
            return "connecting";
        }
    }

    /** The server's welcome arrived; subscriptions are being restored. */
    record Connected(Welcome welcome) implements ConnectionState {
        @Override
        public String label() {
            return "connected";
        }
    }

    /**
     * The connection was lost and the client waits {@code delay} before attempt {@code attempt}.
     *
     * @param closeCode the WebSocket close code of the lost connection (1006 when it just broke)
     * @param reason why it was lost
     */
    record Reconnecting(int attempt, Duration delay, int closeCode, String reason)
            implements ConnectionState {
        @Override
        public String label() {
            return "reconnecting";
        }
    }

    /**
     * The client will not reconnect: it was closed, the server sent a terminal close code, or the
     * first connection failed.
     *
     * @param closeCode the WebSocket close code (1000 when the application closed the client)
     */
    record Closed(int closeCode, String reason) implements ConnectionState {
        @Override
        public String label() {
            return "closed";
        }
    }
}
