package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The chat panel of the built-in page in two headless Chromium sessions against two nodes on one
 * real redis-server. Confined to the JUnit test thread.
 */
class ChatPageIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private Chromium alice;
    private Chromium bob;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config("a"));
        nodeB = RedcastServer.start(config("b"));
        Http.Response created =
                Http.call(
                        nodeA.port(),
                        "POST",
                        "/channels",
                        "k3y",
                        "{\"name\":\"chat:rust\",\"description\":\"Rust talk\"}");
        assertThat(created.status()).isEqualTo(201);
        alice = Chromium.start();
        bob = Chromium.start();
    }

    private dev.redcast.server.config.ServerConfig config(String node) {
        return TestNodes.config(redis.uri())
                .claimedIdentityWrites(true)
                .nodeId(node)
                .apiKey("k3y")
                .defaultChannels(List.of("general", "random"))
                .presence(List.of("general", "random", "chat:*"))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(alice, bob, nodeA, nodeB, redis);
    }

    @Test
    void twoBrowsers_chatInARoom_andSeeEachOtherOnline() {
        WebDriver a = open(alice, nodeA, "alice");
        awaitPage(alice, "alice in general", () -> "general".equals(text(a, "#chat-room-title")));
        awaitPage(alice, "alice online", () -> online(a).equals(List.of("alice")));
        awaitPage(
                alice,
                "the registered room with its description",
                () ->
                        "Rust talk"
                                .equals(
                                        text(
                                                a,
                                                "#chat-channels li[data-channel='chat:rust']"
                                                        + " .room-desc")));

        WebDriver b = open(bob, nodeB, "bob");
        awaitPage(bob, "both online for bob", () -> online(b).equals(List.of("alice", "bob")));
        awaitPage(alice, "both online for alice", () -> online(a).equals(List.of("alice", "bob")));
        awaitPage(alice, "bob's join notice", () -> notes(a).contains("bob joined"));

        a.findElement(By.id("chat-input")).sendKeys("hi bob" + Keys.ENTER);
        awaitPage(bob, "alice's message", () -> messages(b).contains("alice: hi bob"));
        b.findElement(By.id("chat-input")).sendKeys("hello alice" + Keys.ENTER);
        awaitPage(alice, "bob's answer", () -> messages(a).contains("bob: hello alice"));
        assertThat(text(a, "#chat-input")).isEmpty();

        // Joining a room from the list: bob sees alice enter it only once he is there too.
        click(a, "#chat-channels li[data-channel='chat:rust']");
        awaitPage(
                alice, "alice in chat:rust", () -> "chat:rust".equals(text(a, "#chat-room-title")));
        awaitPage(alice, "alice alone in chat:rust", () -> online(a).equals(List.of("alice")));
        b.findElement(By.id("chat-room-name")).sendKeys("chat:rust" + Keys.ENTER);
        awaitPage(alice, "bob joined chat:rust", () -> online(a).equals(List.of("alice", "bob")));
        b.findElement(By.id("chat-input")).sendKeys("rust!" + Keys.ENTER);
        awaitPage(alice, "bob's message in chat:rust", () -> messages(a).contains("bob: rust!"));
        alice.screenshot(SCREENSHOTS.resolve("chat-alice.png"));

        click(b, "#chat-leave");
        awaitPage(alice, "bob left chat:rust", () -> online(a).equals(List.of("alice")));
        awaitPage(alice, "bob's leave notice", () -> notes(a).contains("bob left"));
        bob.screenshot(SCREENSHOTS.resolve("chat-bob.png"));
    }

    private WebDriver open(Chromium browser, RedcastServer node, String user) {
        WebDriver page = browser.driver();
        page.get("http://127.0.0.1:" + node.port() + "/");
        page.findElement(By.id("token")).clear();
        page.findElement(By.id("token")).sendKeys(TestNodes.TOKEN);
        page.findElement(By.id("user")).clear();
        page.findElement(By.id("user")).sendKeys(user);
        page.findElement(By.id("connect")).click();
        return page;
    }

    private void awaitPage(Chromium browser, String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (ConditionTimeoutException e) {
            WebDriver page = browser.driver();
            throw new AssertionError(
                    "page never showed "
                            + what
                            + "; state="
                            + text(page, "#state")
                            + " room="
                            + text(page, "#chat-room-title")
                            + " online="
                            + online(page)
                            + " chat="
                            + text(page, "#chat-messages")
                            + " log="
                            + text(page, "#log")
                            + " console="
                            + browser.drainConsole(),
                    e);
        }
    }

    private static Object script(WebDriver page, String body, Object... args) {
        return ((JavascriptExecutor) page).executeScript(body, args);
    }

    private static void click(WebDriver page, String selector) {
        script(page, "document.querySelector(arguments[0]).click();", selector);
    }

    private static String text(WebDriver page, String selector) {
        return Objects.toString(
                script(
                        page,
                        "const e = document.querySelector(arguments[0]);"
                                + " if (!e) return null;"
                                + " return e instanceof HTMLTextAreaElement"
                                + " || e instanceof HTMLInputElement ? e.value : e.textContent;",
                        selector),
                "");
    }

    @SuppressWarnings("unchecked")
    private static List<String> online(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return Array.from(document.querySelectorAll('#chat-online li'))"
                                + ".map(e => e.dataset.user);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> messages(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return Array.from(document.querySelectorAll('#chat-messages .chat-msg'))"
                                + ".map(e => e.dataset.from + ': '"
                                + " + e.querySelector('.text').textContent);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return Array.from(document.querySelectorAll('#chat-messages .chat-note'))"
                                + ".map(e => e.lastChild.textContent);");
    }
}
