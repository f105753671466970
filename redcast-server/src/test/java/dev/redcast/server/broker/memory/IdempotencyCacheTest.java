package dev.redcast.server.broker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. At most one publish per channel and key within the window. */
class IdempotencyCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger published = new AtomicInteger();
    private final IdempotencyCache cache =
            new IdempotencyCache(Duration.ofSeconds(10), 3, now::get);

    private CompletableFuture<PublishResult> publish(String channel, IdempotencyKey key) {
        return cache.once(
                channel,
                key,
                () ->
                        CompletableFuture.completedFuture(
                                new PublishResult(published.incrementAndGet(), "e")));
    }

    @Test
    void retryWithinTheWindow_answersTheFirstResult_asAReplay_withoutPublishing() {
        PublishResult first = publish("c", IdempotencyKey.ofBackend("k")).join();
        PublishResult retry = publish("c", IdempotencyKey.ofBackend("k")).join();
        assertThat(first).isEqualTo(new PublishResult(1, "e", false));
        assertThat(retry).isEqualTo(new PublishResult(1, "e", true));
        assertThat(published).hasValue(1);
    }

    @Test
    void otherChannels_otherPublishers_andOtherKeys_areIndependent() {
        publish("c", IdempotencyKey.ofBackend("k")).join();
        assertThat(publish("d", IdempotencyKey.ofBackend("k")).join().replayed()).isFalse();
        assertThat(publish("c", IdempotencyKey.ofUser("api", "k")).join().replayed()).isFalse();
        assertThat(publish("c", IdempotencyKey.ofBackend("k2")).join().replayed()).isFalse();
        assertThat(published).hasValue(4);
    }

    @Test
    void afterTheWindow_theKeyPublishesAgain() {
        publish("c", IdempotencyKey.ofBackend("k")).join();
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(publish("c", IdempotencyKey.ofBackend("k")).join().replayed()).isTrue();
        now.addAndGet(1);
        assertThat(publish("c", IdempotencyKey.ofBackend("k")).join().replayed()).isFalse();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aFullCache_dropsTheOldestKey_andCountsIt() {
        for (String k : new String[] {"a", "b", "c", "d"}) {
            publish("ch", IdempotencyKey.ofBackend(k)).join();
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(publish("ch", IdempotencyKey.ofBackend("d")).join().replayed()).isTrue();
        // "a" was dropped early: its retry publishes again (and drops "b").
        assertThat(publish("ch", IdempotencyKey.ofBackend("a")).join().replayed()).isFalse();
        assertThat(cache.evictions()).isEqualTo(2);
    }

    @Test
    void aFailedPublish_givesItsKeyBack() {
        CompletableFuture<PublishResult> failed =
                cache.once(
                        "c",
                        IdempotencyKey.ofBackend("k"),
                        () ->
                                CompletableFuture.failedFuture(
                                        new BrokerUnavailableException("closed")));
        assertThat(failed).isCompletedExceptionally();
        assertThat(publish("c", IdempotencyKey.ofBackend("k")).join().replayed()).isFalse();
    }

    @Test
    void namespaces_cannotCollide_whateverTheUserNameHolds() {
        assertThat(IdempotencyKey.ofUser("a:b", "c").scoped())
                .isNotEqualTo(IdempotencyKey.ofUser("a", "b:c").scoped());
        assertThat(IdempotencyKey.ofUser("api", "k").scoped())
                .isNotEqualTo(IdempotencyKey.ofBackend("k").scoped());
    }
}
