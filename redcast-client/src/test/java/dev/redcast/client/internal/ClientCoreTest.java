package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.client.ClientConfig;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.PublishResult;
import dev.redcast.client.RedcastException;
import dev.redcast.client.SubscribeOptions;
import dev.redcast.client.Subscribed;
import dev.redcast.client.Welcome;
import dev.redcast.client.internal.FakeConnector.FakeLink;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.protocol.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCoreTest {
    private static final String WELCOME =
            "{'type':'welcome','client':'c1','user':'wael','node':'n1','version':'1.0',"
                    + "'ping_interval':0,'subscriptions':[]}";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeConnector connector = new FakeConnector();
    private final Recorder rec = new Recorder();
    private ConnectionState lastState;
    private ClientCore core;

    @BeforeEach
    void setUp() {
        core = newCore(true);
    }

    @AfterEach
    void tearDown() {
        rec.assertExhausted();
    }

    private ClientCore newCore(boolean reconnect) {
        ClientConfig config =
                new ClientConfig(
                        URI.create("ws://127.0.0.1:1/ws"),
                        "s3cret",
                        null,
                        "wael",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        1.0,
                        reconnect,
                        1 << 20,
                        16,
                        null);
        return new ClientCore(
                config,
                scheduler,
                Runnable::run,
                connector,
                new ClientCore.Listeners(rec, rec, null),
                s -> lastState = s,
                () -> 0.5);
    }

    /** Connects and consumes the state events of a successful first connection. */
    private FakeLink connect() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        FakeLink link = connector.last().open();
        link.receive(WELCOME);
        assertThat(f).isCompletedWithValueMatching(w -> w.client().equals("c1"));
        rec.expect("state connecting 0");
        rec.expect("state connected");
        return link;
    }

    private CompletableFuture<Subscribed> subscribe(FakeLink link, String channel) {
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        core.subscribe(channel, SubscribeOptions.DEFAULT, rec, f);
        long id = link.next("subscribe").get("id").asLong();
        link.receive("{'type':'subscribed','id':" + id + ",'channel':'" + channel + "'}");
        assertThat(f).isCompleted();
        return f;
    }

    private static String message(String channel, String payload, long offset) {
        return "{'type':'message','channel':'"
                + channel
                + "','payload':'"
                + payload
                + "','offset':"
                + offset
                + ",'epoch':'e1'}";
    }

    /** Loses the connection, waits out the backoff and reconnects; returns the new link. */
    private FakeLink reconnect(FakeLink old) {
        old.serverClose(1006, "connection lost");
        rec.expect("state reconnecting 1 150ms 1006");
        scheduler.advance(Duration.ofMillis(150));
        rec.expect("state connecting 1");
        FakeLink link = connector.last().open();
        link.receive(WELCOME);
        rec.expect("state connected");
        return link;
    }

    /** The new link after a reconnect, and the id of the subscribe it sent. */
    private record Resubscribe(FakeLink link, long id) {}

    /** Subscribes to general, receives m1 at offset 1, loses the connection and reconnects. */
    private Resubscribe resubscribeAfterM1() {
        FakeLink link = connect();
        subscribe(link, "general");
        link.receive(message("general", "m1", 1));
        rec.expect("message general m1 @1");
        FakeLink next = reconnect(link);
        return new Resubscribe(next, next.next("subscribe").get("id").asLong());
    }

    @Test
    void connect_sendsNothingUntilWelcome_thenCompletesWithIt() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        FakeLink link = connector.last().open();
        assertThat(f).isNotDone();
        link.receive(WELCOME.replace("'ping_interval':0", "'ping_interval':25"));
        assertThat(f.join().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(lastState).isInstanceOf(ConnectionState.Connected.class);
        rec.expect("state connecting 0");
        rec.expect("state connected");
        link.assertNothingSent();
    }

    @Test
    void firstConnectRefused_failsConnectWithServerCode_andDoesNotRetry() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        connector.last().fail(new RedcastException("unauthorized", "bad token", 401, null));
        assertThatThrownBy(f::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo("unauthorized"));
        rec.expect("state connecting 0");
        rec.expect("state closed 1006");
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(connector.links).hasSize(1);
    }

    @Test
    void noWelcomeWithinConnectTimeout_failsConnect() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        FakeLink link = connector.last().open();
        scheduler.advance(Duration.ofSeconds(5));
        assertThatThrownBy(f::join).hasMessageContaining("no welcome");
        assertThat(link.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
        rec.expect("state connecting 0");
        rec.expect("state closed 1006");
    }

    @Test
    void replies_areMatchedById_evenOutOfOrder() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> a = new CompletableFuture<>();
        CompletableFuture<PublishResult> b = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "general", "a"), Frames::published, a);
        core.request("publish", id -> Frames.publish(id, "general", "b"), Frames::published, b);
        JsonNode first = link.next("publish");
        JsonNode second = link.next("publish");
        assertThat(second.get("id").asLong()).isGreaterThan(first.get("id").asLong());
        assertThat(first.get("payload").asText()).isEqualTo("a");

        link.receive("{'type':'published','id':" + second.get("id") + ",'offset':8,'epoch':'e'}");
        assertThat(a).isNotDone();
        link.receive("{'type':'published','id':" + first.get("id") + ",'offset':7,'epoch':'e'}");
        assertThat(a.join()).isEqualTo(new PublishResult(7L, "e"));
        assertThat(b.join()).isEqualTo(new PublishResult(8L, "e"));
    }

    @Test
    void publishWithIdempotencyKey_sendsIt_andReadsAReplay_orOutcomeUnknown() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> first = new CompletableFuture<>();
        core.request(
                "publish",
                id -> Frames.publish(id, "orders", "paid", "k-1"),
                Frames::published,
                first);
        JsonNode sent = link.next("publish");
        assertThat(sent.get("idempotency_key").asText()).isEqualTo("k-1");
        link.receive(
                "{'type':'error','id':"
                        + sent.get("id")
                        + ",'code':'outcome_unknown','message':'it may have been applied'}");
        assertThatThrownBy(first::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(ErrorCode.OUTCOME_UNKNOWN.is(e.code())).isTrue());

        CompletableFuture<PublishResult> retry = new CompletableFuture<>();
        core.request(
                "publish",
                id -> Frames.publish(id, "orders", "paid", "k-1"),
                Frames::published,
                retry);
        JsonNode again = link.next("publish");
        link.receive(
                "{'type':'published','id':"
                        + again.get("id")
                        + ",'offset':7,'epoch':'e','replayed':true}");
        assertThat(retry.join()).isEqualTo(new PublishResult(7L, "e", true));
    }

    @Test
    void errorFrame_failsTheMatchingRequestWithCodeAndMessage() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "secret", "x"), Frames::published, f);
        long id = link.next("publish").get("id").asLong();
        link.receive(
                "{'type':'error','id':"
                        + id
                        + ",'code':'forbidden','message':'no publish on secret'}");
        assertThatThrownBy(f::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("forbidden");
                            assertThat(e.getMessage()).isEqualTo("no publish on secret");
                        });
    }

    @Test
    void replyOfTheWrongType_failsTheRequest() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "c", "x"), Frames::published, f);
        long id = link.next("publish").get("id").asLong();
        link.receive("{'type':'pong','id':" + id + "}");
        assertThatThrownBy(f::join).hasMessageContaining("expected 'published'");
    }

    @Test
    void noReply_failsWithTimeout_andALateReplyIsIgnored() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "c", "x"), Frames::published, f);
        long id = link.next("publish").get("id").asLong();
        scheduler.advance(Duration.ofMillis(1999));
        assertThat(f).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThatThrownBy(f::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_TIMEOUT));
        link.receive("{'type':'published','id':" + id + "}");
    }

    @Test
    void tooManyPendingRequests_areRejected() {
        FakeLink link = connect();
        for (int i = 0; i < 16; i++) {
            core.request(
                    "ping", id -> Frames.command("ping", id), r -> r, new CompletableFuture<>());
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        core.request("ping", id -> Frames.command("ping", id), r -> r, f);
        assertThatThrownBy(f::join).hasMessageContaining("limit 16");
        assertThat(link.sent).hasSize(16);
    }

    @Test
    void lostConnection_failsPendingRequests_andRequestsWhileReconnectingFailAtOnce() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> pending = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "c", "x"), Frames::published, pending);
        link.serverClose(1006, "connection lost");
        rec.expect("state reconnecting 1 150ms 1006");
        assertThatThrownBy(pending::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_DISCONNECTED));

        CompletableFuture<PublishResult> during = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "c", "y"), Frames::published, during);
        assertThatThrownBy(during::join).hasMessageContaining("reconnecting");
    }

    @Test
    void reconnectDelays_growWithEachFailedAttempt_andResetAfterSuccess() {
        FakeLink link = connect();
        link.serverClose(4008, "slow consumer");
        rec.expect("state reconnecting 1 150ms 4008");
        scheduler.advance(Duration.ofMillis(150));
        rec.expect("state connecting 1");
        connector.last().fail(new java.net.ConnectException("Connection refused"));
        // attempt 2: window [100, 400] ms, random 0.5 -> 250 ms
        rec.expect("state reconnecting 2 250ms 1006");
        scheduler.advance(Duration.ofMillis(249));
        assertThat(connector.links).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        rec.expect("state connecting 2");
        FakeLink third = connector.last().open();
        third.receive(WELCOME);
        rec.expect("state connected");
        reconnect(third); // attempt numbering starts again at 1
    }

    @Test
    void terminalCloseCodes_endTheClientWithoutReconnecting() {
        for (int code : new int[] {1000, 1009, 4500, 4999}) {
            core = newCore(true);
            connector.links.clear();
            FakeLink link = connect();
            CompletableFuture<Subscribed> sub = new CompletableFuture<>();
            core.subscribe("general", SubscribeOptions.DEFAULT, rec, sub);
            link.serverClose(code, "bye");
            rec.expect("state closed " + code);
            assertThatThrownBy(sub::join).hasMessageContaining(code + " bye");
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(connector.links).as("after close code " + code).hasSize(1);
        }
    }

    @Test
    void serverSideCloseCodes_reconnect() {
        FakeLink link = connect();
        link.serverClose(1001, "going away");
        rec.expect("state reconnecting 1 150ms 1001");
    }

    @Test
    void refusedUpgradeWhileReconnecting_isTerminal() {
        FakeLink link = connect();
        link.serverClose(1006, "lost");
        rec.expect("state reconnecting 1 150ms 1006");
        scheduler.advance(Duration.ofMillis(150));
        rec.expect("state connecting 1");
        connector.last().fail(new RedcastException("unauthorized", "token expired", 401, null));
        rec.expect("state closed 1006");
        assertThat(lastState).isInstanceOf(ConnectionState.Closed.class);
    }

    @Test
    void
            reconnect_resubscribesWithSinceTheLastOffset_andDeliversReplayedMessagesWithoutDuplicates() {
        FakeLink link = connect();
        subscribe(link, "general");
        link.receive(message("general", "m1", 1));
        link.receive(message("general", "m2", 2));
        rec.expect("message general m1 @1");
        rec.expect("message general m2 @2");

        FakeLink next = reconnect(link);
        JsonNode resub = next.next("subscribe");
        assertThat(resub.get("channel").asText()).isEqualTo("general");
        assertThat(resub.get("since").get("offset").asLong()).isEqualTo(2);
        assertThat(resub.get("since").get("epoch").asText()).isEqualTo("e1");
        assertThat(resub.has("history")).isFalse();

        // The server replays a little too much (m2 again): it must not reach the listener twice.
        next.receive(
                "{'type':'subscribed','id':"
                        + resub.get("id")
                        + ",'channel':'general','recovered':true,'offset':4,'epoch':'e1','messages':["
                        + message("general", "m2", 2)
                        + ","
                        + message("general", "m3", 3)
                        + ","
                        + message("general", "m4", 4)
                        + "]}");
        rec.expect("message general m3 @3");
        rec.expect("message general m4 @4");
        rec.expect("recovered general 2");
        next.receive(message("general", "m4", 4));
        next.receive(message("general", "m5", 5));
        rec.expect("message general m5 @5");
    }

    @Test
    void liveMessageArrivingBeforeTheRecoveryReply_isDeliveredAfterTheReplayedOnes() {
        Resubscribe r = resubscribeAfterM1();
        FakeLink next = r.link();
        long id = r.id();
        next.receive(message("general", "m3", 3));
        next.receive(
                "{'type':'subscribed','id':"
                        + id
                        + ",'channel':'general','recovered':true,'messages':["
                        + message("general", "m2", 2)
                        + "]}");
        rec.expect("message general m2 @2");
        rec.expect("recovered general 1");
        rec.expect("message general m3 @3");
    }

    @Test
    void recoveryImpossible_tellsTheListener_andContinuesFromTheCurrentOffset() {
        Resubscribe r = resubscribeAfterM1();
        FakeLink next = r.link();
        long id = r.id();
        next.receive(
                "{'type':'subscribed','id':"
                        + id
                        + ",'channel':'general','recovered':false,'offset':3,'epoch':'e2'}");
        rec.expect("recovery failed general StreamPosition[offset=3, epoch=e2]");
        next.receive(message("general", "m4", 4).replace("e1", "e2"));
        rec.expect("message general m4 @4");

        // The next recovery starts from what this epoch delivered.
        FakeLink third = reconnect(next);
        JsonNode since = third.next("subscribe").get("since");
        assertThat(since.get("offset").asLong()).isEqualTo(4);
        assertThat(since.get("epoch").asText()).isEqualTo("e2");
    }

    @Test
    void unrecoverableError_isReportedAndTheChannelIsResubscribedWithoutSince() {
        Resubscribe r = resubscribeAfterM1();
        FakeLink next = r.link();
        long id = r.id();
        next.receive("{'type':'error','id':" + id + ",'code':'unrecoverable','message':'gone'}");
        rec.expect("recovery failed general null");
        assertThat(next.next("subscribe").has("since")).isFalse();
    }

    @Test
    void unrecoverableErrorOnALiveSubscription_isAFailedRecovery_andTheNextMessageStillArrives() {
        FakeLink link = connect();
        subscribe(link, "general");
        link.receive(message("general", "m1", 1));
        rec.expect("message general m1 @1");
        // The server lost history (new epoch) and says so before the first message of the new one.
        link.receive(
                "{'type':'error','code':'unrecoverable','channel':'general','message':'lost',"
                        + "'offset':1,'epoch':'e2'}");
        link.receive(message("general", "first of e2", 1).replace("e1", "e2"));
        rec.expect("recovery failed general StreamPosition[offset=1, epoch=e2]");
        rec.expect("message general first of e2 @1");
        link.receive("{'type':'error','code':'unrecoverable','channel':'unknown','message':'x'}");
        link.receive("{'type':'error','code':'internal','message':'x'}");
    }

    @Test
    void resubscribeRejected_tellsTheListenerAndDropsTheSubscription() {
        FakeLink link = connect();
        subscribe(link, "general");
        FakeLink next = reconnect(link);
        long id = next.next("subscribe").get("id").asLong();
        next.receive("{'type':'error','id':" + id + ",'code':'forbidden','message':'no'}");
        rec.expect("subscription failed general forbidden");
        next.receive(message("general", "late", 9));
        reconnect(next).assertNothingSent();
    }

    @Test
    void subscribeBeforeConnect_isSentAfterTheWelcome_withHistoryOnlyTheFirstTime() {
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        core.subscribe("general", SubscribeOptions.DEFAULT.withHistory(20), rec, f);
        FakeLink link = connect();
        JsonNode sub = link.next("subscribe");
        assertThat(sub.get("history").asInt()).isEqualTo(20);
        link.receive(
                "{'type':'subscribed','id':"
                        + sub.get("id")
                        + ",'channel':'general','messages':[]}");
        assertThat(f).isCompleted();
        FakeLink next = reconnect(link);
        assertThat(next.next("subscribe").has("history")).isFalse();
    }

    @Test
    void historyInTheSubscribedReply_isDeliveredBeforeTheFutureCompletes() {
        FakeLink link = connect();
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        core.subscribe("general", SubscribeOptions.DEFAULT.withHistory(2), rec, f);
        f.thenRun(() -> rec.onStateChange(new ConnectionState.Idle()));
        long id = link.next("subscribe").get("id").asLong();
        link.receive(
                "{'type':'subscribed','id':"
                        + id
                        + ",'channel':'general','offset':6,'epoch':'e1','messages':["
                        + message("general", "old5", 5)
                        + ","
                        + message("general", "old6", 6)
                        + "]}");
        rec.expect("message general old5 @5");
        rec.expect("message general old6 @6");
        rec.expect("state idle");
    }

    @Test
    void unsubscribe_stopsDeliveryAtOnce_andIsNotRestoredOnReconnect() {
        FakeLink link = connect();
        subscribe(link, "general");
        CompletableFuture<Void> f = new CompletableFuture<>();
        core.unsubscribe("general", false, f);
        long id = link.next("unsubscribe").get("id").asLong();
        link.receive(message("general", "in flight", 3));
        link.receive("{'type':'unsubscribed','id':" + id + "}");
        assertThat(f).isCompleted();
        reconnect(link).assertNothingSent();
    }

    @Test
    void unsubscribeUnknown_failsWithNotFound() {
        connect();
        CompletableFuture<Void> f = new CompletableFuture<>();
        core.unsubscribe("nope", false, f);
        assertThatThrownBy(f::join).hasMessageContaining("not subscribed to nope");
    }

    @Test
    void doubleSubscribe_isRejected() {
        FakeLink link = connect();
        subscribe(link, "general");
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        core.subscribe("general", SubscribeOptions.DEFAULT, rec, f);
        assertThatThrownBy(f::join).hasMessageContaining("already subscribed");
        link.assertNothingSent();
    }

    @Test
    void patternMessages_goToThePatternSubscription() {
        FakeLink link = connect();
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        core.subscribe("news.*", SubscribeOptions.ofPattern(), rec, f);
        JsonNode sub = link.next("subscribe");
        assertThat(sub.get("pattern").asBoolean()).isTrue();
        link.receive(
                "{'type':'subscribed','id':"
                        + sub.get("id")
                        + ",'channel':'news.*','pattern':true}");
        assertThat(f.join().pattern()).isTrue();
        link.receive("{'type':'message','channel':'news.tech','pattern':'news.*','payload':'hi'}");
        link.receive("{'type':'message','channel':'other','payload':'dropped'}");
        rec.expect("message news.tech hi");
    }

    @Test
    void presenceFrames_goToThePresenceListener() {
        FakeLink link = connect();
        link.receive("{'type':'join','channel':'general','user':'mazen'}");
        link.receive("{'type':'leave','channel':'general','user':'mazen'}");
        rec.expect("join general mazen");
        rec.expect("leave general mazen");
    }

    @Test
    void badFrames_areIgnoredAndTheConnectionStays() {
        FakeLink link = connect();
        subscribe(link, "general");
        link.receive("not json");
        link.receive("{'no':'type'}");
        link.receive("{'type':'message','payload':'no channel'}");
        link.receive(message("general", "fine", 1));
        rec.expect("message general fine @1");
        assertThat(link.closeCode).isEqualTo(-1);
    }

    @Test
    void silentServer_isPinged_andAMissingPongReconnects() {
        CompletableFuture<Welcome> f = new CompletableFuture<>();
        core.connect(f);
        FakeLink link = connector.last().open();
        link.receive(WELCOME.replace("'ping_interval':0", "'ping_interval':10"));
        rec.expect("state connecting 0");
        rec.expect("state connected");
        scheduler.advance(Duration.ofSeconds(10));
        long id = link.next("ping").get("id").asLong();
        link.receive("{'type':'pong','id':" + id + "}");
        scheduler.advance(Duration.ofSeconds(10));
        link.next("ping");
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(link.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
        rec.expect("state reconnecting 1 150ms 1006");
    }

    @Test
    void close_closesWith1000_failsPending_andIgnoresLaterEvents() {
        FakeLink link = connect();
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        core.request("publish", id -> Frames.publish(id, "c", "x"), Frames::published, f);
        core.close();
        assertThat(link.closeCode).isEqualTo(1000);
        rec.expect("state closed 1000");
        assertThatThrownBy(f::join)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_CLOSED));
        link.serverClose(1006, "late");
        core.close();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(connector.links).hasSize(1);
        assertThat(scheduler.live()).isZero();
    }
}
