package dev.redcast.server.registry;

import dev.redcast.server.presence.PresenceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Thread-safe. The channel list shown by the {@code channels} command and {@code GET /channels}:
 * the server's default channels, then every registered channel by name, each with its description
 * and its cluster-wide subscriber count (connections, from presence data), a page at a time.
 *
 * <p>Design: a listing reads the whole registry and a count for every channel in it, far too much
 * to do per request when anyone may ask (the HTTP listing needs no credentials). So pages are cut
 * from a snapshot of the whole listing, and a snapshot is refreshed only when asked for and at most
 * once per {@link #DEFAULT_REFRESH_MILLIS}: requests that arrive while a refresh runs wait for it
 * and share it, and requests within the window after it finished are answered from it. A refresh
 * reads the registry, which holds at most its cap, then counts subscribers {@value #COUNT_PAGE}
 * channels per store call, each call issued when the one before has answered: one listing never has
 * more than one command outstanding on the connection that publishes share. Failed refreshes are
 * kept for the window as well, so a failing store is not asked harder.
 */
public final class ChannelListing {
    /** The most often a node refreshes its snapshot: once per second (1 000 ms). */
    public static final long DEFAULT_REFRESH_MILLIS = 1000;

    /**
     * Channels per page when a request with a cursor names no {@code limit}: 100. A request with
     * neither gets the whole listing (at most the registry's cap), as before paging existed.
     */
    public static final int DEFAULT_PAGE = 100;

    /** Largest page a request may ask for: 1 000 channels. */
    public static final int MAX_PAGE = 1000;

    /** Channels whose subscribers are counted in one store call. */
    static final int COUNT_PAGE = 500;

    private final ChannelRegistry registry;
    private final PresenceStore presence;
    private final List<String> defaultChannels;
    private final long windowNanos;
    private final LongSupplier nanoClock;

    // Guarded by this: the latest refresh, finished or not; null before the first.
    private CompletableFuture<ListingSnapshot> latest;
    // Guarded by this: System.nanoTime() when latest finished; set before latest completes.
    private long finishedNanos;

    public ChannelListing(
            ChannelRegistry registry, PresenceStore presence, List<String> defaultChannels) {
        this(registry, presence, defaultChannels, DEFAULT_REFRESH_MILLIS, System::nanoTime);
    }

    ChannelListing(
            ChannelRegistry registry,
            PresenceStore presence,
            List<String> defaultChannels,
            long refreshMillis,
            LongSupplier nanoClock) {
        this.registry = registry;
        this.presence = presence;
        this.defaultChannels = List.copyOf(new LinkedHashSet<>(defaultChannels));
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(refreshMillis);
        this.nanoClock = nanoClock;
    }

    /**
     * One page of the listing, from a snapshot at most about a second old.
     *
     * @param cursor null for the first page, else the {@link ChannelPage#next()} of the page before
     * @param limit channels per page, 1 to {@link #MAX_PAGE}; null for {@link #DEFAULT_PAGE}, or
     *     for everything when {@code cursor} is null too
     * @throws IllegalArgumentException with a message for the client when the cursor or the limit
     *     is not acceptable
     */
    public CompletableFuture<ChannelPage> page(String cursor, Long limit) {
        Slice slice = Slice.of(cursor, limit);
        return snapshot().thenApply(slice::of);
    }

    /**
     * One page of {@code channels} (name to subscriber count) by name, paged by the rules of the
     * listing: for listings made elsewhere, such as the active channels of the admin API.
     *
     * @throws IllegalArgumentException as {@link #page(String, Long)}
     */
    public static ChannelPage pageOf(Map<String, Long> channels, String cursor, Long limit) {
        return Slice.of(cursor, limit).of(ListingSnapshot.byName(channels));
    }

    /**
     * Which part of a listing a request asks for: what follows {@code after}, {@code size} long.
     */
    private record Slice(String after, int size) {
        static Slice of(String cursor, Long limit) {
            int size = cursor == null && limit == null ? Integer.MAX_VALUE : pageSize(limit);
            return new Slice(cursor == null ? null : ListingCursor.name(cursor), size);
        }

        ChannelPage of(ListingSnapshot snapshot) {
            return snapshot.page(after, size);
        }
    }

    private static int pageSize(Long limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        return limit.intValue();
    }

    /** The current snapshot, refreshing it when the window has passed. */
    private CompletableFuture<ListingSnapshot> snapshot() {
        CompletableFuture<ListingSnapshot> mine;
        synchronized (this) {
            if (latest != null
                    && (!latest.isDone() || nanoClock.getAsLong() - finishedNanos < windowNanos)) {
                return latest;
            }
            mine = new CompletableFuture<>();
            latest = mine;
        }
        // Outside the lock: the registry may answer at once, and waiters run on completion.
        build().whenComplete(
                        (snapshot, err) -> {
                            synchronized (this) {
                                finishedNanos = nanoClock.getAsLong();
                            }
                            if (err != null) {
                                mine.completeExceptionally(err);
                            } else {
                                mine.complete(snapshot);
                            }
                        });
        return mine;
    }

    private CompletableFuture<ListingSnapshot> build() {
        CompletableFuture<List<ChannelInfo>> registered;
        try {
            registered = registry.list();
        } catch (RuntimeException e) {
            registered = CompletableFuture.failedFuture(e);
        }
        return registered.thenCompose(
                list -> {
                    LinkedHashSet<String> names = new LinkedHashSet<>(defaultChannels);
                    list.forEach(info -> names.add(info.name()));
                    return count(new ArrayList<>(names), 0, new HashMap<>())
                            .thenApply(counts -> ListingSnapshot.of(defaultChannels, list, counts));
                });
    }

    /** Counts {@code names} from {@code from} on into {@code counts}, one page per store call. */
    private CompletableFuture<Map<String, Long>> count(
            List<String> names, int from, Map<String, Long> counts) {
        if (from >= names.size()) {
            return CompletableFuture.completedFuture(counts);
        }
        int to = Math.min(names.size(), from + COUNT_PAGE);
        CompletableFuture<Map<String, Long>> page;
        try {
            page = presence.subscriberCounts(names.subList(from, to));
        } catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        return page.thenCompose(
                c -> {
                    counts.putAll(c);
                    return count(names, to, counts);
                });
    }
}
