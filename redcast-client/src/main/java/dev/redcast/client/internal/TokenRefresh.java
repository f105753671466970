package dev.redcast.client.internal;

import dev.redcast.client.RedcastException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to the client's scheduler thread. Keeps the JWT of one connection fresh: shortly before
 * its {@code exp} (half its remaining life ahead, at most {@link #LEAD}) it asks the application's
 * token supplier for a new one and sends it as a {@code refresh} command, then does the same for
 * the new token. A token without {@code exp} (the shared token) is never refreshed. A refusal, a
 * failing supplier, or a supplier that hands back the token already in use is tried again at half
 * the time still left, until less than {@link #MIN_WINDOW} remains; then the server closes the
 * connection with 4500 (token expired), which ends the client.
 *
 * <p>One instance per connection; {@link #stop()} when the connection ends (every reconnect asks
 * the supplier anyway).
 */
final class TokenRefresh {
    private static final Logger log = LoggerFactory.getLogger(TokenRefresh.class);

    /** The most a refresh is sent ahead of the token's {@code exp}. */
    static final Duration LEAD = Duration.ofSeconds(30);

    /** With less than this left, a refresh that came to nothing is not tried again. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);

    /** Sends the {@code refresh} command for the connection. */
    @FunctionalInterface
    interface Sender {
        /**
         * One of the callbacks runs, on the scheduler thread, unless the connection ends first;
         * {@code onRefreshed} gets the reply's {@code expires_at}, or null.
         */
        void send(String token, Consumer<String> onRefreshed, Consumer<RedcastException> onRefused);
    }

    private final Scheduler scheduler;
    private final TokenSource tokens;
    private final Sender sender;
    private final String logPrefix;
    private String token;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.NONE;
    private boolean stopped;

    TokenRefresh(
            String token,
            Scheduler scheduler,
            TokenSource tokens,
            Sender sender,
            String logPrefix) {
        this.token = token;
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.sender = sender;
        this.logPrefix = logPrefix;
        plan(false);
    }

    void stop() {
        stopped = true;
        timer.cancel();
    }

    /**
     * @param retry whether the last try for this token came to nothing
     */
    private void plan(boolean retry) {
        Instant exp = Frames.jwtExpiry(token);
        if (exp == null || stopped) {
            return;
        }
        Duration left = Duration.between(scheduler.wallClock(), exp);
        if (retry && left.compareTo(MIN_WINDOW) < 0) {
            return;
        }
        Duration half = left.isNegative() ? Duration.ZERO : left.dividedBy(2);
        Duration delay = left.minus(half.compareTo(LEAD) < 0 ? half : LEAD);
        timer = scheduler.schedule(this::refresh, delay.isNegative() ? Duration.ZERO : delay);
    }

    private void refresh() {
        if (!stopped) {
            tokens.fetch(this::got, e -> fail("the token supplier failed: " + describe(e)));
        }
    }

    private void got(String fresh) {
        if (stopped) {
            return;
        }
        if (fresh.equals(token)) {
            plan(true); // nothing new yet: ask again closer to the expiry
            return;
        }
        sender.send(
                fresh,
                expiresAt -> {
                    if (!stopped) {
                        token = fresh;
                        log.debug("{} token refreshed; it expires at {}", logPrefix, expiresAt);
                        plan(false);
                    }
                },
                // The old token stands on the server.
                e -> fail("the server refused the fresh token: " + describe(e)));
    }

    private void fail(String why) {
        if (!stopped) {
            log.warn("{} token refresh: {}", logPrefix, why);
            plan(true);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof RedcastException r) {
            return r.getMessage() + " [" + r.code() + "]";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
