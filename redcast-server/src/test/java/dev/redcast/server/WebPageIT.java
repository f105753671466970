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
import org.openqa.selenium.WebDriver;

/**
 * Drives the built-in page ({@code GET /}) in headless Chromium against a real server and a real
 * redis-server. Confined to the JUnit test thread.
 *
 * <p>Page state is read with small scripts rather than WebElements: the page re-renders its lists,
 * and a script never holds a stale element.
 */
class WebPageIT {

    private static final String TOKEN = "s3cret";
    private static final String CHANNEL = "mempool:tx_analysis";
    private static final String DEFAULT_CHANNEL = "mempool:ctf_tx";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private RedisServer redis;
    private RedcastServer server;
    private Chromium chromium;
    private WebDriver page;
    private BuiltInPage ui;

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
        page = chromium.driver();
        ui = new BuiltInPage(chromium);
        page.get("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        // Browser first, Redis last.
        Resources.closeAll(chromium, server, redis);
    }

    @Test
    void connectAndSubscribe_showsMessagePublishedOnRedisInLog() {
        ui.connect(TOKEN, "wael");
        ui.awaitPage("state badge says connected", () -> "connected".equals(ui.text("#state")));
        assertThat(ui.text("#welcome-user")).isEqualTo("wael");
        assertThat(ui.text("#welcome-client")).isNotBlank();
        assertThat(ui.text("#welcome-node")).isNotBlank();
        ui.awaitPage(
                "the welcome's default channel listed as subscribed",
                () -> "subscribed".equals(ui.subscriptionStatus(DEFAULT_CHANNEL)));
        chromium.screenshot(SCREENSHOTS.resolve("web-connected.png"));

        page.findElement(By.id("sub-channel")).sendKeys(CHANNEL);
        page.findElement(By.id("subscribe")).click();
        ui.awaitPage(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(ui.subscriptionStatus(CHANNEL)));

        // The page saw `subscribed`; the server's own Redis subscription is what must be live
        // before a plain PUBLISH can reach anyone.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        assertThat(redis.publish(CHANNEL, "{\"tx_hash\":\"0x1\"}")).isPositive();

        ui.awaitPage(
                "a log entry for " + CHANNEL,
                () -> ui.logPayloads(CHANNEL).contains("{\n  \"tx_hash\": \"0x1\"\n}"));
        chromium.screenshot(SCREENSHOTS.resolve("web-messages.png"));
    }

    @Test
    void publishWithEnter_showsPublishedReplyAndOwnMessage() {
        ui.connect(TOKEN, "mazen");
        ui.awaitPage("state badge says connected", () -> "connected".equals(ui.text("#state")));
        page.findElement(By.id("sub-channel")).sendKeys("chat:web");
        page.findElement(By.id("subscribe")).click();
        ui.awaitPage(
                "chat:web listed as subscribed",
                () -> "subscribed".equals(ui.subscriptionStatus("chat:web")));

        page.findElement(By.id("pub-channel")).sendKeys("chat:web");
        page.findElement(By.id("pub-payload")).sendKeys("hello <b>web</b>" + Keys.ENTER);

        ui.awaitPage(
                "the published reply",
                () -> ui.text("#pub-status").startsWith("published to chat:web"));
        ui.awaitPage(
                "the own message in the log",
                () -> ui.logPayloads("chat:web").contains("hello <b>web</b>"));
        // Written as text, never parsed as markup.
        assertThat(ui.count("#log .msg b")).isZero();
        assertThat(ui.text("#pub-payload")).isEmpty();
    }

    @Test
    void forcedReconnect_reconnectsAndResubscribes() {
        ui.connect(TOKEN, "wael");
        ui.awaitPage("state badge says connected", () -> "connected".equals(ui.text("#state")));
        String firstClient = ui.text("#welcome-client");
        page.findElement(By.id("sub-channel")).sendKeys(CHANNEL);
        page.findElement(By.id("subscribe")).click();
        ui.awaitPage(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(ui.subscriptionStatus(CHANNEL)));

        server.hub().closeAll(CloseCodes.FORCED_RECONNECT, "forced reconnect").join();

        ui.awaitPage(
                "a new connection after close 4011",
                () ->
                        "connected".equals(ui.state())
                                && !ui.text("#welcome-client").equals(firstClient)
                                && "subscribed".equals(ui.subscriptionStatus(CHANNEL)));
        assertThat(ui.text("#close-info")).contains("4011");
        // Only the resubscribe made by the page can route this to the new connection.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        redis.publish(CHANNEL, "after reconnect");
        ui.awaitPage(
                "a message on the new connection",
                () -> ui.logPayloads(CHANNEL).contains("after reconnect"));
    }

    @Test
    void terminalCloseCode_staysDisconnected() {
        ui.connect(TOKEN, "wael");
        ui.awaitPage("state badge says connected", () -> "connected".equals(ui.text("#state")));

        server.hub().closeAll(CloseCodes.DISCONNECTED_BY_ADMIN, "bye").join();

        ui.awaitPage("state badge says disconnected", () -> "disconnected".equals(ui.state()));
        assertThat(ui.text("#close-info")).isEqualTo("last close: 4503 bye");
        // Reconnecting would start within the first backoff step (at most 500 ms).
        await("no reconnect after a terminal close")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> "disconnected".equals(ui.state()));
        assertThat(page.findElement(By.id("connect")).isEnabled()).isTrue();
    }

    @Test
    void wrongToken_showsUnauthorizedFailureInsteadOfRetrying() {
        ui.connect("not-the-token", "eve");

        ui.awaitPage("state badge says failed", () -> "failed".equals(ui.state()));
        assertThat(ui.text("#state")).contains("401");
        assertThat(page.findElement(By.id("connect")).isEnabled()).isTrue();
        assertThat(page.findElement(By.id("disconnect")).isEnabled()).isFalse();
        chromium.screenshot(SCREENSHOTS.resolve("web-unauthorized.png"));
    }
}
