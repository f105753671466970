package dev.redcast.server.presence.memory;

import dev.redcast.server.presence.PresenceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (every method holds this object's monitor, briefly and without I/O). Presence for the
 * embedded single-node broker: the same answers as the Redis store, kept in maps. Entries need no
 * expiry, as they die with the process that holds the connections.
 */
public final class MemoryPresenceStore implements PresenceStore {
    private final String nodeId;
    // Guarded by this: channel -> user -> client ids.
    private final Map<String, Map<String, Set<String>>> channels = new HashMap<>();
    // Guarded by this: user -> client ids online.
    private final Map<String, Set<String>> online = new HashMap<>();
    // Guarded by this: user -> remembered channels.
    private final Map<String, Set<String>> remembered = new HashMap<>();

    /**
     * @param nodeId the node this store serves, the holder of every entry
     */
    public MemoryPresenceStore(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void start() {}

    @Override
    public synchronized void online(String user, String clientId) {
        online.computeIfAbsent(user, u -> new TreeSet<>()).add(clientId);
    }

    @Override
    public synchronized void offline(String user, String clientId) {
        removeFrom(online, user, clientId);
    }

    @Override
    public synchronized CompletableFuture<Boolean> join(
            String channel, String user, String clientId) {
        Set<String> conns =
                channels.computeIfAbsent(channel, c -> new TreeMap<>())
                        .computeIfAbsent(user, u -> new TreeSet<>());
        boolean first = conns.isEmpty();
        conns.add(clientId);
        return CompletableFuture.completedFuture(first);
    }

    @Override
    public synchronized CompletableFuture<Boolean> leave(
            String channel, String user, String clientId) {
        Map<String, Set<String>> users = channels.get(channel);
        if (users == null || !users.containsKey(user)) {
            return CompletableFuture.completedFuture(false);
        }
        boolean removed = users.get(user).remove(clientId);
        boolean last = removeFrom(users, user, null);
        if (users.isEmpty()) {
            channels.remove(channel);
        }
        return CompletableFuture.completedFuture(removed && last);
    }

    @Override
    public synchronized CompletableFuture<Set<String>> holders(String channel, String user) {
        boolean held = channels.getOrDefault(channel, Map.of()).containsKey(user);
        return CompletableFuture.completedFuture(held ? Set.of(nodeId) : Set.of());
    }

    @Override
    public synchronized CompletableFuture<Map<String, Integer>> members(String channel) {
        Map<String, Integer> out = new LinkedHashMap<>();
        channels.getOrDefault(channel, Map.of()).forEach((u, conns) -> out.put(u, conns.size()));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<List<String>> users() {
        return CompletableFuture.completedFuture(new ArrayList<>(new TreeSet<>(online.keySet())));
    }

    @Override
    public synchronized CompletableFuture<List<String>> channelsOf(String user) {
        TreeSet<String> out = new TreeSet<>();
        channels.forEach(
                (channel, users) -> {
                    if (users.containsKey(user)) {
                        out.add(channel);
                    }
                });
        return CompletableFuture.completedFuture(new ArrayList<>(out));
    }

    @Override
    public synchronized CompletableFuture<Map<String, Long>> subscriberCounts(List<String> names) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : names) {
            long n = 0;
            for (Set<String> conns : channels.getOrDefault(name, Map.of()).values()) {
                n += conns.size();
            }
            out.put(name, n);
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<List<String>> remembered(String user) {
        return CompletableFuture.completedFuture(
                new ArrayList<>(remembered.getOrDefault(user, Set.of())));
    }

    @Override
    public synchronized CompletableFuture<Boolean> remember(
            String user, String channel, int limit) {
        Set<String> saved = remembered.get(user);
        if (saved != null && !saved.contains(channel) && saved.size() >= limit) {
            return CompletableFuture.completedFuture(false);
        }
        remembered.computeIfAbsent(user, u -> new TreeSet<>()).add(channel);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<Void> forget(String user, String channel) {
        removeFrom(remembered, user, channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}

    /** Removes {@code value} (if given) and drops the set once empty; true when it is gone. */
    private static boolean removeFrom(Map<String, Set<String>> map, String key, String value) {
        Set<String> set = map.get(key);
        if (set == null) {
            return true;
        }
        if (value != null) {
            set.remove(value);
        }
        if (set.isEmpty()) {
            map.remove(key);
            return true;
        }
        return false;
    }
}
