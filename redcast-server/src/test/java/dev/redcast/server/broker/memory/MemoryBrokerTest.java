package dev.redcast.server.broker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import dev.redcast.server.protocol.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. The embedded broker hands publishes straight to its listener. */
class MemoryBrokerTest {
    private final List<ChannelMessage> received = new ArrayList<>();
    private final MemoryBroker broker = new MemoryBroker();

    @Test
    void publish_reachesListener_withFromAndPayload() {
        broker.start(received::add);
        PublishResult r =
                broker.publish("news", "x".getBytes(StandardCharsets.UTF_8), "wael").join();
        assertThat(r.hasOffset()).isFalse();
        assertThat(received).hasSize(1);
        ChannelMessage m = received.get(0);
        assertThat(m.channel()).isEqualTo("news");
        assertThat(m.pattern()).isNull();
        assertThat(m.from()).isEqualTo("wael");
        assertThat(m.hasOffset()).isFalse();
        assertThat(m.payload()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void publish_matchingPattern_isDeliveredOncePerPattern_untilUnsubscribed() {
        broker.start(received::add);
        assertThat(broker.subscribe(TopicKey.pattern("news:*"))).isCompleted();
        broker.subscribe(TopicKey.pattern("*:eu"));
        broker.subscribe(TopicKey.pattern("sport:*"));
        broker.publish("news:eu", new byte[] {1}, null).join();
        assertThat(received)
                .extracting(ChannelMessage::pattern)
                .containsExactlyInAnyOrder(null, "news:*", "*:eu");
        received.clear();
        broker.unsubscribe(TopicKey.pattern("news:*"));
        broker.publish("news:eu", new byte[] {1}, null).join();
        assertThat(received)
                .extracting(ChannelMessage::pattern)
                .containsExactlyInAnyOrder(null, "*:eu");
    }

    @Test
    void publishWithAnIdempotencyKey_isDeliveredAndStoredOnce_retriesAnswerTheFirstResult() {
        MemoryBroker history =
                new MemoryBroker(HistoryRules.of(HistoryRule.parseList("h:*=10/1h")));
        history.start(received::add);
        IdempotencyKey key = IdempotencyKey.ofUser("wael", "order-1");
        PublishResult first = history.publish("h:a", new byte[] {1}, "wael", key).join();
        PublishResult retry = history.publish("h:a", new byte[] {1}, "wael", key).join();
        PublishResult live = history.publish("live", new byte[] {2}, null, key).join();
        PublishResult liveRetry = history.publish("live", new byte[] {2}, null, key).join();

        assertThat(first.replayed()).isFalse();
        assertThat(retry).isEqualTo(first.asReplay());
        assertThat(live).isEqualTo(PublishResult.LIVE_ONLY);
        assertThat(liveRetry.replayed()).isTrue();
        assertThat(received).extracting(ChannelMessage::channel).containsExactly("h:a", "live");
        assertThat(history.readLast("h:a", 10, null).join().messages()).hasSize(1);
        assertThat(history.replays()).isEqualTo(2);
        assertThat(history.idempotencyKeys()).isEqualTo(2);
    }

    @Test
    void closed_deliversNothing_andIsNotReady() {
        broker.start(received::add);
        assertThat(broker.ready()).isTrue();
        broker.close();
        broker.close();
        assertThat(broker.ready()).isFalse();
        broker.publish("news", new byte[] {1}, null).join();
        assertThat(received).isEmpty();
    }

    @Test
    void readsOfUnusedChannels_keepNoState_andAnswerTheEmptyPosition() {
        MemoryBroker history =
                new MemoryBroker(HistoryRules.of(HistoryRule.parseList("h:*=10/1h")));
        history.start(received::add);
        for (int i = 0; i < 100; i++) {
            assertThat(history.readLast("h:" + i, 10, null).join().position())
                    .isEqualTo(StreamPosition.EMPTY);
            assertThat(history.readAfter("h:x" + i, 0, 10).join().position())
                    .isEqualTo(StreamPosition.EMPTY);
        }
        assertThat(history.historyCount()).isZero();

        PublishResult first = history.publish("h:1", new byte[] {1}, null).join();
        assertThat(first.offset()).isEqualTo(1);
        assertThat(history.historyCount()).isEqualTo(1);
    }

    @Test
    void publish_textWithALoneSurrogate_isMarked_liveAndInHistory() {
        MemoryBroker history =
                new MemoryBroker(HistoryRules.of(HistoryRule.parseList("h:*=10/1h")));
        history.start(received::add);
        byte[] text = JsonBytes.textBytes("a\ud800b");

        history.publish("live", text, null).join();
        history.publish("h:1", text, "u").join();
        history.publish("h:1", "ok".getBytes(StandardCharsets.UTF_8), "u").join();

        assertThat(received).extracting(ChannelMessage::wtf8).containsExactly(true, true, false);
        assertThat(history.readLast("h:1", 10, null).join().messages())
                .extracting(ChannelMessage::wtf8)
                .containsExactly(true, false);
    }
}
