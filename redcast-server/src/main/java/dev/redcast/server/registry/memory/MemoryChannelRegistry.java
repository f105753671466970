package dev.redcast.server.registry.memory;

import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/** Thread-safe (a concurrent sorted map). The registry of a single node, lost on restart. */
public final class MemoryChannelRegistry implements ChannelRegistry {
    private final ConcurrentSkipListMap<String, ChannelInfo> channels =
            new ConcurrentSkipListMap<>();

    @Override
    public CompletableFuture<List<ChannelInfo>> list() {
        return CompletableFuture.completedFuture(new ArrayList<>(channels.values()));
    }

    @Override
    public CompletableFuture<Boolean> create(ChannelInfo channel) {
        return CompletableFuture.completedFuture(
                channels.putIfAbsent(channel.name(), channel) == null);
    }

    @Override
    public CompletableFuture<Boolean> update(ChannelInfo channel) {
        return CompletableFuture.completedFuture(channels.replace(channel.name(), channel) != null);
    }

    @Override
    public CompletableFuture<Boolean> delete(String name) {
        return CompletableFuture.completedFuture(channels.remove(name) != null);
    }
}
