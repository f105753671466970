package dev.redcast.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.presence.ForwardingPresenceStore;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChannelListingTest {
    private static final long WINDOW_MILLIS = 1000;

    /** A registry whose listings stay pending while {@link #hold} is set, and are counted. */
    private static final class HeldRegistry implements ChannelRegistry {
        final MemoryChannelRegistry delegate = new MemoryChannelRegistry();
        final AtomicInteger lists = new AtomicInteger();
        final List<CompletableFuture<List<ChannelInfo>>> pending = new ArrayList<>();
        volatile boolean hold;
        volatile RuntimeException failure;

        @Override
        public synchronized CompletableFuture<List<ChannelInfo>> list() {
            lists.incrementAndGet();
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (!hold) {
                return delegate.list();
            }
            CompletableFuture<List<ChannelInfo>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        synchronized void release() {
            List<ChannelInfo> now = delegate.list().join();
            pending.forEach(f -> f.complete(now));
            pending.clear();
        }

        @Override
        public CompletableFuture<Created> create(ChannelInfo channel) {
            return delegate.create(channel);
        }

        @Override
        public CompletableFuture<Boolean> update(ChannelInfo channel) {
            return delegate.update(channel);
        }

        @Override
        public CompletableFuture<Boolean> delete(String name) {
            return delegate.delete(name);
        }

        @Override
        public int maxChannels() {
            return delegate.maxChannels();
        }

        @Override
        public long knownSize() {
            return delegate.knownSize();
        }
    }

    /** Records each count request and leaves it pending until the test answers it. */
    private static final class HeldCounts extends ForwardingPresenceStore {
        final List<List<String>> asked = new ArrayList<>();
        final List<CompletableFuture<Map<String, Long>>> pending = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Map<String, Long>> subscriberCounts(
                List<String> channels) {
            asked.add(List.copyOf(channels));
            CompletableFuture<Map<String, Long>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        /** Answers the one pending request from the in-memory store. */
        void answerOne() {
            CompletableFuture<Map<String, Long>> f;
            List<String> channels;
            synchronized (this) {
                assertThat(pending).hasSize(1);
                f = pending.remove(0);
                channels = asked.get(asked.size() - 1);
            }
            f.complete(super.subscriberCounts(channels).join());
        }

        synchronized int outstanding() {
            return pending.size();
        }
    }

    private final HeldRegistry registry = new HeldRegistry();
    private final AtomicLong clock = new AtomicLong();

    private ChannelListing listing(ForwardingPresenceStore presence, String... defaults) {
        return new ChannelListing(registry, presence, List.of(defaults), WINDOW_MILLIS, clock::get);
    }

    private void register(String... names) {
        for (String n : names) {
            assertThat(registry.create(new ChannelInfo(n, "about " + n)).join())
                    .isEqualTo(ChannelRegistry.Created.CREATED);
        }
    }

    private static List<String> names(ChannelPage page) {
        return page.channels().stream().map(ChannelPage.Entry::name).toList();
    }

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void concurrentRequests_shareOneRefresh() {
        register("a", "b");
        registry.hold = true;
        ChannelListing listing = listing(new ForwardingPresenceStore(), "general");
        List<CompletableFuture<ChannelPage>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(listing.page(null, null));
        }
        assertThat(registry.lists.get()).isEqualTo(1);
        assertThat(answers).noneMatch(CompletableFuture::isDone);

        registry.release();
        for (CompletableFuture<ChannelPage> a : answers) {
            assertThat(names(a.join())).containsExactly("general", "a", "b");
        }
        assertThat(registry.lists.get()).isEqualTo(1);
    }

    @Test
    void withinTheWindow_answersFromTheSnapshot_afterIt_refreshesOnce() {
        register("a");
        ChannelListing listing = listing(new ForwardingPresenceStore());
        assertThat(names(listing.page(null, null).join())).containsExactly("a");
        register("b");
        advance(WINDOW_MILLIS - 1);
        assertThat(names(listing.page(null, null).join())).containsExactly("a");
        assertThat(registry.lists.get()).isEqualTo(1);

        advance(1);
        for (int i = 0; i < 10; i++) {
            assertThat(names(listing.page(null, null).join())).containsExactly("a", "b");
        }
        assertThat(registry.lists.get()).isEqualTo(2);
    }

    @Test
    void subscriberCounts_areAskedAPageAtATime_oneOutstanding() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            all.add(String.format("ch%04d", i));
        }
        register(all.toArray(String[]::new));
        HeldCounts presence = new HeldCounts();
        presence.join("ch0007", "wael", "c1");
        presence.join("ch0007", "mazen", "c2");
        presence.join("general", "wael", "c1");
        ChannelListing listing = listing(presence, "general");

        CompletableFuture<ChannelPage> page = listing.page(null, 10L);
        while (!page.isDone()) {
            assertThat(presence.outstanding()).isEqualTo(1);
            presence.answerOne();
        }

        assertThat(presence.asked).hasSize(3);
        assertThat(presence.asked)
                .allSatisfy(
                        p -> assertThat(p.size()).isLessThanOrEqualTo(ChannelListing.COUNT_PAGE));
        List<String> counted = new ArrayList<>();
        presence.asked.forEach(counted::addAll);
        assertThat(counted).hasSize(1235).startsWith("general", "ch0000").endsWith("ch1233");
        assertThat(page.join().channels().get(0))
                .isEqualTo(new ChannelPage.Entry("general", "", 1));
        assertThat(page.join().channels().get(8))
                .isEqualTo(new ChannelPage.Entry("ch0007", "about ch0007", 2));
    }

    @Test
    void pagesFollowedByTheirCursors_concatenate_toTheWholeListing() {
        List<String> expected = new ArrayList<>(List.of("general", "random"));
        for (int i = 0; i < 50; i++) {
            String n = "room-" + (char) ('a' + i % 26) + i;
            register(n);
        }
        // A registered default channel is listed once, among the defaults, with its description.
        register("random");
        expected.addAll(
                registry.delegate.list().join().stream()
                        .map(ChannelInfo::name)
                        .filter(n -> !n.equals("random"))
                        .sorted()
                        .toList());
        ChannelListing listing = listing(new ForwardingPresenceStore(), "general", "random");

        List<ChannelPage.Entry> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ChannelPage page = listing.page(cursor, 7L).join();
            assertThat(page.channels()).hasSizeLessThanOrEqualTo(7);
            paged.addAll(page.channels());
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(8);
        assertThat(paged.stream().map(ChannelPage.Entry::name).toList()).isEqualTo(expected);
        assertThat(paged.get(1).description()).isEqualTo("about random");
        assertThat(paged).isEqualTo(listing.page(null, 1000L).join().channels());
    }

    @Test
    void aCursor_staysValidWhileChannelsComeAndGo() {
        register("b", "d", "f", "h");
        ChannelListing listing = listing(new ForwardingPresenceStore(), "general");
        ChannelPage first = listing.page(null, 3L).join();
        assertThat(names(first)).containsExactly("general", "b", "d");

        registry.delete("d").join();
        register("a", "e");
        advance(WINDOW_MILLIS);
        ChannelPage rest = listing.page(first.next(), 3L).join();

        assertThat(names(rest)).containsExactly("e", "f", "h");
        assertThat(rest.next()).isNull();
        // A cursor that ends among the default channels continues with the rest of them.
        ChannelListing two = listing(new ForwardingPresenceStore(), "general", "zz-default");
        assertThat(names(two.page(two.page(null, 1L).join().next(), 2L).join()))
                .containsExactly("zz-default", "a");
    }

    @Test
    void aBadLimitOrCursor_isRefusedWithAMessage_beforeAnyRead() {
        ChannelListing listing = listing(new ForwardingPresenceStore());
        assertThatThrownBy(() -> listing.page(null, 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> listing.page(null, 1001L))
                .hasMessage("limit must be between 1 and 1000, got 1001");
        for (String bad : new String[] {"", "not base64!", "x".repeat(2000), "="}) {
            assertThatThrownBy(() -> listing.page(bad, null))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "invalid cursor: pass the 'next' cursor of the previous page"
                                    + " unchanged");
        }
        assertThat(registry.lists.get()).isZero();
    }

    @Test
    void aFailedRefresh_answersItsWindow_thenTheStoreIsAskedAgain() {
        register("a");
        registry.failure = new BrokerUnavailableException("redis is unavailable");
        ChannelListing listing = listing(new ForwardingPresenceStore());
        assertThat(listing.page(null, null)).isCompletedExceptionally();
        assertThat(listing.page(null, null)).isCompletedExceptionally();
        assertThat(registry.lists.get()).isEqualTo(1);

        registry.failure = null;
        advance(WINDOW_MILLIS);
        assertThat(names(listing.page(null, null).join())).containsExactly("a");
        assertThat(registry.lists.get()).isEqualTo(2);
    }
}
