package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
        page.get("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        // Browser first, Redis last.
        Resources.closeAll(chromium, server, redis);
    }

    @Test
    void connectAndSubscribe_showsMessagePublishedOnRedisInLog() {
        connect(TOKEN, "wael");
        awaitPage("state badge says connected", () -> "connected".equals(text("#state")));
        assertThat(text("#welcome-user")).isEqualTo("wael");
        assertThat(text("#welcome-client")).isNotBlank();
        assertThat(text("#welcome-node")).isNotBlank();
        awaitPage(
                "the welcome's default channel listed as subscribed",
                () -> "subscribed".equals(subscriptionStatus(DEFAULT_CHANNEL)));
        chromium.screenshot(SCREENSHOTS.resolve("web-connected.png"));

        page.findElement(By.id("sub-channel")).sendKeys(CHANNEL);
        page.findElement(By.id("subscribe")).click();
        awaitPage(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(subscriptionStatus(CHANNEL)));

        // The page saw `subscribed`; the server's own Redis subscription is what must be live
        // before a plain PUBLISH can reach anyone.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        assertThat(redis.publish(CHANNEL, "{\"tx_hash\":\"0x1\"}")).isPositive();

        awaitPage(
                "a log entry for " + CHANNEL,
                () -> logPayloads(CHANNEL).contains("{\n  \"tx_hash\": \"0x1\"\n}"));
        chromium.screenshot(SCREENSHOTS.resolve("web-messages.png"));
    }

    @Test
    void publishWithEnter_showsPublishedReplyAndOwnMessage() {
        connect(TOKEN, "mazen");
        awaitPage("state badge says connected", () -> "connected".equals(text("#state")));
        page.findElement(By.id("sub-channel")).sendKeys("chat:web");
        page.findElement(By.id("subscribe")).click();
        awaitPage(
                "chat:web listed as subscribed",
                () -> "subscribed".equals(subscriptionStatus("chat:web")));

        page.findElement(By.id("pub-channel")).sendKeys("chat:web");
        page.findElement(By.id("pub-payload")).sendKeys("hello <b>web</b>" + Keys.ENTER);

        awaitPage(
                "the published reply",
                () -> text("#pub-status").startsWith("published to chat:web"));
        awaitPage(
                "the own message in the log",
                () -> logPayloads("chat:web").contains("hello <b>web</b>"));
        // Written as text, never parsed as markup.
        assertThat(count("#log .msg b")).isZero();
        assertThat(text("#pub-payload")).isEmpty();
    }

    @Test
    void forcedReconnect_reconnectsAndResubscribes() {
        connect(TOKEN, "wael");
        awaitPage("state badge says connected", () -> "connected".equals(text("#state")));
        String firstClient = text("#welcome-client");
        page.findElement(By.id("sub-channel")).sendKeys(CHANNEL);
        page.findElement(By.id("subscribe")).click();
        awaitPage(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(subscriptionStatus(CHANNEL)));

        server.hub().closeAll(CloseCodes.FORCED_RECONNECT, "forced reconnect").join();

        awaitPage(
                "a new connection after close 4011",
                () ->
                        "connected".equals(state())
                                && !text("#welcome-client").equals(firstClient)
                                && "subscribed".equals(subscriptionStatus(CHANNEL)));
        assertThat(text("#close-info")).contains("4011");
        // Only the resubscribe made by the page can route this to the new connection.
        await("the server subscribed " + CHANNEL + " on Redis")
                .atMost(WAIT)
                .until(() -> redis.numsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 1);
        redis.publish(CHANNEL, "after reconnect");
        awaitPage(
                "a message on the new connection",
                () -> logPayloads(CHANNEL).contains("after reconnect"));
    }

    @Test
    void terminalCloseCode_staysDisconnected() {
        connect(TOKEN, "wael");
        awaitPage("state badge says connected", () -> "connected".equals(text("#state")));

        server.hub().closeAll(CloseCodes.DISCONNECTED_BY_ADMIN, "bye").join();

        awaitPage("state badge says disconnected", () -> "disconnected".equals(state()));
        assertThat(text("#close-info")).isEqualTo("last close: 4503 bye");
        // Reconnecting would start within the first backoff step (at most 500 ms).
        await("no reconnect after a terminal close")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> "disconnected".equals(state()));
        assertThat(page.findElement(By.id("connect")).isEnabled()).isTrue();
    }

    @Test
    void wrongToken_showsUnauthorizedFailureInsteadOfRetrying() {
        connect("not-the-token", "eve");

        awaitPage("state badge says failed", () -> "failed".equals(state()));
        assertThat(text("#state")).contains("401");
        assertThat(page.findElement(By.id("connect")).isEnabled()).isTrue();
        assertThat(page.findElement(By.id("disconnect")).isEnabled()).isFalse();
        chromium.screenshot(SCREENSHOTS.resolve("web-unauthorized.png"));
    }

    private void connect(String token, String user) {
        page.findElement(By.id("token")).clear();
        page.findElement(By.id("token")).sendKeys(token);
        page.findElement(By.id("user")).clear();
        page.findElement(By.id("user")).sendKeys(user);
        page.findElement(By.id("connect")).click();
    }

    /** Waits for a page condition; on timeout the failure shows what the page did show. */
    private void awaitPage(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "page never showed "
                            + what
                            + " within "
                            + WAIT
                            + "; state="
                            + text("#state")
                            + " close="
                            + text("#close-info")
                            + " log="
                            + text("#log")
                            + " console="
                            + chromium.drainConsole(),
                    e);
        }
    }

    private Object script(String body, Object... args) {
        return ((JavascriptExecutor) page).executeScript(body, args);
    }

    private String text(String selector) {
        Object value =
                script(
                        "const e = document.querySelector(arguments[0]);"
                                + " if (!e) return null;"
                                + " const field = e instanceof HTMLInputElement"
                                + " || e instanceof HTMLTextAreaElement;"
                                + " return field ? e.value : e.textContent;",
                        selector);
        return Objects.toString(value, "");
    }

    private String state() {
        return Objects.toString(script("return document.getElementById('state').dataset.state;"));
    }

    private long count(String selector) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    private String subscriptionStatus(String channel) {
        return (String)
                script(
                        "const li = Array.from(document.querySelectorAll('#subscriptions li'))"
                                + ".find(e => e.dataset.channel === arguments[0]"
                                + " && e.dataset.pattern === 'false');"
                                + " return li ? li.dataset.status : null;",
                        channel);
    }

    @SuppressWarnings("unchecked")
    private List<String> logPayloads(String channel) {
        return (List<String>)
                script(
                        "return Array.from(document.querySelectorAll('#log .msg'))"
                                + ".filter(e => e.dataset.channel === arguments[0])"
                                + ".map(e => e.querySelector('.payload').textContent);",
                        channel);
    }
}
