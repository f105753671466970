package dev.redcast.server.registry.memory;

import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Thread-safe (a concurrent sorted map; creations and deletions hold this object's monitor so the
 * cap is never overshot). The registry of a single node, lost on restart.
 */
public final class MemoryChannelRegistry implements ChannelRegistry {
    private final ConcurrentSkipListMap<String, ChannelInfo> channels =
            new ConcurrentSkipListMap<>();
    private final int maxChannels;
    // Written under this object's monitor; the map's own size() walks every entry.
    private volatile int size;

    /** A registry of at most {@link ChannelRegistry#MAX_CHANNELS} entries. */
    public MemoryChannelRegistry() {
        this(MAX_CHANNELS);
    }

    public MemoryChannelRegistry(int maxChannels) {
        if (maxChannels < 1) {
            throw new IllegalArgumentException("maxChannels must be >= 1, got " + maxChannels);
        }
        this.maxChannels = maxChannels;
    }

    @Override
    public CompletableFuture<List<ChannelInfo>> list() {
        return CompletableFuture.completedFuture(new ArrayList<>(channels.values()));
    }

    @Override
    public synchronized CompletableFuture<Created> create(ChannelInfo channel) {
        Created outcome;
        if (channels.containsKey(channel.name())) {
            outcome = Created.TAKEN;
        } else if (size >= maxChannels) {
            outcome = Created.FULL;
        } else {
            channels.put(channel.name(), channel);
            size++;
            outcome = Created.CREATED;
        }
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public CompletableFuture<Boolean> update(ChannelInfo channel) {
        return CompletableFuture.completedFuture(channels.replace(channel.name(), channel) != null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> delete(String name) {
        boolean removed = channels.remove(name) != null;
        if (removed) {
            size--;
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public int maxChannels() {
        return maxChannels;
    }

    @Override
    public long knownSize() {
        return size;
    }
}
