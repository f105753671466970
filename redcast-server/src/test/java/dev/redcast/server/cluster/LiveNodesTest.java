package dev.redcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Reads of the node registry are shared and timed by their start. */
class LiveNodesTest {
    /** A registry whose reads wait until the test completes them, and are counted. */
    private static final class HeldRegistry implements NodeRegistry {
        final MemoryNodeRegistry records = new MemoryNodeRegistry();
        final List<CompletableFuture<Void>> reads = new ArrayList<>();

        @Override
        public CompletableFuture<Void> write(NodeRecord record) {
            return records.write(record);
        }

        @Override
        public CompletableFuture<List<NodeRecord>> nodes() {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            reads.add(gate);
            return gate.thenCompose(v -> records.nodes());
        }

        @Override
        public CompletableFuture<Void> remove(String id) {
            return records.remove(id);
        }
    }

    private final HeldRegistry registry = new HeldRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final LiveNodes nodes = new LiveNodes(registry, clock::get);

    private void write(String id) {
        registry.write(
                        new NodeRecord(
                                id,
                                "00",
                                System.currentTimeMillis(),
                                NodeStats.of("1.0", 0, 0, 0, Map.of())))
                .join();
    }

    @Test
    void callersDuringARead_shareIt() {
        write("a");
        CompletableFuture<Map<String, NodeRecord>> first = nodes.atMostOld(1000);
        CompletableFuture<Map<String, NodeRecord>> second = nodes.readSince(nodes.now());
        assertThat(registry.reads).hasSize(1);
        registry.reads.get(0).complete(null);
        assertThat(first.join()).containsOnlyKeys("a");
        assertThat(second.join()).containsOnlyKeys("a");
    }

    @Test
    void aFinishedReadAnswers_untilItIsOlderThanAsked() {
        write("a");
        CompletableFuture<Map<String, NodeRecord>> first = nodes.atMostOld(1000);
        registry.reads.get(0).complete(null);
        first.join();
        clock.addAndGet(500_000_000);
        assertThat(nodes.atMostOld(1000).join()).containsOnlyKeys("a");
        assertThat(registry.reads).hasSize(1);

        clock.addAndGet(600_000_000);
        write("b");
        CompletableFuture<Map<String, NodeRecord>> later = nodes.atMostOld(1000);
        assertThat(registry.reads).hasSize(2);
        registry.reads.get(1).complete(null);
        assertThat(later.join()).containsOnlyKeys("a", "b");
    }

    @Test
    void askingForAReadAfterTheRunningOneStarted_waitsForTheNextOne() {
        CompletableFuture<Map<String, NodeRecord>> running = nodes.atMostOld(1000);
        clock.incrementAndGet();
        write("late");
        CompletableFuture<Map<String, NodeRecord>> after = nodes.readSince(nodes.now());
        assertThat(registry.reads).hasSize(1);

        registry.reads.get(0).complete(null);
        assertThat(running.join()).containsOnlyKeys("late");
        assertThat(registry.reads).hasSize(2);
        assertThat(after).isNotDone();
        registry.reads.get(1).complete(null);
        assertThat(after.join()).containsOnlyKeys("late");
    }

    @Test
    void aFailedRead_isNotKept() {
        CompletableFuture<Map<String, NodeRecord>> failed = nodes.atMostOld(1000);
        registry.reads.get(0).completeExceptionally(new BrokerUnavailableException("down"));
        assertThat(failed).isCompletedExceptionally();

        write("a");
        CompletableFuture<Map<String, NodeRecord>> again = nodes.atMostOld(1000);
        assertThat(registry.reads).hasSize(2);
        registry.reads.get(1).complete(null);
        assertThat(again.join()).containsOnlyKeys("a");
    }
}
