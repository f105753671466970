package dev.redcast.server.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Confined to the test thread. The built-in page ({@code GET /}) open in a {@link Chromium}: its
 * controls, and its state read with small scripts rather than WebElements (the page re-renders its
 * lists, and a script never holds a stale element).
 */
public final class BuiltInPage {
    /** How long a page condition may take. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final Chromium chromium;
    private final WebDriver page;

    public BuiltInPage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    public void connect(String token, String user) {
        page.findElement(By.id("token")).clear();
        page.findElement(By.id("token")).sendKeys(token);
        page.findElement(By.id("user")).clear();
        page.findElement(By.id("user")).sendKeys(user);
        page.findElement(By.id("connect")).click();
    }

    /** Subscribes to {@code channel} with the page's subscribe form. */
    public void subscribe(String channel) {
        page.findElement(By.id("sub-channel")).sendKeys(channel);
        page.findElement(By.id("subscribe")).click();
    }

    /** Waits for a page condition; on timeout the failure shows what the page did show. */
    public void awaitPage(String what, Callable<Boolean> condition) {
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

    public Object script(String body, Object... args) {
        return ((JavascriptExecutor) page).executeScript(body, args);
    }

    public String text(String selector) {
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

    public String state() {
        return Objects.toString(script("return document.getElementById('state').dataset.state;"));
    }

    public long count(String selector) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    public String subscriptionStatus(String channel) {
        return (String)
                script(
                        "const li = Array.from(document.querySelectorAll('#subscriptions li'))"
                                + ".find(e => e.dataset.channel === arguments[0]"
                                + " && e.dataset.pattern === 'false');"
                                + " return li ? li.dataset.status : null;",
                        channel);
    }

    @SuppressWarnings("unchecked")
    public List<String> logPayloads(String channel) {
        return (List<String>)
                script(
                        "return Array.from(document.querySelectorAll('#log .msg'))"
                                + ".filter(e => e.dataset.channel === arguments[0])"
                                + ".map(e => e.querySelector('.payload').textContent);",
                        channel);
    }
}
