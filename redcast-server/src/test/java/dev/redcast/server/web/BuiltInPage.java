package dev.redcast.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Confined to the test thread that drives it. The server's built-in page ({@code GET /}) in one
 * {@link Chromium}: fills the connection form, reads what the page shows, and waits for it.
 *
 * <p>Page state is read with small scripts rather than WebElements: the page re-renders its lists,
 * and a script never holds a stale element. A wait that times out fails with what the page did show
 * (state, close code, chat, log, browser console).
 */
public final class BuiltInPage {
    /** How long a page condition may take to come true. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final Chromium browser;
    private final WebDriver driver;

    private BuiltInPage(Chromium browser) {
        this.browser = browser;
        this.driver = browser.driver();
    }

    /** Loads the page from the node listening on {@code port} of 127.0.0.1. */
    public static BuiltInPage open(Chromium browser, int port) {
        return open(browser, "http://127.0.0.1:" + port + "/");
    }

    /** Loads the page from {@code url} (an {@code https://} one for a node serving TLS). */
    public static BuiltInPage open(Chromium browser, String url) {
        BuiltInPage page = new BuiltInPage(browser);
        page.driver.get(url);
        return page;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Types token and user (replacing what is there) and presses Connect. */
    public void connect(String token, String user) {
        fill("token", token);
        fill("user", user);
        pressConnect();
    }

    public void pressConnect() {
        driver.findElement(By.id("connect")).click();
    }

    /** Replaces the text of the input with this id, typing it. */
    public void fill(String id, String value) {
        driver.findElement(By.id(id)).clear();
        driver.findElement(By.id(id)).sendKeys(value);
    }

    /** Replaces the text of the input with this id at once, as pasting it would. */
    public void paste(String id, String value) {
        script("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }

    /** Subscribes to a channel through the Subscriptions form. */
    public void subscribe(String channel) {
        driver.findElement(By.id("sub-channel")).sendKeys(channel);
        driver.findElement(By.id("subscribe")).click();
    }

    /** Waits for a page condition; on timeout the failure shows what the page did show. */
    public void await(String what, Callable<Boolean> condition) {
        try {
            Awaitility.await(what)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(condition);
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
                            + " room="
                            + text("#chat-room-title")
                            + " chat="
                            + text("#chat-messages")
                            + " log="
                            + text("#log")
                            + " console="
                            + browser.drainConsole(),
                    e);
        }
    }

    /** That a page condition holds for all of {@code period}. */
    public void holds(String what, Duration period, Callable<Boolean> condition) {
        Awaitility.await(what).during(period).atMost(period.plus(WAIT)).until(condition);
    }

    public Object script(String body, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(body, args);
    }

    /** The text of the first element matching {@code selector} (an input's value); "" if none. */
    public String text(String selector) {
        return Objects.toString(
                script(
                        "const e = document.querySelector(arguments[0]);"
                                + " if (!e) return null;"
                                + " return e instanceof HTMLTextAreaElement"
                                + " || e instanceof HTMLInputElement ? e.value : e.textContent;",
                        selector),
                "");
    }

    /** The connection state badge's {@code data-state}. */
    public String state() {
        return Objects.toString(script("return document.getElementById('state').dataset.state;"));
    }

    public long count(String selector) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    /** The status shown for a channel (not pattern) subscription, or null when not listed. */
    public String subscriptionStatus(String channel) {
        return (String)
                script(
                        "const li = Array.from(document.querySelectorAll('#subscriptions li'))"
                                + ".find(e => e.dataset.channel === arguments[0]"
                                + " && e.dataset.pattern === 'false');"
                                + " return li ? li.dataset.status : null;",
                        channel);
    }

    /** The payloads the log shows for a channel, oldest first. */
    @SuppressWarnings("unchecked")
    public List<String> logPayloads(String channel) {
        return (List<String>)
                script(
                        "return Array.from(document.querySelectorAll('#log .msg'))"
                                + ".filter(e => e.dataset.channel === arguments[0])"
                                + ".map(e => e.querySelector('.payload').textContent);",
                        channel);
    }

    /** How many notes of this kind ({@code data-event}) the log shows for any channel. */
    public long notes(String event) {
        return count("#log .note[data-event='" + event + "']");
    }
}
