package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.BackendPublish;
import dev.redcast.testkit.RedisServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Large Redis reads do not hold up publishes: a history page that takes seconds to arrive over a
 * thin link (a proxy limiting each connection's bandwidth) travels on the bulk connection, while
 * another client publishes every 10 ms on the command connection, and none of those publishes
 * fails. On a single shared connection the publishes queue behind the page and time out.
 */
class RedisIsolationIT {
    private static final String API_KEY = "backend-key";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** 400 messages of 10 KB: a 4 MB page, 10 s at 400 KB/s. */
    private static final int MESSAGES = 400;

    private static final long BYTES_PER_SECOND = 400_000;

    private RedisServer redis;
    private StallingProxy proxy;
    private RedcastServer node;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
        proxy = new StallingProxy(redis.port());
    }

    @AfterEach
    void stop() throws Exception {
        ticker.shutdownNow();
        if (node != null) {
            node.close();
        }
        proxy.close();
        redis.close();
    }

    @Test
    void hugeHistoryRead_inFlight_publishesEvery10ms_noneFails() throws Exception {
        node = start(TestNodes.config(proxy.uri()));
        fillHistory();
        proxy.limitDownstream(BYTES_PER_SECOND);

        CompletableFuture<HttpResponse<String>> read = readHistory();
        List<CompletableFuture<HttpResponse<String>>> publishes = publishUntil(read);

        HttpResponse<String> page = read.get(60, TimeUnit.SECONDS);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(page.body()).get("messages")).hasSize(MESSAGES);
        assertAllSucceeded(publishes);
        // The read took the link's time: had publishes shared it, they would have waited as long.
        assertThat(publishes.size()).isGreaterThan(300);
    }

    @Test
    void bulkReadTimingOut_rebuildsOnlyTheBulkConnection_publishesGoOn() throws Exception {
        node = start(TestNodes.config(proxy.uri()).redisReadTimeoutSeconds(2));
        fillHistory();
        long commandId = clientId("command");
        long bulkId = clientId("bulk");
        proxy.limitDownstream(BYTES_PER_SECOND);

        CompletableFuture<HttpResponse<String>> read = readHistory();
        List<CompletableFuture<HttpResponse<String>>> publishes = publishUntil(read);

        HttpResponse<String> page = read.get(60, TimeUnit.SECONDS);
        assertThat(page.statusCode()).isEqualTo(503);
        JsonNode error = MAPPER.readTree(page.body());
        assertThat(error.get("error").asText()).isEqualTo("internal");
        assertThat(error.get("message").asText())
                .isEqualTo(
                        "the history of channel 'big:page' is unavailable: redis did not answer"
                                + " in time");
        // Publishes go on through the read's timeout and its connection's rebuild.
        for (int i = 0; i < 100; i++) {
            publishes.add(publish(i));
        }
        assertAllSucceeded(publishes);
        proxy.limitDownstream(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> clientId("bulk") != bulkId);
        assertThat(clientId("command")).isEqualTo(commandId);
        String metrics = Http.get(node, "/metrics").body();
        assertThat(counter(metrics, "redcast_redis_timeouts_total", "bulk")).isEqualTo(1.0);
        assertThat(counter(metrics, "redcast_redis_timeouts_total", "command")).isEqualTo(0.0);
        // The rebuilt bulk connection serves reads again.
        assertThat(Http.send(historyRequest()).statusCode()).isEqualTo(200);
    }

    private RedcastServer start(dev.redcast.server.config.ServerConfig.Builder config) {
        RedcastServer n =
                RedcastServer.start(
                        config.nodeId("iso")
                                .apiKey(API_KEY)
                                .history(HistoryRule.parseList("big:*=1000/1h"))
                                .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(n, "/ready").statusCode() == 200);
        return n;
    }

    /** Stores the page straight into Redis, past the proxy. */
    private void fillHistory() {
        String payload = "x".repeat(10_000);
        // The node loads the function library when it connects; wait until Redis has it.
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> publishDirect(payload) != null);
        for (int i = 1; i < MESSAGES; i++) {
            publishDirect(payload);
        }
    }

    private List<Object> publishDirect(String payload) {
        return BackendPublish.publish(redis, "big:page", "big:page", payload, 1000, 3600, null);
    }

    private CompletableFuture<HttpResponse<String>> readHistory() {
        return HTTP.sendAsync(historyRequest(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest historyRequest() {
        return HttpRequest.newBuilder(Http.uri(node, "/api/history/big:page?limit=1000"))
                .header("Authorization", "Bearer " + API_KEY)
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    /** Publishes every 10 ms until {@code read} completes; the publishes' responses. */
    private List<CompletableFuture<HttpResponse<String>>> publishUntil(CompletableFuture<?> read) {
        List<CompletableFuture<HttpResponse<String>>> sent = new CopyOnWriteArrayList<>();
        ticker.scheduleAtFixedRate(
                () -> sent.add(publish(sent.size())), 0, 10, TimeUnit.MILLISECONDS);
        read.handle((r, err) -> null).join();
        ticker.shutdown();
        return sent;
    }

    private CompletableFuture<HttpResponse<String>> publish(int i) {
        String body =
                MAPPER.createObjectNode()
                        .put("channel", "ticks")
                        .put("payload", "t" + i)
                        .toString();
        HttpRequest req =
                HttpRequest.newBuilder(Http.uri(node, "/api/publish"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAllSucceeded(List<CompletableFuture<HttpResponse<String>>> sent) {
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.join();
            assertThat(r.statusCode()).as("publish answered %s", r.body()).isEqualTo(200);
        }
    }

    /** The id of this node's Redis connection named {@code redcast-iso-<connection>}. */
    private long clientId(String connection) {
        Matcher m =
                Pattern.compile("id=(\\d+) [^\\n]* name=redcast-iso-" + connection + " ")
                        .matcher((String) redis.command("CLIENT", "LIST"));
        assertThat(m.find()).as("connection %s in CLIENT LIST", connection).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double counter(String metrics, String name, String connection) {
        Matcher m =
                Pattern.compile(
                                "(?m)^"
                                        + name
                                        + "\\{connection=\""
                                        + connection
                                        + "\",?\\} (\\S+)$")
                        .matcher(metrics);
        assertThat(m.find()).as("%s{connection=%s} in %s", name, connection, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
