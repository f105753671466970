package dev.redcast.server.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PresenceReadsTest {
    /** A store whose member reads stay pending until the test completes them. */
    private static final class SlowStore extends ForwardingPresenceStore {
        final AtomicInteger reads = new AtomicInteger();
        final List<CompletableFuture<Map<String, Integer>>> pending = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Map<String, Integer>> members(String channel) {
            reads.incrementAndGet();
            CompletableFuture<Map<String, Integer>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
    }

    @Test
    void concurrentReadsOfOneChannel_shareOneStoreRead() {
        SlowStore store = new SlowStore();
        PresenceReads reads = new PresenceReads(store, 60_000);
        List<CompletableFuture<Map<String, Integer>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(reads.members("popular"));
        }
        reads.members("other");
        assertThat(store.reads.get()).isEqualTo(2);

        store.pending.get(0).complete(Map.of("wael", 2));
        for (CompletableFuture<Map<String, Integer>> a : answers) {
            assertThat(a.join()).isEqualTo(Map.of("wael", 2));
        }
        // Within the window the finished read still answers.
        assertThat(reads.members("popular").join()).isEqualTo(Map.of("wael", 2));
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void afterTheWindow_aNewReadIsMade_andFailuresAreNotCached() {
        SlowStore store = new SlowStore();
        PresenceReads reads = new PresenceReads(store, 50);
        CompletableFuture<Map<String, Integer>> first = reads.members("c");
        store.pending.get(0).completeExceptionally(new BrokerUnavailableException("down"));
        assertThat(first).isCompletedExceptionally();

        reads.members("c");
        assertThat(store.reads.get()).isEqualTo(2);
        store.pending.get(1).complete(Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.cached() == 0);
        reads.members("c");
        assertThat(store.reads.get()).isEqualTo(3);
    }

    @Test
    void invalidate_makesTheNextCallerReadAgain() {
        SlowStore store = new SlowStore();
        PresenceReads reads = new PresenceReads(store, 60_000);
        reads.members("c");
        store.pending.get(0).complete(Map.of());
        reads.members("c");
        assertThat(store.reads.get()).isEqualTo(1);

        reads.invalidate("c");
        CompletableFuture<Map<String, Integer>> fresh = reads.members("c");
        assertThat(store.reads.get()).isEqualTo(2);
        store.pending.get(1).complete(Map.of("new", 1));
        assertThat(fresh.join()).isEqualTo(Map.of("new", 1));
    }

    @Test
    void memoryStore_firstJoinAndLastLeave() {
        MemoryPresenceStore s = new MemoryPresenceStore("n-test");
        assertThat(s.join("c", "u", "1").join()).isTrue();
        assertThat(s.join("c", "u", "2").join()).isFalse();
        assertThat(s.members("c").join()).isEqualTo(Map.of("u", 2));
        assertThat(s.leave("c", "u", "1").join()).isFalse();
        assertThat(s.leave("c", "u", "2").join()).isTrue();
        assertThat(s.leave("c", "u", "2").join()).isFalse();
        assertThat(s.members("c").join()).isEmpty();
    }
}
