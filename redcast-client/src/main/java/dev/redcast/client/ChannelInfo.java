package dev.redcast.client;

import java.util.Objects;

/**
 * Thread-safe (immutable). One entry of the server's channel registry.
 *
 * @param description empty when the channel has none
 * @param subscribers connections subscribed on the server, -1 when the server did not say
 */
public record ChannelInfo(String name, String description, long subscribers) {
    public ChannelInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}
