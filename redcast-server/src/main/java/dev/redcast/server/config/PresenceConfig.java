package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.Glob;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). Presence settings: which channels announce {@code join}/{@code leave},
 * and how a node keeps the presence of its clients alive in a shared store.
 *
 * @param channels Redis globs of the channels with join/leave frames (empty: none)
 * @param refreshSeconds seconds between a node's refresh rounds
 * @param ttlSeconds seconds an entry lives without a refresh; a node that dies without saying
 *     goodbye loses its users within {@code ttlSeconds + refreshSeconds}
 */
public record PresenceConfig(List<String> channels, int refreshSeconds, int ttlSeconds) {
    public PresenceConfig {
        channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
        Setting.PRESENCE.check(channels);
        Setting.PRESENCE_REFRESH.check(refreshSeconds);
        Setting.PRESENCE_TTL.check(ttlSeconds);
        if (ttlSeconds <= refreshSeconds) {
            throw ConfigException.invalid(
                    Setting.PRESENCE_TTL,
                    String.valueOf(ttlSeconds),
                    "more than presence-refresh (" + refreshSeconds + " s), ideally 3 times it");
        }
    }

    /** Whether subscribers of {@code channel} get join and leave frames. */
    public boolean announces(String channel) {
        if (ChannelNames.isReserved(channel)) {
            return false;
        }
        for (String glob : channels) {
            if (Glob.matches(glob, channel)) {
                return true;
            }
        }
        return false;
    }
}
