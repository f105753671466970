package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.web.BuiltInPage;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.RedisServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The chat panel of the built-in page in two headless Chromium sessions against two nodes on one
 * real redis-server. Confined to the JUnit test thread.
 */
class ChatPageIT {
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
        BuiltInPage a = open(alice, nodeA, "alice");
        a.await("alice in general", () -> "general".equals(a.text("#chat-room-title")));
        a.await("alice online", () -> online(a).equals(List.of("alice")));
        a.await(
                "the registered room with its description",
                () ->
                        "Rust talk"
                                .equals(
                                        a.text(
                                                "#chat-channels li[data-channel='chat:rust']"
                                                        + " .room-desc")));

        BuiltInPage b = open(bob, nodeB, "bob");
        b.await("both online for bob", () -> online(b).equals(List.of("alice", "bob")));
        a.await("both online for alice", () -> online(a).equals(List.of("alice", "bob")));
        a.await("bob's join notice", () -> notes(a).contains("bob joined"));

        a.driver().findElement(By.id("chat-input")).sendKeys("hi bob" + Keys.ENTER);
        b.await("alice's message", () -> messages(b).contains("alice: hi bob"));
        b.driver().findElement(By.id("chat-input")).sendKeys("hello alice" + Keys.ENTER);
        a.await("bob's answer", () -> messages(a).contains("bob: hello alice"));
        assertThat(a.text("#chat-input")).isEmpty();

        // Joining a room from the list: bob sees alice enter it only once he is there too.
        click(a, "#chat-channels li[data-channel='chat:rust']");
        a.await("alice in chat:rust", () -> "chat:rust".equals(a.text("#chat-room-title")));
        a.await("alice alone in chat:rust", () -> online(a).equals(List.of("alice")));
        b.driver().findElement(By.id("chat-room-name")).sendKeys("chat:rust" + Keys.ENTER);
        a.await("bob joined chat:rust", () -> online(a).equals(List.of("alice", "bob")));
        b.driver().findElement(By.id("chat-input")).sendKeys("rust!" + Keys.ENTER);
        a.await("bob's message in chat:rust", () -> messages(a).contains("bob: rust!"));
        alice.screenshot(SCREENSHOTS.resolve("chat-alice.png"));

        click(b, "#chat-leave");
        a.await("bob left chat:rust", () -> online(a).equals(List.of("alice")));
        a.await("bob's leave notice", () -> notes(a).contains("bob left"));
        bob.screenshot(SCREENSHOTS.resolve("chat-bob.png"));
    }

    private static BuiltInPage open(Chromium browser, RedcastServer node, String user) {
        BuiltInPage page = BuiltInPage.open(browser, node.port());
        page.connect(TestNodes.TOKEN, user);
        return page;
    }

    private static void click(BuiltInPage page, String selector) {
        page.script("document.querySelector(arguments[0]).click();", selector);
    }

    @SuppressWarnings("unchecked")
    private static List<String> online(BuiltInPage page) {
        return (List<String>)
                page.script(
                        "return Array.from(document.querySelectorAll('#chat-online li'))"
                                + ".map(e => e.dataset.user);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> messages(BuiltInPage page) {
        return (List<String>)
                page.script(
                        "return Array.from(document.querySelectorAll('#chat-messages .chat-msg'))"
                                + ".map(e => e.dataset.from + ': '"
                                + " + e.querySelector('.text').textContent);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(BuiltInPage page) {
        return (List<String>)
                page.script(
                        "return Array.from(document.querySelectorAll('#chat-messages .chat-note'))"
                                + ".map(e => e.lastChild.textContent);");
    }
}
