package dev.redcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameInboxTest {

    @Test
    void parse_keepsJsonAsTree_andAnythingElseAsText() {
        assertThat(RecordingHandler.parse("{\"type\":\"x\"}").get("type").asText()).isEqualTo("x");
        assertThat(RecordingHandler.parse("")).isEqualTo(TextNode.valueOf(""));
        assertThat(RecordingHandler.parse("{\"a\":1} trailing"))
                .isEqualTo(TextNode.valueOf("{\"a\":1} trailing"));
        assertThat(RecordingHandler.parse("{\"a\":1,\"a\":2}"))
                .isEqualTo(TextNode.valueOf("{\"a\":1,\"a\":2}"));
    }

    @Test
    void poll_returnsQueuedFramesInOrder_thenEmptyOnceClosed() {
        FrameInbox inbox = new FrameInbox();
        inbox.add(TextNode.valueOf("a"));
        inbox.add(TextNode.valueOf("b"));
        inbox.closed(new WsTestClient.CloseStatus(1000, "done"));
        inbox.closed(new WsTestClient.CloseStatus(1006, ""));
        assertThat(inbox.poll(Duration.ZERO)).contains(TextNode.valueOf("a"));
        assertThat(inbox.poll(Duration.ZERO)).contains(TextNode.valueOf("b"));
        // Closed and empty: returns at once instead of waiting out the timeout.
        assertThat(inbox.poll(Duration.ofDays(1))).isEmpty();
        assertThat(inbox.awaitClose(Duration.ZERO))
                .isEqualTo(new WsTestClient.CloseStatus(1000, "done"));
        assertThat(inbox.describe()).contains("queued=0").contains("closed");
    }

    @Test
    void preview_showsAtMostTwentyFrames() {
        List<TextNode> many =
                java.util.stream.IntStream.range(0, 25)
                        .mapToObj(i -> TextNode.valueOf("f" + i))
                        .toList();
        assertThat(FrameInbox.preview(List.copyOf(many)))
                .contains("\"f19\"")
                .doesNotContain("\"f20\"")
                .contains("5 more");
    }

    @Test
    void options_rejectOutOfRangePort_andCopyArgs() {
        assertThatThrownBy(() -> RedisServer.Options.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        RedisServer.Options options =
                RedisServer.Options.defaults().withPersistence(true).withExtraArgs("--x", "1");
        assertThat(options.persistence()).isTrue();
        assertThat(options.extraArgs()).containsExactly("--x", "1");
        assertThat(options.port()).isZero();
    }
}
