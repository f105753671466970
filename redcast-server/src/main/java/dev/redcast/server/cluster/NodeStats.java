package dev.redcast.server.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Thread-safe (immutable). What a node reports about itself in its liveness record.
 *
 * @param version the node's redcast version
 * @param startedMillis when the node started (epoch milliseconds)
 * @param connections open WebSocket connections
 * @param subscriptions client subscriptions (channels and patterns)
 * @param channelCount channels (not patterns) with a local subscriber
 * @param channels up to {@link #MAX_CHANNELS} of them, those with the most local subscribers, and
 *     how many each has; complete when {@code channelCount} is no larger
 */
public record NodeStats(
        String version,
        long startedMillis,
        long connections,
        long subscriptions,
        int channelCount,
        Map<String, Integer> channels) {
    /**
     * Channels a record lists at most: 1 000. Keeps a record (rewritten every few seconds, read by
     * every listing) to some tens of kilobytes however many channels a node serves.
     */
    public static final int MAX_CHANNELS = 1000;

    public NodeStats {
        Objects.requireNonNull(version, "version");
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        if (channels.size() > MAX_CHANNELS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_CHANNELS + " channels, got " + channels.size());
        }
    }

    /**
     * The stats of a node whose channels with a local subscriber are {@code all}: the {@link
     * #MAX_CHANNELS} with the most subscribers are kept (ties by name).
     */
    public static NodeStats of(
            String version,
            long startedMillis,
            long connections,
            long subscriptions,
            Map<String, Integer> all) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(all.entrySet());
        if (sorted.size() > MAX_CHANNELS) {
            sorted.sort(
                    Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()));
            sorted = sorted.subList(0, MAX_CHANNELS);
        }
        Map<String, Integer> kept = new LinkedHashMap<>();
        sorted.forEach(e -> kept.put(e.getKey(), e.getValue()));
        return new NodeStats(version, startedMillis, connections, subscriptions, all.size(), kept);
    }

    /** Whether {@link #channels} lists every channel with a local subscriber. */
    public boolean complete() {
        return channels.size() >= channelCount;
    }
}
