package dev.redcast.server.auth.jwt;

import static dev.redcast.server.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.redcast.server.auth.jwt.JwtException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread; the JDK's HTTP server answers on its own threads. A JWKS served over
 * real HTTP on a free loopback port: key rotation, refresh on an unknown {@code kid} and its rate
 * limit, and the failures (error status, too large, too slow) that must keep the keys loaded.
 */
class JwksHttpIT {
    private static final Clock CLOCK = Clock.fixed(TestTokens.NOW, ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RSAKey k1;
    private static RSAKey k2;
    private static RSAKey k3;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger fetches = new AtomicInteger();
    private final CountDownLatch stalled = new CountDownLatch(1);

    /** What the server answers; changed by the test while the server runs. */
    private volatile int status = 200;

    private volatile byte[] document;
    private volatile boolean stall;

    private final List<JwtVerifier> verifiers = new ArrayList<>();

    @BeforeAll
    static void keys() {
        k1 = TestTokens.rsa("k1");
        k2 = TestTokens.rsa("k2");
        k3 = TestTokens.rsa("k3");
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/.well-known/jwks.json", this::answer);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        verifiers.forEach(JwtVerifier::close);
        stalled.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        assertThat(serverThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private void answer(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        try (exchange) {
            byte[] body = document;
            if (stall) {
                // Headers and a first byte, then nothing until the test ends.
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write('{');
                out.flush();
                stalled.await();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(JWK... keys) {
        document = TestTokens.jwks(keys).getBytes(StandardCharsets.UTF_8);
    }

    private JwtVerifier verifier(Duration refreshInterval, Duration minGap, Duration timeout) {
        URI url =
                URI.create(
                        "http://127.0.0.1:"
                                + server.getAddress().getPort()
                                + "/.well-known/jwks.json?key=s3cret");
        JwtVerifier v =
                new JwtVerifier(
                        new JwtConfig(new JwtKey.Jwks(url, refreshInterval, minGap, timeout)),
                        CLOCK);
        verifiers.add(v);
        return v;
    }

    /** A verifier that reloads only when asked, with a short gap, after its first load. */
    private JwtVerifier loaded() {
        JwtVerifier v =
                verifier(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(2));
        v.ready().join();
        return v;
    }

    private static String rs256(RSAKey key) {
        return TestTokens.rsa(JWSAlgorithm.RS256, key, claims().build());
    }

    private static String tokenWithKid(String kid) {
        return rs256(new RSAKey.Builder(k1).keyID(kid).build());
    }

    private static Reason reason(JwtVerifier v, String token) {
        return catchThrowableOfType(JwtException.class, () -> v.verify(token)).reason();
    }

    /** Waits for a reload by asking for a key nobody has; it is refused once the reload is done. */
    private static void reload(JwtVerifier v) {
        assertThat(v.verifyAsync(tokenWithKid("nobody")))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(JwtException.class);
    }

    @Test
    void twoKeysThenOne_theRemovedKidIsRefusedAfterTheScheduledRefresh() {
        serve(k1, k2);
        JwtVerifier v =
                verifier(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(2));
        v.ready().join();
        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
        assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael");

        serve(k2);

        await().atMost(WAIT).until(() -> reasonOrNull(v, rs256(k1)) == Reason.UNKNOWN_KEY);
        assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael");
    }

    private static Reason reasonOrNull(JwtVerifier v, String token) {
        try {
            v.verify(token);
            return null;
        } catch (JwtException e) {
            return e.reason();
        }
    }

    @Test
    void tokenWithANewKid_triggersARefresh_andIsAccepted() {
        serve(k1, k2);
        JwtVerifier v = loaded();
        assertThat(fetches).hasValue(1);

        serve(k2, k3);

        assertThat(v.verifyAsync(rs256(k3)).join().user()).isEqualTo("wael");
        assertThat(fetches).hasValue(2);
        assertThat(reason(v, rs256(k1))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael");
    }

    @Test
    void tokenWithANewKid_viaTheNonBlockingVerify_isAcceptedOnceTheRefreshItAskedForIsDone() {
        serve(k1);
        JwtVerifier v = loaded();
        serve(k1, k3);

        assertThat(reason(v, rs256(k3))).isEqualTo(Reason.UNKNOWN_KEY);

        // Each poll that still finds k3 unknown asks again, so a slow fetch may be followed by one
        // more; what matters is that the key is accepted without waiting for the interval.
        await().atMost(WAIT).until(() -> reasonOrNull(v, rs256(k3)) == null);
    }

    @Test
    void aBurstOfUnknownKids_costsOneFetch() {
        serve(k1);
        // A gap far longer than the burst takes, even on a loaded machine.
        JwtVerifier v = verifier(Duration.ofHours(1), Duration.ofSeconds(4), Duration.ofSeconds(2));
        v.ready().join();

        for (int i = 0; i < 50; i++) {
            assertThat(reason(v, tokenWithKid("made-up-" + i))).isEqualTo(Reason.UNKNOWN_KEY);
        }
        reload(v);

        assertThat(fetches).hasValue(2);
    }

    @Test
    void errorStatus_keepsTheKeysLoaded_andFailsReadyAtStart() {
        serve(k1);
        JwtVerifier v = loaded();
        status = 503;

        reload(v);

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
        JwtVerifier late =
                verifier(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(2));
        CompletionException e =
                catchThrowableOfType(CompletionException.class, () -> late.ready().join());
        assertThat(e.getCause()).hasMessageEndingWith(": HTTP 503");
        assertThat(e.getCause().getMessage()).doesNotContain("s3cret");
    }

    @Test
    void documentTooLarge_keepsTheKeysLoaded() {
        serve(k1);
        JwtVerifier v = loaded();
        document = new byte[JwtKey.Jwks.MAX_DOCUMENT_BYTES + 1];

        reload(v);

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
    }

    @Test
    void serverThatStallsMidBody_timesOut_andKeepsTheKeysLoaded() {
        serve(k1);
        JwtVerifier v =
                verifier(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofMillis(500));
        v.ready().join();
        stall = true;

        reload(v);

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
    }
}
