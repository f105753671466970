package dev.redcast.server.broker;

/** Thread-safe (immutable). The broker cannot serve the request now (for example Redis is down). */
public final class BrokerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
