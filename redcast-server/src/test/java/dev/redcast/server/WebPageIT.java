package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.web.BuiltInPage;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Drives the built-in page ({@code GET /}) in headless Chromium against a real server and a real
 * redis-server. Confined to the JUnit test thread.
 */
class WebPageIT {

    private static final String TOKEN = "s3cret";
    private static final String CHANNEL = "mempool:tx_analysis";
    private static final String DEFAULT_CHANNEL = "mempool:ctf_tx";
    private static final Duration WAIT = BuiltInPage.WAIT;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private RedisServer redis;
    private RedcastServer server;
    private Chromium chromium;
    private BuiltInPage page;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        ServerConfig config =
                ServerConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .authToken(TOKEN)
                        .redisUrl(redis.uri())
                        .defaultChannels(List.of(DEFAULT_CHANNEL))
                        .build();
        server = RedcastServer.start(config);
        chromium = Chromium.start();
        page = BuiltInPage.open(chromium, server.port());
    }

    @AfterEach
    void stop() throws Exception {
        // Browser first, Redis last.
        Resources.closeAll(chromium, server, redis);
    }

    @Test
    void connectAndSubscribe_showsMessagePublishedOnRedisInLog() {
        page.connect(TOKEN, "wael");
        page.await("state badge says connected", () -> "connected".equals(page.text("#state")));
        assertThat(page.text("#welcome-user")).isEqualTo("wael");
        assertThat(page.text("#welcome-client")).isNotBlank();
        assertThat(page.text("#welcome-node")).isNotBlank();
        page.await(
                "the welcome's default channel listed as subscribed",
                () -> "subscribed".equals(page.subscriptionStatus(DEFAULT_CHANNEL)));
        chromium.screenshot(SCREENSHOTS.resolve("web-connected.png"));

        page.subscribe(CHANNEL);
        page.await(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(page.subscriptionStatus(CHANNEL)));

        // The page saw `subscribed`; the server's own Redis subscription is what must be live
        // before a plain PUBLISH can reach anyone.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        assertThat(redis.publish(CHANNEL, "{\"tx_hash\":\"0x1\"}")).isPositive();

        page.await(
                "a log entry for " + CHANNEL,
                () -> page.logPayloads(CHANNEL).contains("{\n  \"tx_hash\": \"0x1\"\n}"));
        chromium.screenshot(SCREENSHOTS.resolve("web-messages.png"));
    }

    @Test
    void publishWithEnter_showsPublishedReplyAndOwnMessage() {
        page.connect(TOKEN, "mazen");
        page.await("state badge says connected", () -> "connected".equals(page.text("#state")));
        page.subscribe("chat:web");
        page.await(
                "chat:web listed as subscribed",
                () -> "subscribed".equals(page.subscriptionStatus("chat:web")));

        page.driver().findElement(By.id("pub-channel")).sendKeys("chat:web");
        page.driver().findElement(By.id("pub-payload")).sendKeys("hello <b>web</b>" + Keys.ENTER);

        page.await(
                "the published reply",
                () -> page.text("#pub-status").startsWith("published to chat:web"));
        page.await(
                "the own message in the log",
                () -> page.logPayloads("chat:web").contains("hello <b>web</b>"));
        // Written as text, never parsed as markup.
        assertThat(page.count("#log .msg b")).isZero();
        assertThat(page.text("#pub-payload")).isEmpty();
    }

    @Test
    void forcedReconnect_reconnectsAndResubscribes() {
        page.connect(TOKEN, "wael");
        page.await("state badge says connected", () -> "connected".equals(page.text("#state")));
        String firstClient = page.text("#welcome-client");
        page.subscribe(CHANNEL);
        page.await(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(page.subscriptionStatus(CHANNEL)));

        server.hub().closeAll(CloseCodes.FORCED_RECONNECT, "forced reconnect").join();

        page.await(
                "a new connection after close 4011",
                () ->
                        "connected".equals(page.state())
                                && !page.text("#welcome-client").equals(firstClient)
                                && "subscribed".equals(page.subscriptionStatus(CHANNEL)));
        assertThat(page.text("#close-info")).contains("4011");
        // Only the resubscribe made by the page can route this to the new connection.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        redis.publish(CHANNEL, "after reconnect");
        page.await(
                "a message on the new connection",
                () -> page.logPayloads(CHANNEL).contains("after reconnect"));
    }

    @Test
    void terminalCloseCode_staysDisconnected() {
        page.connect(TOKEN, "wael");
        page.await("state badge says connected", () -> "connected".equals(page.text("#state")));

        server.hub().closeAll(CloseCodes.DISCONNECTED_BY_ADMIN, "bye").join();

        page.await("state badge says disconnected", () -> "disconnected".equals(page.state()));
        assertThat(page.text("#close-info")).isEqualTo("last close: 4503 bye");
        // Reconnecting would start within the first backoff step (at most 500 ms).
        page.holds(
                "no reconnect after a terminal close",
                Duration.ofMillis(1500),
                () -> "disconnected".equals(page.state()));
        assertThat(page.driver().findElement(By.id("connect")).isEnabled()).isTrue();
    }

    @Test
    void wrongToken_showsUnauthorizedFailureInsteadOfRetrying() {
        page.connect("not-the-token", "eve");

        page.await("state badge says failed", () -> "failed".equals(page.state()));
        assertThat(page.text("#state")).contains("401");
        assertThat(page.driver().findElement(By.id("connect")).isEnabled()).isTrue();
        assertThat(page.driver().findElement(By.id("disconnect")).isEnabled()).isFalse();
        chromium.screenshot(SCREENSHOTS.resolve("web-unauthorized.png"));
    }
}
