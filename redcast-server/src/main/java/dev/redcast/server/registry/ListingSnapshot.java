package dev.redcast.server.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe (immutable). A channel listing at one moment: some channels in a fixed order first
 * (the default channels), then the rest by name; each with its description and subscriber count.
 * Paged by {@link ListingCursor}.
 */
final class ListingSnapshot {
    private final List<ChannelPage.Entry> entries;
    // Position of each default channel; the entries after them are sorted by name.
    private final Map<String, Integer> defaultPositions;

    private ListingSnapshot(
            List<ChannelPage.Entry> entries, Map<String, Integer> defaultPositions) {
        this.entries = List.copyOf(entries);
        this.defaultPositions = Map.copyOf(defaultPositions);
    }

    /**
     * The listing of the channel registry.
     *
     * @param defaults the default channels, in order, without repeats
     * @param registered every registered channel and its description, sorted by name
     * @param counts the subscriber count of each channel (missing: 0)
     */
    static ListingSnapshot of(
            List<String> defaults, List<ChannelInfo> registered, Map<String, Long> counts) {
        Map<String, String> descriptions = new HashMap<>();
        for (ChannelInfo info : registered) {
            descriptions.put(info.name(), info.description());
        }
        List<ChannelPage.Entry> list = new ArrayList<>(defaults.size() + registered.size());
        Map<String, Integer> positions = new HashMap<>();
        for (String name : defaults) {
            positions.put(name, list.size());
            list.add(entry(name, descriptions.getOrDefault(name, ""), counts));
        }
        for (ChannelInfo info : registered) {
            if (!positions.containsKey(info.name())) {
                list.add(entry(info.name(), info.description(), counts));
            }
        }
        return new ListingSnapshot(list, positions);
    }

    /** A listing of {@code counts}' channels by name, without descriptions. */
    static ListingSnapshot byName(Map<String, Long> counts) {
        List<ChannelPage.Entry> list = new ArrayList<>(counts.size());
        new TreeMap<>(counts).forEach((name, n) -> list.add(new ChannelPage.Entry(name, "", n)));
        return new ListingSnapshot(list, Map.of());
    }

    private static ChannelPage.Entry entry(
            String name, String description, Map<String, Long> counts) {
        return new ChannelPage.Entry(name, description, counts.getOrDefault(name, 0L));
    }

    int size() {
        return entries.size();
    }

    /** Up to {@code limit} entries following the channel named {@code after} (null: the first). */
    ChannelPage page(String after, int limit) {
        int from = after == null ? 0 : startAfter(after);
        int to = from + Math.min(entries.size() - from, limit);
        String next = to < entries.size() ? ListingCursor.after(entries.get(to - 1).name()) : null;
        return new ChannelPage(entries.subList(from, to), next);
    }

    /** The position following {@code name}, whether or not it is still listed. */
    private int startAfter(String name) {
        Integer d = defaultPositions.get(name);
        if (d != null) {
            return d + 1;
        }
        // Binary search of the sorted part for the first name greater than the cursor's.
        int lo = defaultPositions.size();
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).name().compareTo(name) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
