package dev.redcast.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.client.ChannelInfo;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.Message;
import dev.redcast.client.Presence;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import dev.redcast.client.Subscribed;
import dev.redcast.client.Welcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatControllerTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:02:00Z");

    private final ChatModel model =
            new ChatModel(
                    "redcast chat 1.0",
                    "wael",
                    "ws://h/ws",
                    ZoneOffset.UTC,
                    Clock.fixed(T0, ZoneOffset.UTC));
    private final FakeBackend backend = new FakeBackend();
    private final AtomicInteger repaints = new AtomicInteger();
    private final AtomicInteger quits = new AtomicInteger();
    private final ChatController controller =
            new ChatController(model, repaints::incrementAndGet, quits::incrementAndGet);

    @BeforeEach
    void setUp() {
        controller.attach(backend);
    }

    @AfterEach
    void tearDown() {
        assertThat(backend.calls).as("unchecked backend calls").isEmpty();
    }

    private void type(String line) {
        for (int cp : line.codePoints().toArray()) {
            controller.onKey(KeyAction.INSERT, Character.toString(cp));
        }
        controller.onKey(KeyAction.ENTER, "\r");
    }

    private List<String> log(String channel) {
        ChannelView v = channel == null ? model.view() : model.channel(channel);
        return v.lines().stream()
                .map(l -> (l.isNotice() ? "-- " : l.sender() + ": ") + l.text())
                .toList();
    }

    private static Message message(String channel, String from, String text, Long offset) {
        return new Message(
                channel, text, null, T0, offset, offset == null ? null : "e", from, null);
    }

    private void joined(String channel) {
        type("/join " + channel);
        assertThat(backend.calls.poll()).isEqualTo("subscribe " + channel);
        backend.subscribes
                .get(channel)
                .complete(new Subscribed(channel, false, null, null, null, List.of()));
        assertThat(backend.calls.poll()).isEqualTo("history " + channel + " 20");
    }

    @Test
    void join_subscribesThenShowsRecentHistoryBeforeEverythingElse() {
        type("/join general");
        assertThat(model.current()).isEqualTo("general");
        assertThat(model.notice()).isEqualTo("joining general...");
        assertThat(backend.calls.poll()).isEqualTo("subscribe general");
        backend.listeners.get("general").onMessage(message("general", "mazen", "live", 3L));
        backend.subscribes
                .get("general")
                .complete(new Subscribed("general", false, null, 3L, "e", List.of()));
        assertThat(backend.calls.poll()).isEqualTo("history general 20");
        backend.histories
                .get("general")
                .complete(
                        new HistoryPage(
                                "general",
                                List.of(
                                        message("general", "a", "old 1", 1L),
                                        message("general", "b", "old 2", 2L),
                                        message("general", "mazen", "live", 3L)),
                                3L,
                                "e"));
        assertThat(log("general"))
                .containsExactly("a: old 1", "b: old 2", "mazen: live", "-- joined general");
        assertThat(model.notice()).isEqualTo("joined general");
        assertThat(repaints.get()).isPositive();
    }

    @Test
    void join_whenTheChannelKeepsNoHistory_justContinues() {
        joined("general");
        backend.histories
                .get("general")
                .completeExceptionally(
                        new RedcastException("not_found", "channel 'general' keeps no history"));
        assertThat(log("general")).containsExactly("-- joined general");
        assertThat(model.notice()).isEqualTo("joined general");
    }

    @Test
    void joinRefused_removesTheChannelAndSaysWhy() {
        type("/join secret");
        assertThat(backend.calls.poll()).isEqualTo("subscribe secret");
        backend.subscribes
                .get("secret")
                .completeExceptionally(new RedcastException("forbidden", "no access"));
        assertThat(model.current()).isNull();
        assertThat(log(null)).containsExactly("-- cannot join secret: no access [forbidden]");
    }

    @Test
    void plainTextAndSend_publishToTheCurrentChannel_andMessagesArriveInItsLog() {
        type("hello");
        assertThat(model.notice()).isEqualTo("join a channel first: /join <channel>");
        joined("general");
        type("hello");
        type("/send /not a command");
        type("//slash");
        assertThat(backend.calls)
                .containsExactly(
                        "publish general hello",
                        "publish general /not a command",
                        "publish general /slash");
        backend.calls.clear();
        backend.listeners.get("general").onMessage(message("general", "wael", "hello", null));
        backend.listeners.get("general").onMessage(message("general", null, "from redis", null));
        assertThat(log("general"))
                .containsExactly("-- joined general", "wael: hello", "~: from redis");

        backend.publishes
                .poll()
                .completeExceptionally(new RedcastException("forbidden", "read-only"));
        assertThat(log("general")).last().isEqualTo("-- not sent: read-only [forbidden]");
    }

    @Test
    void messagesOnAnotherChannel_countAsUnread_untilItIsSelected() {
        joined("general");
        joined("random");
        controller.onKey(KeyAction.NEXT_CHANNEL, "");
        assertThat(model.current()).isEqualTo("general");
        backend.listeners.get("random").onMessage(message("random", "mazen", "psst", null));
        assertThat(model.channel("random").unread()).isEqualTo(1);
        type("/join random");
        assertThat(model.current()).isEqualTo("random");
        assertThat(model.channel("random").unread()).isZero();
        assertThat(model.notice()).isEqualTo("switched to random");
    }

    @Test
    void leave_unsubscribesAndGoesBackToThePreviousChannel() {
        joined("general");
        joined("random");
        type("/leave");
        assertThat(backend.calls.poll()).isEqualTo("unsubscribe random");
        assertThat(model.current()).isEqualTo("general");
        assertThat(model.channel("random")).isNull();
        assertThat(log("general")).last().isEqualTo("-- left random");
        type("/leave nope");
        assertThat(model.notice()).isEqualTo("not in nope");
        type("/leave general");
        assertThat(backend.calls.poll()).isEqualTo("unsubscribe general");
        assertThat(model.current()).isNull();
        type("/leave");
        assertThat(model.notice()).isEqualTo("not in a channel");
    }

    @Test
    void who_and_channels_writeTheirAnswersIntoTheLog() {
        joined("general");
        backend.histories
                .get("general")
                .complete(new HistoryPage("general", List.of(), null, null));
        type("/who");
        assertThat(backend.calls.poll()).isEqualTo("presence general");
        backend.presence.complete(new Presence("general", List.of("mazen", "wael")));
        assertThat(log("general")).last().isEqualTo("-- 2 in general: mazen, wael");
        type("/who");
        assertThat(backend.calls.poll()).isEqualTo("presence general");
        backend.presence.completeExceptionally(
                new RedcastException("not_found", "presence is off"));
        assertThat(log("general")).last().isEqualTo("-- who: presence is off [not_found]");

        type("/channels");
        assertThat(backend.calls.poll()).isEqualTo("channels");
        backend.channels.complete(
                List.of(new ChannelInfo("general", "talk", 3), new ChannelInfo("x", "", -1)));
        assertThat(log("general"))
                .last()
                .isEqualTo("-- channels on the server:\n  general - talk (3 subscribed)\n  x");
    }

    @Test
    void connectionStates_showInTheStatusBar() {
        Welcome w = new Welcome("c", "wael", "n", "1", Duration.ZERO, List.of());
        controller.onState(new ConnectionState.Connected(w));
        assertThat(model.connection()).isEqualTo("connected");
        controller.onState(
                new ConnectionState.Reconnecting(
                        2, Duration.ofMillis(1500), 1001, "server shutting down"));
        assertThat(model.connection()).isEqualTo("reconnecting in 1.5 s (attempt 2)");
        assertThat(model.notice()).isEqualTo("connection lost (1001 server shutting down)");
        controller.onState(new ConnectionState.Connecting(2));
        assertThat(model.connection()).isEqualTo("reconnecting (attempt 2)");
        controller.onState(new ConnectionState.Connected(w));
        assertThat(model.connection()).isEqualTo("connected");
        assertThat(model.notice()).isEqualTo("reconnected");
        controller.onState(new ConnectionState.Closed(4500, "token expired"));
        assertThat(model.connection()).isEqualTo("disconnected");
        assertThat(model.notice())
                .isEqualTo("connection closed (4500 token expired); /quit to exit");
    }

    @Test
    void recovery_isReported_andAFailedOneReloadsHistoryWithoutDuplicates() {
        joined("general");
        backend.histories
                .get("general")
                .complete(new HistoryPage("general", List.of(), null, null));
        backend.listeners.get("general").onMessage(message("general", "a", "m1", 1L));
        backend.listeners.get("general").onRecovered("general", 2);
        assertThat(model.notice()).isEqualTo("recovered 2 missed message(s) in general");

        backend.listeners.get("general").onRecoveryFailed("general", new StreamPosition(5, "e"));
        assertThat(model.notice()).isEqualTo("history gap in general; reloading");
        assertThat(backend.calls.poll()).isEqualTo("history general 20");
        backend.histories
                .get("general")
                .complete(
                        new HistoryPage(
                                "general",
                                List.of(
                                        message("general", "a", "m1", 1L),
                                        message("general", "b", "m5", 5L)),
                                5L,
                                "e"));
        assertThat(log("general"))
                .containsExactly(
                        "-- joined general",
                        "a: m1",
                        "-- messages sent while disconnected may be missing; reloading recent history",
                        "b: m5");
    }

    @Test
    void presenceFrames_areNoticesInTheChannel() {
        joined("general");
        controller.onJoin("general", "mazen");
        controller.onLeave("general", "mazen");
        assertThat(log("general"))
                .containsExactly("-- joined general", "-- mazen joined", "-- mazen left");
    }

    @Test
    void quit_byCommandCtrlCOrCtrlDOnAnEmptyLine() {
        type("/quit");
        controller.onKey(KeyAction.QUIT, "");
        controller.onKey(KeyAction.INSERT, "x");
        controller.onKey(KeyAction.EOF, "");
        assertThat(quits.get()).isEqualTo(2);
        controller.onKey(KeyAction.HOME, "");
        controller.onKey(KeyAction.EOF, "");
        assertThat(model.input().text()).isEmpty();
        controller.onKey(KeyAction.EOF, "");
        assertThat(quits.get()).isEqualTo(3);
    }

    @Test
    void badCommands_sayWhatIsWrong() {
        type("/join");
        assertThat(model.notice()).isEqualTo("usage: /join <channel>");
        type("/frobnicate");
        assertThat(model.notice()).isEqualTo("unknown command /frobnicate; /help lists them");
        type("/help");
        assertThat(log(null)).last().asString().startsWith("-- /join <channel>");
    }
}
