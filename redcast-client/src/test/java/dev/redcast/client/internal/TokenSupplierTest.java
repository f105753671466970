package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.client.ClientConfig;
import dev.redcast.client.RedcastException;
import dev.redcast.client.Welcome;
import dev.redcast.client.internal.FakeConnector.FakeLink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client core with a token supplier: asked for every connection, and for a fresh JWT before the
 * one in use expires, which goes out as a {@code refresh} command. Callbacks run inline and the
 * clock is manual, so every step is deterministic.
 */
class TokenSupplierTest {
    private static final String WELCOME =
            "{'type':'welcome','client':'c1','user':'wael','node':'n1','version':'1.0',"
                    + "'ping_interval':0,'subscriptions':[]}";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeConnector connector = new FakeConnector();
    private final Recorder rec = new Recorder();

    /** Every token the supplier handed out, in order. */
    private final List<String> issued = new ArrayList<>();

    private ClientCore core;

    @AfterEach
    void tearDown() {
        rec.assertExhausted();
    }

    /**
     * A JWT whose signature is a dummy (the client never checks one); {@code n} tells them apart.
     */
    private static String jwt(Instant exp, int n) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":\"wael\",\"n\":" + n + ",\"exp\":" + exp.getEpochSecond() + "}";
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + ".c2ln";
    }

    /** A supplier of fresh JWTs, each valid for {@code life} from the manual clock's now. */
    private Supplier<CompletionStage<String>> freshTokens(Duration life) {
        return () -> {
            String token = jwt(scheduler.wallClock().plus(life), issued.size() + 1);
            issued.add(token);
            return CompletableFuture.completedFuture(token);
        };
    }

    private static ClientConfig config(
            String token, Supplier<? extends CompletionStage<String>> tokens) {
        return new ClientConfig(
                URI.create("ws://127.0.0.1:1/ws"),
                token,
                tokens,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                1.0,
                true,
                1 << 20,
                16,
                null);
    }

    private void newCore(Supplier<? extends CompletionStage<String>> tokens) {
        core =
                new ClientCore(
                        config(null, tokens),
                        scheduler,
                        Runnable::run,
                        connector,
                        new ClientCore.Listeners(rec, rec, null),
                        s -> {},
                        () -> 0.5);
    }

    private FakeLink connect() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        FakeLink link = connector.last().open();
        link.receive(WELCOME);
        assertThat(f).isCompleted();
        rec.expect("state connecting 0");
        rec.expect("state connected");
        return link;
    }

    /** Moves the manual clock to wall-clock time {@code at}. */
    private void advanceTo(Instant at) {
        scheduler.advance(Duration.between(scheduler.wallClock(), at));
    }

    @Test
    void supplier_isAskedBeforeEveryConnectionAttempt() {
        newCore(freshTokens(Duration.ofMinutes(10)));
        FakeLink first = connect();
        assertThat(first.token).isEqualTo(issued.get(0));
        first.serverClose(1006, "lost");
        rec.expect("state reconnecting 1 150ms 1006");
        scheduler.advance(Duration.ofMillis(150));
        rec.expect("state connecting 1");
        assertThat(connector.last().token).isEqualTo(issued.get(1));
        assertThat(issued).hasSize(2);
    }

    @Test
    void failingSupplier_failsTheFirstConnectLikeARefusedConnection() {
        newCore(() -> CompletableFuture.failedFuture(new IllegalStateException("session over")));
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        assertThatThrownBy(f::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(RedcastException.CODE_CONNECT_FAILED);
                            assertThat(e.getMessage())
                                    .isEqualTo("the token supplier failed: session over");
                        });
        assertThat(connector.links).isEmpty();
        rec.expect("state connecting 0");
        rec.expect("state closed 1006");
    }

    @Test
    void jwt_isReplaced30SecondsBeforeItExpires_andSoIsTheNextOne() {
        newCore(freshTokens(Duration.ofMinutes(10)));
        Instant start = scheduler.wallClock();
        FakeLink link = connect();

        advanceTo(start.plusSeconds(570).minusMillis(1));
        link.assertNothingSent();
        scheduler.advance(Duration.ofMillis(1));
        var refresh = link.next("refresh");
        assertThat(refresh.get("token").asText()).isEqualTo(issued.get(1));
        link.receive(
                "{'type':'refreshed','id':"
                        + refresh.get("id")
                        + ",'expires_at':'2030-01-01T00:19:30Z'}");

        // The second token was issued at 570 s and lives 600 s.
        advanceTo(start.plusSeconds(1140).minusMillis(1));
        link.assertNothingSent();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(link.next("refresh").get("token").asText()).isEqualTo(issued.get(2));
    }

    @Test
    void shortLivedJwt_isReplacedAtHalfItsLife() {
        newCore(freshTokens(Duration.ofSeconds(6)));
        FakeLink link = connect();
        scheduler.advance(Duration.ofMillis(2999));
        link.assertNothingSent();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(link.next("refresh").get("token").asText()).isEqualTo(issued.get(1));
    }

    @Test
    void theTokenInUseAgain_isAskedForAgainCloserToExpiry_andNeverSent() {
        String token = jwt(ManualScheduler.EPOCH.plusSeconds(60), 1);
        int[] asked = {0};
        newCore(
                () -> {
                    asked[0]++;
                    return CompletableFuture.completedFuture(token);
                });
        FakeLink link = connect();
        scheduler.advance(Duration.ofSeconds(60));
        // On connect, then at 30, 45, 52.5, 56.25, 58.125 and 59.0625 s; then under 1 s is left.
        assertThat(asked[0]).isEqualTo(7);
        link.assertNothingSent();
        assertThat(scheduler.live()).isZero();
    }

    @Test
    void refusedRefresh_isTriedAgainWithTheNextToken_atHalfTheTimeLeft() {
        newCore(freshTokens(Duration.ofSeconds(60)));
        FakeLink link = connect();
        scheduler.advance(Duration.ofSeconds(30));
        var refused = link.next("refresh");
        link.receive(
                "{'type':'error','id':"
                        + refused.get("id")
                        + ",'code':'unauthorized','message':'bad signature'}");

        scheduler.advance(Duration.ofMillis(14_999));
        link.assertNothingSent();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(link.next("refresh").get("token").asText()).isEqualTo(issued.get(2));
    }

    @Test
    void supplierFailingAtRefreshTime_leavesTheConnection_andIsAskedAgain() {
        int[] calls = {0};
        newCore(
                () -> {
                    calls[0]++;
                    if (calls[0] == 2) {
                        throw new IllegalStateException("no token now");
                    }
                    return freshTokens(Duration.ofSeconds(60)).get();
                });
        FakeLink link = connect();
        scheduler.advance(Duration.ofSeconds(30));
        link.assertNothingSent();
        assertThat(link.closeCode).isEqualTo(-1);
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(link.next("refresh").get("token").asText()).isEqualTo(issued.get(1));
    }

    @Test
    void sharedTokenFromTheSupplier_isNeverRefreshed() {
        newCore(() -> CompletableFuture.completedFuture("s3cret"));
        connect();
        assertThat(scheduler.live()).as("timers left").isZero();
    }

    @Test
    void lostConnection_endsItsRefresh_theNextConnectionRefreshesItsOwnToken() {
        newCore(freshTokens(Duration.ofSeconds(60)));
        Instant start = scheduler.wallClock();
        FakeLink first = connect();
        scheduler.advance(Duration.ofSeconds(10));
        first.serverClose(1006, "lost");
        rec.expect("state reconnecting 1 150ms 1006");
        scheduler.advance(Duration.ofMillis(150));
        rec.expect("state connecting 1");
        FakeLink second = connector.last().open();
        second.receive(WELCOME);
        rec.expect("state connected");

        advanceTo(start.plusSeconds(30)); // when the first connection's refresh was due
        second.assertNothingSent();
        advanceTo(start.plusSeconds(41)); // past half the second token's life
        assertThat(second.next("refresh").get("token").asText()).isEqualTo(issued.get(2));
        first.assertNothingSent();
    }

    @Test
    void tokenAndTokenSupplier_areAlternatives() {
        assertThatThrownBy(() -> config("s3cret", () -> CompletableFuture.completedFuture("jwt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token and tokenSupplier are alternatives: give one of them");
    }

    @Test
    void jwtExpiry_isReadWithoutVerifying_andAnythingElseHasNone() {
        assertThat(Frames.jwtExpiry(jwt(Instant.ofEpochSecond(1_900_000_000), 1)))
                .isEqualTo(Instant.ofEpochSecond(1_900_000_000));
        for (String notJwt :
                List.of(
                        "s3cret",
                        "a.b",
                        "a.!!!.c",
                        "a." + b64("{\"sub\":\"x\"}") + ".c",
                        "a." + b64("{\"exp\":\"1900000000\"}") + ".c",
                        "a." + b64("[1]") + ".c",
                        "a." + b64("null") + ".c",
                        "a." + b64("") + ".c")) {
            assertThat(Frames.jwtExpiry(notJwt)).as(notJwt).isNull();
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
