package dev.redcast.server.auth.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. The keys of a JWKS document, kept current by one daemon thread of its own, so that
 * readers ({@link #keys()}, on event loops) never wait for I/O.
 *
 * <p>Every fetch goes through {@link #refresh()}: the first at construction, one every refresh
 * interval, and one whenever a token names an unknown {@code kid}. Requests coalesce: while a fetch
 * is scheduled and not yet started, every caller gets that same future, and a fetch never starts
 * less than the minimum gap after the previous one started. So a flood of tokens with made-up key
 * ids costs at most one fetch per gap, and a key the issuer has just added is picked up no later
 * than one gap after the first token that uses it.
 *
 * <p>A fetch that fails (unreachable, too slow, too large, not a JWKS) keeps the keys loaded
 * before, so an outage of the issuer does not lock everyone out; the first failure is logged at
 * WARN, repeats at DEBUG until a fetch succeeds again. A document that loads is believed as it is:
 * a key it no longer lists is gone (that is how issuers revoke keys), even if none remain.
 */
final class JwksKeys implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

    private final JwtKey.Jwks config;
    private final String where;
    private final JwksFetcher fetcher;
    private final ScheduledExecutorService thread;
    private final CompletableFuture<Void> firstLoad;

    /** Replaced whole by the JWKS thread; read by anyone. */
    private volatile List<VerificationKey> keys = List.of();

    private final Object lock = new Object();

    /** The fetch scheduled and not yet started, which later callers join; guarded by lock. */
    private CompletableFuture<List<VerificationKey>> pending;

    /** {@link System#nanoTime()} when the last fetch started; guarded by lock. */
    private long lastFetchStart;

    /** Whether any fetch has started; guarded by lock. */
    private boolean fetched;

    /** Guarded by lock. */
    private boolean closed;

    /** Whether the last fetch failed; confined to the JWKS thread. */
    private boolean failing;

    /** The kids and kinds last logged, so unchanged reloads stay quiet; JWKS thread only. */
    private String lastSummary;

    JwksKeys(JwtKey.Jwks config) {
        this.config = config;
        this.where = "JWKS " + config.printableLocation();
        this.fetcher =
                new JwksFetcher(
                        config.location(), config.fetchTimeout(), JwtKey.Jwks.MAX_DOCUMENT_BYTES);
        this.thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "redcast-jwks");
                            t.setDaemon(true);
                            return t;
                        });
        this.firstLoad = refresh().thenApply(loaded -> null);
        long every = config.refreshInterval().toNanos();
        thread.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.NANOSECONDS);
    }

    /** The keys loaded last; empty until the first fetch succeeds. */
    List<VerificationKey> keys() {
        return keys;
    }

    /** Completes after the first fetch, exceptionally when it failed. */
    CompletableFuture<Void> firstLoad() {
        return firstLoad;
    }

    /**
     * Asks for a fetch, at once or as soon as the minimum gap allows. The future completes with the
     * keys loaded, or exceptionally when the fetch failed or this was closed first.
     */
    CompletableFuture<List<VerificationKey>> refresh() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException(where + " closed"));
            }
            if (pending == null) {
                long delay =
                        fetched
                                ? Math.max(
                                        0,
                                        lastFetchStart
                                                + config.minRefreshGap().toNanos()
                                                - System.nanoTime())
                                : 0;
                pending = new CompletableFuture<>();
                thread.schedule(this::fetch, delay, TimeUnit.NANOSECONDS);
            }
            return pending;
        }
    }

    /** Stops the thread; waiters on a fetch not yet started are failed. Safe to call twice. */
    @Override
    public void close() {
        CompletableFuture<List<VerificationKey>> waiting;
        synchronized (lock) {
            closed = true;
            waiting = pending;
            pending = null;
        }
        thread.shutdownNow();
        if (waiting != null) {
            waiting.completeExceptionally(new IllegalStateException(where + " closed"));
        }
    }

    private void fetch() {
        CompletableFuture<List<VerificationKey>> done;
        synchronized (lock) {
            done = pending;
            pending = null;
            lastFetchStart = System.nanoTime();
            fetched = true;
        }
        if (done == null) {
            return; // closed meanwhile
        }
        try {
            List<VerificationKey> loaded = load(fetcher.fetch());
            keys = loaded;
            if (failing) {
                log.info("{}: fetched again", where);
                failing = false;
            }
            done.complete(loaded);
        } catch (Exception e) {
            // Caught here so that one bad fetch never stops the schedule, and waiters always hear.
            if (failing) {
                log.debug("{}: fetch failed again: {}", where, e.getMessage());
            } else {
                log.warn(
                        "{}: fetch failed, keeping the {} keys loaded before: {}",
                        where,
                        keys.size(),
                        e.getMessage());
                failing = true;
            }
            done.completeExceptionally(new IOException(where + ": " + e.getMessage(), e));
        }
    }

    private List<VerificationKey> load(byte[] document) throws IOException {
        JWKSet set;
        try {
            set = JWKSet.parse(new String(document, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException("not a JWKS document: " + e.getMessage(), e);
        }
        List<VerificationKey> loaded = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            try {
                loaded.add(VerificationKey.fromJwk(jwk));
            } catch (IllegalArgumentException e) {
                skipped.add("kid " + jwk.getKeyID() + ": " + e.getMessage());
            }
        }
        logChange(loaded, skipped);
        return List.copyOf(loaded);
    }

    private void logChange(List<VerificationKey> loaded, List<String> skipped) {
        List<String> kinds = new ArrayList<>();
        for (VerificationKey k : loaded) {
            kinds.add(k.kid() + " (" + k.description() + ")");
        }
        String summary = kinds + " skipped " + skipped;
        if (summary.equals(lastSummary)) {
            log.debug("{}: reloaded, unchanged", where);
            return;
        }
        lastSummary = summary;
        log.info("{}: {} keys {}", where, loaded.size(), kinds);
        if (!skipped.isEmpty()) {
            log.warn("{}: entries not used: {}", where, skipped);
        }
        if (loaded.isEmpty()) {
            log.warn("{}: no usable signature key: every token is refused", where);
        }
    }
}
