package dev.redcast.server.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.redcast.server.broker.TopicKey;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The batching of the hub's wishes into SUBSCRIBE / UNSUBSCRIBE
 * commands, against a recording fake of the pub/sub connection (this tests our batching, not Redis;
 * {@code RedisPubSubIT} covers the real thing).
 */
class PubSubSyncTest {
    private static final String PREFIX = "app:";

    /** A Redis future the test completes by hand. */
    static final class ManualFuture extends CompletableFuture<Void> implements RedisFuture<Void> {
        @Override
        public String getError() {
            return isCompletedExceptionally() ? "failed" : null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            return isDone();
        }
    }

    /** One recorded command: its name, its keys, and the future it returned. */
    record Call(String command, List<String> keys, ManualFuture future) {}

    /** Records pub/sub commands; any other method is a test failure. */
    static final class Recorder {
        final List<Call> calls = new ArrayList<>();

        @SuppressWarnings("unchecked")
        RedisPubSubAsyncCommands<byte[], byte[]> connection() {
            return (RedisPubSubAsyncCommands<byte[], byte[]>)
                    Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {RedisPubSubAsyncCommands.class},
                            (proxy, method, args) -> {
                                switch (method.getName()) {
                                    case "subscribe",
                                            "psubscribe",
                                            "unsubscribe",
                                            "punsubscribe" -> {
                                        List<String> keys =
                                                Arrays.stream((byte[][]) args[0])
                                                        .map(
                                                                b ->
                                                                        new String(
                                                                                b,
                                                                                StandardCharsets
                                                                                        .UTF_8))
                                                        .toList();
                                        ManualFuture f = new ManualFuture();
                                        calls.add(new Call(method.getName(), keys, f));
                                        return f;
                                    }
                                    case "toString" -> {
                                        return "recording pub/sub connection";
                                    }
                                    case "hashCode" -> {
                                        return System.identityHashCode(proxy);
                                    }
                                    case "equals" -> {
                                        return proxy == args[0];
                                    }
                                    default ->
                                            throw new AssertionError(
                                                    "unexpected call " + method.getName());
                                }
                            });
        }

        Call only() {
            assertThat(calls).hasSize(1);
            return calls.get(0);
        }

