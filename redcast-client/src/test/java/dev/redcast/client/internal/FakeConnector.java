package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Confined to the test thread. A connector whose links are driven by the test acting as the server:
 * it opens them, sends frames, closes them, and reads what the client sent.
 */
final class FakeConnector implements Link.Connector {
    final List<FakeLink> links = new ArrayList<>();

    @Override
    public Link open(String token, Link.Events events) {
        FakeLink link = new FakeLink(token, events);
        links.add(link);
        return link;
    }

    FakeLink last() {
        assertThat(links).as("links opened").isNotEmpty();
        return links.get(links.size() - 1);
    }

    static final class FakeLink implements Link {
        /** The token the client connected with; null for none. */
        final String token;

        final Link.Events events;
        final ArrayDeque<String> sent = new ArrayDeque<>();
        int closeCode = -1;

        FakeLink(String token, Link.Events events) {
            this.token = token;
            this.events = events;
        }

        @Override
        public void send(String text) {
            if (closeCode < 0) {
                sent.add(text);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (closeCode < 0) {
                closeCode = code;
            }
        }

        FakeLink open() {
            events.onOpen(this);
            return this;
        }

        void receive(String json) {
            events.onText(this, json.replace('\'', '"'));
        }

        void serverClose(int code, String reason) {
            events.onClosed(this, code, reason);
        }

        void fail(Throwable cause) {
            events.onFailed(this, cause);
        }

        /** The next frame the client sent, which must be of {@code type}. */
        JsonNode next(String type) {
            assertThat(sent).as("frames sent by the client").isNotEmpty();
            JsonNode frame = Frames.parse(sent.poll());
            assertThat(Frames.type(frame)).as("type of " + frame).isEqualTo(type);
            return frame;
        }

        void assertNothingSent() {
            assertThat(sent).as("frames sent by the client").isEmpty();
        }
    }
}
