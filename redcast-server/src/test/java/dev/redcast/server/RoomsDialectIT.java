package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.server.config.Namespace;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.RedisServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The chat-room server's browser {@code ChatClient}, as the tutorial wrote it with only its URL
 * changed, in two headless Chromium sessions against two nodes sharing one real redis-server: rooms
 * with join notices, history and who is online. Confined to the JUnit test thread.
 */
class RoomsDialectIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path PAGE = CompatClient.DIR.resolve("rooms").resolve("index.html");

    private RedisServer redis;
    private RedcastServer nodeA;
    private RedcastServer nodeB;
    private Chromium alice;
    private Chromium bob;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config());
        nodeB = RedcastServer.start(config());
        alice = Chromium.start();
        bob = Chromium.start();
    }

    private ServerConfig config() {
        return TestNodes.config(redis.uri())
                .dialects(List.of("rooms:/"))
                .namespaces(
                        Namespace.parseJson(
                                "{\"room\":{\"history\":\"100/1h\",\"join_leave\":true,"
                                        + "\"publish\":\"subscribers\"}}"))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(alice, bob, nodeA, nodeB, redis);
    }

    /** Opens the page as {@code userId} against {@code node}; returns once it is authenticated. */
    private WebDriver open(Chromium browser, RedcastServer node, String userId, String username) {
        String server = "ws://127.0.0.1:" + node.port() + "/?token=" + TestNodes.TOKEN;
        WebDriver page = browser.driver();
        page.get(
                PAGE.toAbsolutePath().toUri()
                        + "?server="
                        + URLEncoder.encode(server, StandardCharsets.UTF_8)
                        + "&user_id="
                        + userId
                        + "&username="
                        + URLEncoder.encode(username, StandardCharsets.UTF_8));
        awaitPage(browser, userId + " authenticated", () -> "authenticated".equals(state(page)));
        return page;
    }

    private void join(WebDriver page, String room) {
        page.findElement(By.id("roomInput")).clear();
        page.findElement(By.id("roomInput")).sendKeys(room);
        page.findElement(By.id("joinRoomBtn")).click();
    }

    @Test
    void chatClient_joinsChatsAndSeesHistoryAndPresence_acrossNodes() {
        assertThat(Http.get(nodeA, "/").statusCode()).as("the built-in page").isEqualTo(200);

        WebDriver a = open(alice, nodeA, "user123", "张三");
        join(a, "42");
        awaitPage(alice, "the online users", () -> onlineIn(a).contains("user123"));

        WebDriver b = open(bob, nodeB, "user456", "李四");
        join(b, "42");
        awaitPage(alice, "bob's join notice", () -> notes(a).contains("李四 joined the room"));
        awaitPage(
                bob,
                "both online for bob",
                () -> onlineIn(b).containsAll(List.of("user123", "user456")));

        a.findElement(By.id("messageInput")).sendKeys("hello bob" + Keys.ENTER);
        awaitPage(bob, "alice's message", () -> messages(b).contains("张三: hello bob"));
        b.findElement(By.id("messageInput")).sendKeys("hi alice" + Keys.ENTER);
        awaitPage(alice, "bob's answer", () -> messages(a).contains("李四: hi alice"));
        assertThat(received(a, "chat_message").get(0))
                .containsEntry("room_id", "42")
                .containsEntry("user_id", "user123")
                .containsEntry("username", "张三")
                .containsEntry("content", "hello bob");

        // A bad frame is answered in the dialect's error form; the connection goes on.
        script(a, "client.socket.send('{\"type\":\"fly\"}'); client.socket.send('[1]');");
        awaitPage(alice, "two errors", () -> received(a, "error").size() == 2);
        assertThat(received(a, "error").get(0)).containsEntry("code", "bad_request");

        // Bob comes back on the other node: the room's history is shown as it was.
        WebDriver b2 = open(bob, nodeA, "user456", "李四");
        join(b2, "42");
        awaitPage(
                bob,
                "the history",
                () -> messages(b2).equals(List.of("张三: hello bob", "李四: hi alice")));

        // Bob's browser goes away: alice hears he left once his last connection is gone.
        b2.get("about:blank");
        awaitPage(
                alice,
                "bob's leave",
                () ->
                        received(a, "user_left").stream()
                                .anyMatch(m -> "李四".equals(m.get("username"))));
        a.findElement(By.id("messageInput")).sendKeys("still here" + Keys.ENTER);
        awaitPage(alice, "alice's own message", () -> messages(a).contains("张三: still here"));
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
                            + state(page)
                            + " received="
                            + script(page, "return JSON.stringify(window.received || null);")
                            + " console="
                            + browser.drainConsole(),
                    e);
        }
    }

    private static Object script(WebDriver page, String body) {
        return ((JavascriptExecutor) page).executeScript(body);
    }

    private static String state(WebDriver page) {
        return Objects.toString(
                script(
                        page,
                        "const e = document.getElementById('state'); return e && e.textContent;"),
                "");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> received(WebDriver page, String type) {
        return (List<Map<String, Object>>)
                ((JavascriptExecutor) page)
                        .executeScript(
                                "return (window.received || []).filter(m => m.type === arguments[0]);",
                                type);
    }

    @SuppressWarnings("unchecked")
    private static List<String> onlineIn(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return (window.received || []).filter(m => m.type === 'online_users')"
                                + ".flatMap(m => m.users.map(u => u.user_id));");
    }

    @SuppressWarnings("unchecked")
    private static List<String> messages(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return Array.from(document.querySelectorAll('#messages .message'))"
                                + ".map(e => e.querySelector('.username').textContent + ': '"
                                + " + e.querySelector('.message-content').textContent);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(WebDriver page) {
        return (List<String>)
                script(
                        page,
                        "return Array.from(document.querySelectorAll('#messages .system-message'))"
                                + ".map(e => e.textContent);");
    }
}
