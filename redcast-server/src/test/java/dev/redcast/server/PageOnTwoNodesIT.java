package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.server.web.BuiltInPage;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.BackendPublish;
import dev.redcast.testkit.FreePorts;
import dev.redcast.testkit.Jwts;
import dev.redcast.testkit.ReadyProbe;
import dev.redcast.testkit.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in page, and so the client redcast-js it runs on, in headless Chromium against two
 * nodes on one real redis-server. Each node is a JVM of its own, configured like {@code redcast
 * serve} from environment variables (JWTs with no leeway, history on two channels), which the test
 * SIGKILLs and starts again on the same port. Confined to the JUnit test thread; the backend
 * publisher has a thread of its own.
 */
class PageOnTwoNodesIT {
    private static final String SECRET = "an HMAC secret of at least 32 bytes!";

    /** History long enough to bridge any gap here. */
    private static final String FEED = "feed";

    /** History of five messages: a longer gap cannot be bridged. */
    private static final String SHORT = "short";

    private static final long SHORT_LENGTH = 5;
    private static final long FEED_LENGTH = 10_000;
    private static final Duration PUBLISH_EVERY = Duration.ofMillis(50);

    private final int[] ports = {FreePorts.next(), FreePorts.next()};
    private final ChildNode[] nodes = new ChildNode[2];
    private RedisServer redis;
    private Chromium chromium;
    private BuiltInPage page;
    private ScheduledExecutorService backend;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        startNode(0);
        startNode(1);
        chromium = Chromium.start();
        page = BuiltInPage.open(chromium, ports[1]);
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.shutdownNow();
        }
        Resources.closeAll(chromium, nodes[0], nodes[1], redis);
    }

    private void startNode(int i) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("WS_HOST", "127.0.0.1");
        env.put("WS_PORT", Integer.toString(ports[i]));
        env.put("NODE_ID", nodeName(i));
        env.put("REDIS_URL", redis.uri());
        env.put("JWT_SECRET", SECRET);
        env.put("JWT_LEEWAY", "0");
        env.put("HISTORY", FEED + "=" + FEED_LENGTH + "/1h," + SHORT + "=" + SHORT_LENGTH + "/1h");
        env.put("SUMMARY_INTERVAL", "0");
        env.put("REDIS_PROBE_INTERVAL", "1");
        nodes[i] = ChildNode.configured(env);
        ReadyProbe.waitFor(ports[i]);
    }

    private static String nodeName(int i) {
        return i == 0 ? "a" : "b";
    }

    /**
     * Connects the page to both nodes, node a first, claiming to be {@code user}; the token is
     * pasted in last, so that a short-lived one loses no time to typing.
     */
    private void connect(String token, String user) {
        page.fill(
                "servers", "ws://127.0.0.1:" + ports[0] + "/ws ws://127.0.0.1:" + ports[1] + "/ws");
        page.fill("user", user);
        page.paste("token", token);
        page.pressConnect();
        awaitConnectedTo(0);
    }

    private void awaitConnectedTo(int node) {
        page.await(
                "connected to node " + nodeName(node),
                () ->
                        "connected".equals(page.state())
                                && nodeName(node).equals(page.text("#welcome-node")));
    }

    private void subscribe(String channel) {
        page.subscribe(channel);
        page.await(
                channel + " listed as subscribed",
                () -> "subscribed".equals(page.subscriptionStatus(channel)));
        // The page saw `subscribed`; the node's own Redis subscription must be live too.
        await("a node subscribed " + channel + " on Redis")
                .atMost(BuiltInPage.WAIT)
                .until(() -> redis.numsub(channel).getOrDefault(channel, 0L) >= 1);
    }

    /** Publishes {@code m<n>} as a backend does: stored in the history, then published. */
    private void publish(String channel, int n) {
        long length = FEED.equals(channel) ? FEED_LENGTH : SHORT_LENGTH;
        BackendPublish.publish(redis, channel, channel, "m" + n, length, 3600, null);
    }

    private static List<String> numbered(int... n) {
        return IntStream.of(n).mapToObj(i -> "m" + i).toList();
    }

    @Test
    void nodeKilledMidStream_thenTheOtherAfterTheFirstRestarted_everyMessageOnceAndInOrder()
            throws Exception {
        connect(Jwts.hs256(SECRET, "reader", Duration.ofMinutes(10)), "reader");
        subscribe(FEED);

        AtomicInteger published = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        backend = Executors.newSingleThreadScheduledExecutor();
        backend.scheduleAtFixedRate(
                () -> {
                    try {
                        publish(FEED, published.get() + 1);
                        published.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                        throw e;
                    }
                },
                0,
                PUBLISH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        page.await("20 messages from node a", () -> page.logPayloads(FEED).size() >= 20);

        nodes[0].kill();
        awaitConnectedTo(1);
        int beforeRestart = published.get();
        page.await(
                "messages published meanwhile, from node b",
                () -> page.logPayloads(FEED).size() >= beforeRestart + 10);

        startNode(0);
        nodes[1].kill();
        awaitConnectedTo(0);
        int afterRestart = published.get();
        page.await(
                "messages published meanwhile, from node a started again",
                () -> page.logPayloads(FEED).size() >= afterRestart + 10);

        backend.shutdown();
        assertThat(backend.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.get()).as("the backend's publishing").isNull();
        int total = published.get();
        page.await("all " + total + " messages", () -> page.logPayloads(FEED).size() >= total);

        assertThat(page.logPayloads(FEED))
                .as("every message once, in order")
                .isEqualTo(numbered(IntStream.rangeClosed(1, total).toArray()));
        assertThat(page.notes("recovered")).as("recoveries with missed messages").isEqualTo(2);
        assertThat(page.notes("recovery-failed")).isZero();
        assertThat(page.text("#close-info")).startsWith("last close: 1006");
    }

    @Test
    void gapLongerThanTheHistory_pageReportsRecoveryFailed_andGoesOnWithLiveMessages()
            throws Exception {
        connect(Jwts.hs256(SECRET, "reader", Duration.ofMinutes(10)), "reader");
        subscribe(SHORT);
        for (int n = 1; n <= 3; n++) {
            publish(SHORT, n);
        }
        page.await("m1 to m3", () -> page.logPayloads(SHORT).equals(numbered(1, 2, 3)));

        nodes[0].kill();
        // The page reconnects no sooner than half a second after it noticed; by then the history
        // holds m19 to m23 only, and m4 to m18 are gone.
        for (int n = 4; n <= 23; n++) {
            publish(SHORT, n);
        }
        awaitConnectedTo(1);
        page.await("the recovery-failed event", () -> page.notes("recovery-failed") == 1);
        await("node b subscribed " + SHORT + " on Redis")
                .atMost(BuiltInPage.WAIT)
                .until(() -> redis.numsub(SHORT).getOrDefault(SHORT, 0L) >= 1);
        publish(SHORT, 24);

        page.await("m24, live", () -> page.logPayloads(SHORT).contains("m24"));
        assertThat(page.logPayloads(SHORT)).isEqualTo(numbered(1, 2, 3, 24));
        assertThat(page.notes("recovered")).isZero();
    }

    @Test
    void jwtLogin_showsItsSub_andAFreshTokenPastedIn_keepsTheConnectionPastTheFirstsExpiry() {
        Duration life = Duration.ofSeconds(8);
        String first = Jwts.hs256(SECRET, "jwt-alice", life);
        Instant firstExpires = Instant.now().plus(life);
        connect(first, "mallory");
        assertThat(page.text("#welcome-user"))
                .as("the user is the token's sub")
                .isEqualTo("jwt-alice");
        String client = page.text("#welcome-client");

        // The page asks for a fresh token at half the first one's remaining life, and again at
        // half what is left while it finds the same one in the field.
        page.paste("token", Jwts.hs256(SECRET, "jwt-alice", Duration.ofMinutes(10)));
        page.await("the token refreshed", () -> page.notes("refreshed") == 1);
        subscribe("news");
        // No leeway: without the refresh the node would close the connection with 4500 here.
        page.holds(
                "the same connection past the first token's expiry",
                Duration.between(Instant.now(), firstExpires.plusSeconds(2)),
                () ->
                        "connected".equals(page.state())
                                && client.equals(page.text("#welcome-client")));
        assertThat(page.text("#close-info")).isEmpty();

        assertThat(redis.publish("news", "after the first token expired")).isPositive();
        page.await(
                "a message after the first token expired",
                () -> page.logPayloads("news").contains("after the first token expired"));
        assertThat(page.notes("error")).isZero();
    }
}
