package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.config.ConnectionsConfig;
import dev.redcast.server.metrics.ServerMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread (one test runs threads of its own). What each connection limit
 * admits, what a refusal answers, and that counts are taken all or none and given back once.
 */
class ConnectionLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress A = address(2);
    private static final InetAddress B = address(3);

    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void tearDown() {
        metrics.close();
    }

    @Test
    void nodeFull_is503LimitExceeded_untilAConnectionIsGivenBack() throws Exception {
        ConnectionLimits limits = limits(2, 0, 0, 0);
        assertThat(limits.take(A, "u1")).isNull();
        assertThat(limits.take(B, "u2")).isNull();

        HttpResult refusal = limits.take(B, "u3");

        assertThat(refusal.status()).isEqualTo(503);
        JsonNode body = JSON.readTree(refusal.body());
        assertThat(body.get("error").asText()).isEqualTo("limit_exceeded");
        assertThat(body.get("message").asText()).contains("node full: 2 WebSocket connections");
        assertThat(metrics.scrape())
                .contains("redcast_connections_refused_total{reason=\"node\"} 1.0");
        limits.give(A, "u1");
        assertThat(limits.take(B, "u3")).isNull();
    }

    @Test
    void tooManyFromOneAddress_is429_whileOtherAddressesConnect() throws Exception {
        ConnectionLimits limits = limits(0, 0, 2, 0);
        assertThat(limits.take(A, "u1")).isNull();
        assertThat(limits.take(A, "u2")).isNull();

        HttpResult refusal = limits.take(A, "u3");

        assertThat(refusal.status()).isEqualTo(429);
        JsonNode body = JSON.readTree(refusal.body());
        assertThat(body.get("error").asText()).isEqualTo("too_many_requests");
        assertThat(body.get("message").asText()).contains("127.0.0.2");
        assertThat(limits.take(B, "u3")).isNull();
        assertThat(metrics.scrape())
                .contains("redcast_connections_refused_total{reason=\"ip\"} 1.0");
    }

    @Test
    void tooManyForOneUser_is429_andGivesBackTheCountsItTookBeforeRefusing() throws Exception {
        ConnectionLimits limits = limits(3, 1, 2, 0);
        assertThat(limits.take(A, "wael")).isNull();

        HttpResult refusal = limits.take(A, "wael");

        assertThat(refusal.status()).isEqualTo(429);
        assertThat(JSON.readTree(refusal.body()).get("message").asText()).contains("wael");
        assertThat(limits.webSockets()).isEqualTo(1);
        // The refused attempt holds neither a node nor an address slot.
        assertThat(limits.take(A, "mazen")).isNull();
        assertThat(limits.take(B, "nour")).isNull();
        assertThat(metrics.scrape())
                .contains("redcast_connections_refused_total{reason=\"user\"} 1.0");
    }

    @Test
    void zero_meansNoLimit() {
        ConnectionLimits limits = limits(0, 0, 0, 0);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limits.take(A, "same")).isNull();
            assertThat(limits.acquireHttp()).isTrue();
        }
        assertThat(limits.webSockets()).isEqualTo(10_000);
    }

    @Test
    void httpCap_refusesBeyondIt_andAReleasedSlotIsFreeAgain() {
        ConnectionLimits limits = limits(0, 0, 0, 2);
        assertThat(limits.acquireHttp()).isTrue();
        assertThat(limits.acquireHttp()).isTrue();

        assertThat(limits.acquireHttp()).isFalse();
        assertThat(limits.httpConnections()).isEqualTo(2);
        limits.releaseHttp();

        assertThat(limits.acquireHttp()).isTrue();
        assertThat(metrics.scrape())
                .contains("redcast_connections_refused_total{reason=\"http\"} 1.0");
    }

    @Test
    void admitted_channel_givesItsCountsBackOnceWhenItCloses() {
        ConnectionLimits limits = limits(1, 1, 1, 0);
        EmbeddedChannel channel = new EmbeddedChannel();

        assertThat(limits.admit(channel, "wael")).isNull();
        assertThat(limits.admit(new EmbeddedChannel(), "wael")).isNotNull();
        channel.close();
        channel.close();

        assertThat(limits.webSockets()).isZero();
        assertThat(limits.admit(new EmbeddedChannel(), "wael")).isNull();
        assertThat(limits.webSockets()).isEqualTo(1);
    }

    @Test
    void concurrentTakesAndGives_neverExceedTheLimit_andLeaveNothingBehind() throws Exception {
        int max = 8;
        ConnectionLimits limits = limits(max, max, max, 0);
        AtomicInteger mostSeen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 20_000; i++) {
                                        if (limits.take(A, "same") == null) {
                                            mostSeen.accumulateAndGet(
                                                    limits.webSockets(), Math::max);
                                            limits.give(A, "same");
                                        }
                                    }
                                }));
            }
            for (Future<?> f : threads) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostSeen.get()).isLessThanOrEqualTo(max);
        assertThat(limits.webSockets()).isZero();
        for (int i = 0; i < max; i++) {
            assertThat(limits.take(A, "same")).as("take %d after the race", i).isNull();
        }
    }

    private ConnectionLimits limits(int node, int perUser, int perIp, int http) {
        return new ConnectionLimits(
                new ConnectionsConfig(node, perUser, perIp, http, 10, 30), metrics);
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
