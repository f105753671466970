package dev.redcast.server.presence;

import dev.redcast.server.presence.memory.MemoryPresenceStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (as the in-memory store it wraps). A presence store that delegates everything to a
 * {@link MemoryPresenceStore}; tests override the calls they want to hold, count or fail.
 */
public class ForwardingPresenceStore implements PresenceStore {
    private final MemoryPresenceStore delegate = new MemoryPresenceStore("n-test");

    @Override
    public void start() {}

    @Override
    public void online(String user, String clientId) {
        delegate.online(user, clientId);
    }

    @Override
    public void offline(String user, String clientId) {
        delegate.offline(user, clientId);
    }

    @Override
    public CompletableFuture<Boolean> join(String channel, String user, String clientId) {
        return delegate.join(channel, user, clientId);
    }

    @Override
    public CompletableFuture<Boolean> leave(String channel, String user, String clientId) {
        return delegate.leave(channel, user, clientId);
    }

    @Override
    public CompletableFuture<Set<String>> holders(String channel, String user) {
        return delegate.holders(channel, user);
    }

    @Override
    public CompletableFuture<Map<String, Integer>> members(String channel) {
        return delegate.members(channel);
    }

    @Override
    public CompletableFuture<List<String>> users() {
        return delegate.users();
    }

    @Override
    public CompletableFuture<List<String>> channelsOf(String user) {
        return delegate.channelsOf(user);
    }

    @Override
    public CompletableFuture<Map<String, Long>> subscriberCounts(List<String> channels) {
        return delegate.subscriberCounts(channels);
    }

    @Override
    public CompletableFuture<List<String>> remembered(String user) {
        return delegate.remembered(user);
    }

    @Override
    public CompletableFuture<Boolean> remember(String user, String channel, int limit) {
        return delegate.remember(user, channel, limit);
    }

    @Override
    public CompletableFuture<Void> forget(String user, String channel) {
        return delegate.forget(user, channel);
    }

    @Override
    public void close() {}
}
