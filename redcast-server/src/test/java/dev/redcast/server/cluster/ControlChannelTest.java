package dev.redcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.cluster.ControlHandler.Verdict;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The checks of a control channel over the embedded broker: only
 * messages sealed by a live node, recently, reach the handler, in the order they arrived.
 */
class ControlChannelTest {
    private static final String CHANNEL = "__redcast:test";

    private final MemoryBroker broker = new MemoryBroker();
    private final MemoryNodeRegistry registry = new MemoryNodeRegistry();
    private final ServerMetrics metrics = new ServerMetrics();
    private final ControlSeal self = ControlSeal.generate("self");
    private final ControlSeal other = ControlSeal.generate("other");
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Verdict>> held = new ConcurrentHashMap<>();
    private ControlChannel channel;

    /** Applies every message by appending its "text"; a text in {@link #held} waits for it. */
    private final ControlHandler handler =
            new ControlHandler() {
                @Override
                public CompletionStage<Verdict> check(Received m) {
                    String text = m.json().path("text").asText();
                    Verdict apply = Verdict.apply(() -> applied.add(m.node() + ":" + text));
                    CompletableFuture<Verdict> wait = held.get(text);
                    return wait == null ? CompletableFuture.completedFuture(apply) : wait;
                }
            };

    @BeforeEach
    void start() {
        broker.start(m -> {});
        write(other);
        channel =
                new Cluster(broker, self, new LiveNodes(registry), metrics)
                        .channel("test", handler);
        channel.start().join();
    }

    @AfterEach
    void stop() {
        broker.close();
        metrics.close();
    }

    private void write(ControlSeal node) {
        registry.write(
                        new NodeRecord(
                                node.nodeId(),
                                node.key(),
                                System.currentTimeMillis(),
                                NodeStats.of("1.0", 0, 0, 0, Map.of())))
                .join();
    }

    private static ObjectNode message(String text) {
        return JsonNodeFactory.instance.objectNode().put("type", "test").put("text", text);
    }

    private void publish(byte[] raw) {
        broker.publish(CHANNEL, raw, null).join();
    }

    private void publish(String raw) {
        publish(raw.getBytes(StandardCharsets.UTF_8));
    }

    private double ignored(String reason) {
        String line = "redcast_control_ignored_total{channel=\"test\",reason=\"" + reason + "\"} ";
        return metrics.scrape()
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(line.length())))
                .sum();
    }

    @Test
    void messageSealedByALiveNode_isApplied() {
        publish(other.seal(message("hi"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.equals(List.of("other:hi")));
    }

    @Test
    void ownMessage_isApplied_withoutARecord() {
        channel.publish(message("mine")).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.equals(List.of("self:mine")));
    }

    @Test
    void unknownNode_isIgnoredAndCounted() {
        publish(ControlSeal.generate("made-up").seal(message("x"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("unknown_node") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void liveNodeIdWithAnotherKey_isIgnoredAsBadSignature() {
        publish(ControlSeal.generate("other").seal(message("x"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("bad_signature") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void unsignedMessageNamingALiveNode_isIgnored() {
        publish(
                "{\"type\":\"test\",\"text\":\"x\",\"node\":\"other\",\"at\":"
                        + System.currentTimeMillis()
                        + ",\"sig\":\"AAAA\"}");
        publish("{\"type\":\"test\",\"text\":\"x\",\"node\":\"other\"}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ignored("bad_signature") == 1 && ignored("malformed") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void sealedMessageChangedOnTheWay_isIgnored() {
        String sealed =
                new String(
                        other.seal(message("small"), System.currentTimeMillis()),
                        StandardCharsets.UTF_8);
        publish(sealed.replace("small", "large"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("bad_signature") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void garbage_isIgnoredAsMalformed() {
        publish("not json");
        publish("[1,2]");
        publish("{\"type\":\"test\"}");
        publish(new byte[ControlChannel.MAX_BYTES + 1]);
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("malformed") == 4);
        assertThat(applied).isEmpty();
    }

    @Test
    void messageOlderThanTheSkew_isIgnoredAsStale() {
        publish(
                other.seal(
                        message("old"),
                        System.currentTimeMillis() - ControlSeal.MAX_SKEW_MILLIS - 1000));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("stale") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void nodeThatWroteItsRecordAfterTheLastRead_isFound() {
        publish(other.seal(message("first"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 1);
        ControlSeal late = ControlSeal.generate("late");
        write(late);
        publish(late.seal(message("hello"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> applied.equals(List.of("other:first", "late:hello")));
    }

    @Test
    void messagesAreApplied_inArrivalOrder_whateverOrderTheirChecksFinish() {
        CompletableFuture<Verdict> slow = new CompletableFuture<>();
        held.put("one", slow);
        publish(other.seal(message("one"), System.currentTimeMillis()));
        publish(other.seal(message("two"), System.currentTimeMillis()));
        publish("garbage");
        publish(other.seal(message("three"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("malformed") == 1);
        assertThat(applied).isEmpty();

        slow.complete(Verdict.apply(() -> applied.add("other:one")));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> applied.equals(List.of("other:one", "other:two", "other:three")));
    }

    @Test
    void handlerVerdict_ignoresWithItsReason() {
        held.put("no", CompletableFuture.completedFuture(Verdict.ignore("not_held")));
        publish(other.seal(message("no"), System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("not_held") == 1);
        assertThat(applied).isEmpty();
    }

    @Test
    void beyondThePendingBound_newMessagesAreIgnoredAsOverflow() {
        held.put("stuck", new CompletableFuture<>());
        byte[] stuck = other.seal(message("stuck"), System.currentTimeMillis());
        for (int i = 0; i < ControlChannel.MAX_PENDING + 3; i++) {
            publish(stuck);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ignored("overflow") == 3);
    }
}