        void completeAll() {
            calls.forEach(c -> c.future().complete(null));
        }
    }

    private final PubSubSync sync = new PubSubSync(PREFIX);
    private final Recorder redis = new Recorder();

    private CompletableFuture<Void> want(TopicKey key) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        sync.want(key, f);
        return f;
    }

    @Test
    void attach_withNothingDesired_sendsNothing_andIsDone() {
        assertThat(sync.attach(redis.connection())).isCompleted();
        assertThat(redis.calls).isEmpty();
    }

    @Test
    void burstOfWants_becomesOneSubscribeWithAllKeys_andOnePsubscribe() {
        sync.attach(redis.connection());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            futures.add(want(TopicKey.channel(name)));
        }
        futures.add(want(TopicKey.pattern("news:*")));
        assertThat(sync.hasDirty()).isTrue();
        assertThat(redis.calls).as("nothing before the flush").isEmpty();

        sync.flush();
        assertThat(sync.hasDirty()).isFalse();
        assertThat(redis.calls)
                .extracting(Call::command, Call::keys)
                .containsExactly(
                        tuple("subscribe", List.of("app:a", "app:b", "app:c")),
                        tuple("psubscribe", List.of("app:news:*")));
        assertThat(sync.channelCount()).isEqualTo(3);
        assertThat(sync.patternCount()).isEqualTo(1);

        assertThat(futures)
                .as("not flowing before Redis acknowledged")
                .noneMatch(CompletableFuture::isDone);
        redis.calls.get(0).future().complete(null);
        assertThat(futures.subList(0, 3)).allMatch(CompletableFuture::isDone);
        assertThat(futures.get(3)).isNotDone();
        redis.calls.get(1).future().complete(null);
        assertThat(futures.get(3)).isCompleted();
    }

    @Test
    void wantThenUnwant_beforeFlush_sendsNothing_andCompletesTheWaiter() {
        sync.attach(redis.connection());
        CompletableFuture<Void> f = want(TopicKey.channel("blink"));
        sync.unwant(TopicKey.channel("blink"));
        sync.flush();
        assertThat(redis.calls).isEmpty();
        assertThat(f).isCompleted();
        assertThat(sync.channelCount()).isZero();
    }

    @Test
    void wantOfAlreadySubscribedKey_sendsNothing_andCompletesWithTheEarlierAck() {
        sync.attach(redis.connection());
        want(TopicKey.channel("a"));
        sync.flush();
        CompletableFuture<Void> second = want(TopicKey.channel("a"));
        sync.flush();
        assertThat(redis.calls).hasSize(1);
        assertThat(second).isNotDone();
        redis.completeAll();
        assertThat(second).isCompleted();
    }

    @Test
    void unwantAfterSubscribe_sendsOneUnsubscribe_perKind() {
        sync.attach(redis.connection());
        want(TopicKey.channel("a"));
        want(TopicKey.channel("b"));
        want(TopicKey.pattern("p*"));
        sync.flush();
        redis.completeAll();
        redis.calls.clear();

        sync.unwant(TopicKey.channel("a"));
        sync.unwant(TopicKey.channel("b"));
        sync.unwant(TopicKey.pattern("p*"));
        sync.flush();
        assertThat(redis.calls)
                .extracting(Call::command, Call::keys)
                .containsExactly(
                        tuple("unsubscribe", List.of("app:a", "app:b")),
                        tuple("punsubscribe", List.of("app:p*")));
    }

    @Test
    void unwantThenWantAgain_beforeFlush_sendsNothing() {
        sync.attach(redis.connection());
        want(TopicKey.channel("a"));
        sync.flush();
        redis.completeAll();
        redis.calls.clear();
        sync.unwant(TopicKey.channel("a"));
        CompletableFuture<Void> again = want(TopicKey.channel("a"));
        sync.flush();
        assertThat(redis.calls).isEmpty();
        assertThat(again).isCompleted();
    }

    @Test
    void manyKeys_areSentInChunks() {
        sync.attach(redis.connection());
        int n = PubSubSync.CHUNK * 2 + 7;
        for (int i = 0; i < n; i++) {
            want(TopicKey.channel("c" + i));
        }
        sync.flush();
        assertThat(redis.calls)
                .extracting(c -> c.keys().size())
                .containsExactly(PubSubSync.CHUNK, PubSubSync.CHUNK, 7);
        assertThat(redis.calls).allMatch(c -> c.command().equals("subscribe"));
    }

    @Test
    void attach_afterReconnect_resendsEverythingDesired_andCompletesWhenAcknowledged() {
        sync.attach(redis.connection());
        want(TopicKey.channel("a"));
        want(TopicKey.pattern("p*"));
        want(TopicKey.channel("dropped"));
        sync.flush();
        redis.completeAll();
        sync.unwant(TopicKey.channel("dropped"));
        sync.flush();

        sync.detach();
        Recorder fresh = new Recorder();
        CompletableFuture<Void> restored = sync.attach(fresh.connection());
        assertThat(fresh.calls)
                .extracting(Call::command, Call::keys)
                .containsExactlyInAnyOrder(
                        tuple("subscribe", List.of("app:a")),
                        tuple("psubscribe", List.of("app:p*")));
        assertThat(restored).isNotDone();
        fresh.completeAll();
        assertThat(restored).isCompleted();
    }

    @Test
    void whileDetached_wantsCompleteAtOnce_andAreSentOnAttach() {
        CompletableFuture<Void> f = want(TopicKey.channel("early"));
        sync.flush();
        assertThat(f).as("interest is kept while Redis is down").isCompleted();
        sync.attach(redis.connection());
        assertThat(redis.only().keys()).containsExactly("app:early");
    }

    @Test
    void failedSubscribe_stillReleasesWaiters_andIsRetriedOnReattach() {
        sync.attach(redis.connection());
        CompletableFuture<Void> f = want(TopicKey.channel("a"));
        sync.flush();
        redis.only().future().completeExceptionally(new IllegalStateException("connection lost"));
        assertThat(f).isCompleted();

        sync.detach();
        Recorder fresh = new Recorder();
        sync.attach(fresh.connection());
        assertThat(fresh.only().keys()).containsExactly("app:a");
    }
}
