package dev.redcast.client.internal;

/**
 * Confined to the client's scheduler thread. One WebSocket connection attempt as the client core
 * sees it: text out, and events in through {@link Events}. A new connection is a new link, so
 * events from an old link can be recognised and ignored.
 */
public interface Link {
    /** Sends one text frame; a no-op once the link is closed. */
    void send(String text);

    /** Sends a close frame with {@code code} and closes; safe to call twice. */
    void close(int code, String reason);

    /** Opens links. */
    @FunctionalInterface
    interface Connector {
        /**
         * Starts connecting to the server with {@code token} (null for none); every event of the
         * returned link is delivered to {@code events} on the client's scheduler thread, and
         * exactly one of {@link Events#onFailed} and {@link Events#onClosed} ends it.
         */
        Link open(String token, Events events);
    }

    /** What happens to a link, called on the client's scheduler thread. */
    interface Events {
        /** The WebSocket upgrade succeeded. */
        void onOpen(Link link);

        /** A text frame arrived. */
        void onText(Link link, String text);

        /**
         * The connection ended after it was open.
         *
         * @param code the close code from the server's close frame, or 1006 when none arrived
         */
        void onClosed(Link link, int code, String reason);

        /** The connection could not be opened (TCP, TLS or a refused upgrade). */
        void onFailed(Link link, Throwable cause);
    }
}
