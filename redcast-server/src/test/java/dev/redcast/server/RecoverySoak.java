package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;

/**
 * Confined to the test thread (the publisher runs on its own thread). The recovery soak: a steady
 * publisher, and one client that keeps disconnecting and resubscribing with {@code since}, on the
 * given nodes in turn; at the end the client must hold every offset exactly once, in order.
 */
final class RecoverySoak {
    /** Messages per pacing step; with {@link #STEP_NANOS} at most 2 500 messages a second. */
    private static final int BURST = 25;

    private static final long STEP_NANOS = 10_000_000;

    private final List<RedcastServer> nodes;
    private final String channel;
    private final int total;
    private final IntConsumer publish;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
    private final List<Long> got = new ArrayList<>();
    private String epoch;
    private int recoveries;

    /**
     * @param publish publishes message number {@code i} (1-based) and returns when it is stored
     */
    RecoverySoak(List<RedcastServer> nodes, String channel, int total, IntConsumer publish) {
        this.nodes = nodes;
        this.channel = channel;
        this.total = total;
        this.publish = publish;
    }

    /** Runs the soak with {@code cycles} disconnects and checks the offsets the client got. */
    void run(int cycles) throws InterruptedException {
        WsTestClient c = TestNodes.connect(nodes.get(0), "soak");
        c.sendJson("type", "subscribe", "channel", channel);
        JsonNode first = c.expect("subscribed");
        assertThat(first.get("offset").asLong()).isZero();
        // Nothing published yet: no epoch until the first message, which brings it (as clients do,
        // the position is learned from every message).
        assertThat(first.get("epoch").asText()).isEmpty();

        Thread publisher = new Thread(this::publishAll, "soak-publisher");
        publisher.start();
        try {
            int perCycle = total / (cycles + 1);
            for (int cycle = 0; cycle < cycles; cycle++) {
                receiveLive(c, Math.min(total, last() + perCycle * 2 / 3));
                c.close();
                int behind = Math.min(total, published.get() + perCycle / 3);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> published.get() >= behind || publisherFailure.get() != null);
                c = resubscribe(nodes.get((cycle + 1) % nodes.size()));
            }
            receiveLive(c, total);
            c.assertExhausted();
        } finally {
            c.close();
            publisher.join(30_000);
        }
        assertThat(publisherFailure.get()).isNull();
        assertThat(recoveries).isEqualTo(cycles);
        assertThat(got)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    }

    /** Sends {@code subscribe} with {@code since} and returns the {@code subscribed} reply. */
    static JsonNode subscribeSince(WsTestClient c, String channel, long offset, String epoch) {
        c.sendJson(
                "type",
                "subscribe",
                "channel",
                channel,
                "since",
                Map.of("offset", offset, "epoch", epoch));
        return c.expect("subscribed");
    }

    private long last() {
        return got.isEmpty() ? 0 : got.get(got.size() - 1);
    }

    private void publishAll() {
        try {
            for (int i = 1; i <= total; i++) {
                publish.accept(i);
                published.set(i);
                if (i % BURST == 0) {
                    LockSupport.parkNanos(STEP_NANOS);
                }
            }
        } catch (Throwable t) {
            publisherFailure.set(t);
        }
    }

    private void receiveLive(WsTestClient c, long upTo) {
        while (last() < upTo) {
            assertThat(publisherFailure.get()).isNull();
            JsonNode m = c.next(Duration.ofSeconds(15));
            assertThat(m.get("type").asText()).as("frame %s", m).isEqualTo("message");
            got.add(m.get("offset").asLong());
            epoch = m.get("epoch").asText();
        }
    }

    private WsTestClient resubscribe(RedcastServer node) {
        WsTestClient c = TestNodes.connect(node, "soak");
        JsonNode reply = subscribeSince(c, channel, last(), epoch);
        assertThat(reply.get("recovered").asBoolean()).as("reply %s", reply).isTrue();
        assertThat(reply.get("epoch").asText()).isEqualTo(epoch);
        reply.get("messages").forEach(m -> got.add(m.get("offset").asLong()));
        recoveries++;
        return c;
    }
}
