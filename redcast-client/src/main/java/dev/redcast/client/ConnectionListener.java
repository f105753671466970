package dev.redcast.client;

/**
 * Receives every change of the connection state. Called on the client's callback thread like every
 * listener (see {@link RedcastClient}).
 */
@FunctionalInterface
public interface ConnectionListener {
    void onStateChange(ConnectionState state);
}
