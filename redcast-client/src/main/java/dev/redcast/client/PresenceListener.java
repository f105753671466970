package dev.redcast.client;

/**
 * Receives {@code join} and {@code leave} frames for channels with presence. Called on the client's
 * callback thread like every listener (see {@link RedcastClient}).
 */
public interface PresenceListener {
    void onJoin(String channel, String user);

    void onLeave(String channel, String user);
}
