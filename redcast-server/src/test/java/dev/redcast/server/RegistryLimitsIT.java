package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel listing of a large registry against a real Redis: concurrent listings share one
 * bounded refresh instead of costing a Redis command per channel each, pages concatenate to the
 * whole listing over HTTP and over the socket, and the registry refuses entries past its cap.
 */
class RegistryLimitsIT {
    private static final String KEY = "k3y";
    private static final String HASH = "redcast:channels";
    private static final int CHANNELS = 5000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static RedisServer redis;
    private RedcastServer node;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNode() {
        redis.command("DEL", HASH);
        node =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .apiKey(KEY)
                                .defaultChannels(List.of("general"))
                                .build());
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    /** Registers {@code ch00000} ... directly in Redis, a thousand fields per command. */
    private static List<String> register(int n) {
        List<String> names = new ArrayList<>();
        for (int from = 0; from < n; from += 1000) {
            List<String> args = new ArrayList<>(List.of("HSET", HASH));
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                String name = String.format("ch%05d", i);
                names.add(name);
                args.add(name);
                args.add("channel number " + i);
            }
            redis.command(args.toArray(String[]::new));
        }
        return names;
    }

    @Test
    void concurrentListings_shareBoundedRefreshes_andAPublishIsStillAnswered() throws Exception {
        register(CHANNELS);
        // One listing first, so no refresh is in flight when counting starts.
        assertThat(Http.get(node.port(), "/channels").size()).isEqualTo(CHANNELS + 1);
        Map<String, Long> before = commandCalls();

        ExecutorService pool = Executors.newFixedThreadPool(21);
        CountDownLatch go = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            List<CompletableFuture<Integer>> listings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                listings.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    await(go);
                                    return Http.call(node.port(), "GET", "/channels", null, null)
                                            .status();
                                },
                                pool));
            }
            CompletableFuture<Integer> publish =
                    CompletableFuture.supplyAsync(
                            () -> {
                                await(go);
                                return HttpTestClient.publish(node, KEY, "general", "still here")
                                        .status();
                            },
                            pool);
            go.countDown();

            assertThat(publish.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            for (CompletableFuture<Integer> l : listings) {
                assertThat(l.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Map<String, Long> after = commandCalls();

        // At most one refresh per second: the first at once, then one per second that passed.
        long refreshes = 1 + (elapsedMillis + 999) / 1000;
        long zcounts = delta(before, after, "zcount");
        long roundTrips =
                delta(before, after, "eval")
                        + delta(before, after, "hscan")
                        + delta(before, after, "hlen");
        assertThat(zcounts)
                .as("subscriber counts in %d ms", elapsedMillis)
                .isLessThanOrEqualTo(refreshes * (CHANNELS + 1));
        // A refresh costs one HLEN, a few HSCAN pages and one script per 500 channels.
        assertThat(roundTrips)
                .as("listing round trips in %d ms", elapsedMillis)
                .isLessThanOrEqualTo(refreshes * 30);
    }

    @Test
    void pagesOverHttp_concatenateToTheWholeSortedListing() {
        List<String> expected = new ArrayList<>(List.of("general"));
        expected.addAll(register(CHANNELS));

        HttpResponse<String> whole = get("/channels");
        assertThat(json(whole).size())
                .as("no limit, no cursor: everything")
                .isEqualTo(CHANNELS + 1);
        assertThat(whole.headers().firstValue("X-Next-Cursor")).isEmpty();
        HttpResponse<String> first = get("/channels?limit=100");
        assertThat(json(first).size()).isEqualTo(100);
        String cursor = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link").orElseThrow())
                .startsWith("</channels?")
                .contains("cursor=" + cursor)
                .endsWith(">; rel=\"next\"");

        List<String> names = new ArrayList<>();
        String path = "/channels?limit=1000";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode list = json(page);
            assertThat(list.size()).isLessThanOrEqualTo(1000);
            list.forEach(ch -> names.add(ch.get("name").asText()));
            pages++;
            path = page.headers().firstValue("Link").map(RegistryLimitsIT::linkTarget).orElse(null);
            if (path != null) {
                assertThat(path)
                        .isEqualTo(
                                "/channels?limit=1000&cursor="
                                        + page.headers().firstValue("X-Next-Cursor").orElseThrow());
            }
        }
        assertThat(pages).isEqualTo(6);
        assertThat(names).isEqualTo(expected);

        Http.Response bad = Http.call(node.port(), "GET", "/channels?limit=1001", null, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText())
                .isEqualTo("limit must be between 1 and 1000, got 1001");
        assertThat(Http.call(node.port(), "GET", "/channels?cursor=%25%25", null, null).status())
                .isEqualTo(400);
    }

    @Test
    void channelsCommand_pagesTheSameOverTheSocket() {
        List<String> expected = new ArrayList<>(List.of("general"));
        expected.addAll(register(CHANNELS));
        WsTestClient c = TestNodes.connect(node, "wael");
        try {
            c.sendJson("type", "channels", "id", 1);
            JsonNode first = c.expect("channels");
            assertThat(first.get("channels").size()).isEqualTo(CHANNELS + 1);
            assertThat(first.hasNonNull("next")).isFalse();
            JsonNode general = first.get("channels").get(0);
            assertThat(general.get("name").asText()).isEqualTo("general");
            assertThat(general.get("description").asText()).isEmpty();
            assertThat(general.get("subscribers").isIntegralNumber()).isTrue();

            List<String> names = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                if (cursor == null) {
                    c.sendJson("type", "channels", "id", 2, "limit", 1000);
                } else {
                    c.sendJson("type", "channels", "id", 2, "limit", 1000, "cursor", cursor);
                }
                JsonNode reply = c.expect("channels");
                assertThat(reply.get("id").asLong()).isEqualTo(2);
                assertThat(reply.get("channels").size()).isLessThanOrEqualTo(1000);
                reply.get("channels").forEach(ch -> names.add(ch.get("name").asText()));
                cursor = reply.hasNonNull("next") ? reply.get("next").asText() : null;
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(6);
            assertThat(names).isEqualTo(expected);

            c.sendJson("type", "channels", "id", 3, "cursor", "!");
            JsonNode error = c.expect("error");
            assertThat(error.get("id").asLong()).isEqualTo(3);
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            c.assertExhausted();
        } finally {
            c.close();
        }
    }

    @Test
    void aFullRegistry_refusesANewName_with409LimitExceeded_untilOneIsDeleted() {
        register(10_000);
        Http.Response refused = post("{\"name\":\"one-more\",\"description\":\"\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("limit_exceeded");
        assertThat(refused.json().get("message").asText())
                .isEqualTo(
                        "the channel registry is full: it holds at most 10000 channels; delete"
                                + " one before registering another");
        assertThat(post("{\"name\":\"ch00001\"}").json().get("error").asText())
                .isEqualTo("conflict");
        assertThat(redis.command("HLEN", HASH)).isEqualTo(10_000L);

        assertThat(Http.call(node.port(), "DELETE", "/channels/ch00001", KEY, null).status())
                .isEqualTo(204);
        assertThat(metric("redcast_registry_channels")).isEqualTo("9999.0");
        assertThat(post("{\"name\":\"one-more\"}").status()).isEqualTo(201);
        assertThat(metric("redcast_registry_channels")).isEqualTo("10000.0");
        assertThat(post("{\"name\":\"two-more\"}").status()).isEqualTo(409);
    }

    private Http.Response post(String body) {
        return Http.call(node.port(), "POST", "/channels", KEY, body);
    }

    private String metric(String name) {
        String text = Http.get(node, "/metrics").body();
        return text.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + text));
    }

    private HttpResponse<String> get(String path) {
        return Http.send(HttpRequest.newBuilder(Http.uri(node, path)).GET().build());
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code </path?q>; rel="next"} to {@code /path?q}. */
    private static String linkTarget(String link) {
        assertThat(link).startsWith("<").endsWith(">; rel=\"next\"");
        return link.substring(1, link.indexOf('>'));
    }

    /** Calls per command so far, from {@code INFO commandstats}. */
    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : ((String) redis.command("INFO", "commandstats")).split("\r\n")) {
            // cmdstat_zcount:calls=5001,usec=...
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
