package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.client.RedcastException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final PendingRequests requests = new PendingRequests(scheduler, Duration.ofSeconds(2));
    private final List<String> events = new ArrayList<>();

    private long track(String type, boolean survivesDisconnect) {
        long id = requests.nextId();
        requests.track(
                id,
                type,
                reply -> events.add(type + " #" + id + " ok " + reply.path("type").asText()),
                error -> events.add(type + " #" + id + " failed " + error.code()),
                survivesDisconnect ? () -> events.add(type + " #" + id + " resent") : null);
        return id;
    }

    private static JsonNode frame(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aReplyOfTheExpectedType_completesItsRequest_once() throws Exception {
        long id = track("publish", false);

        assertThat(
                        requests.answer(
                                "published", frame("{\"type\":\"published\",\"id\":" + id + "}")))
                .isTrue();
        assertThat(
                        requests.answer(
                                "published", frame("{\"type\":\"published\",\"id\":" + id + "}")))
                .as("a second reply answers nothing")
                .isFalse();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(events).containsExactly("publish #1 ok published");
        assertThat(requests.size()).isZero();
    }

    @Test
    void errorsWrongRepliesAndSilence_failTheRequestWithTheirCode() throws Exception {
        long a = track("history", false);
        long b = track("ping", false);
        track("presence", false);

        requests.answer(
                "error",
                frame(
                        "{\"type\":\"error\",\"id\":"
                                + a
                                + ",\"code\":\"not_found\",\"message\":\"x\"}"));
        requests.answer("history", frame("{\"type\":\"history\",\"id\":" + b + "}"));
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(events)
                .containsExactly(
                        "history #1 failed not_found",
                        "ping #2 failed " + RedcastException.CODE_BAD_FRAME,
                        "presence #3 failed " + RedcastException.CODE_TIMEOUT);
    }

    @Test
    void endAll_resendsWhatSurvivesADisconnect_andFailsTheRest() {
        track("subscribe", true);
        track("history", false);

        requests.endAll(new RedcastException(RedcastException.CODE_DISCONNECTED, "lost"));
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(events)
                .containsExactlyInAnyOrder(
                        "subscribe #1 resent",
                        "history #2 failed " + RedcastException.CODE_DISCONNECTED);
    }

    @Test
    void replyTypes_followTheProtocol() {
        assertThat(PendingRequests.replyType("subscribe")).isEqualTo("subscribed");
        assertThat(PendingRequests.replyType("ping")).isEqualTo("pong");
        assertThat(PendingRequests.replyType("history")).isEqualTo("history");
    }
}
