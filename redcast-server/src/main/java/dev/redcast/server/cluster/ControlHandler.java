package dev.redcast.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.protocol.ChannelMessage;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Thread-safe; called from broker and store threads, must not block. What one {@link
 * ControlChannel} does with the messages that passed its checks (a live node signed them,
 * recently). Checking may take a store read and run for several messages at once; applying happens
 * in the order the messages arrived.
 */
public interface ControlHandler {
    /**
     * Decides about a message: whether it is well-formed for this channel and agrees with what the
     * cluster knows, and if so what applying it does.
     */
    CompletionStage<Verdict> check(Received message);

    /**
     * Thread-safe (immutable). A control message whose seal was verified.
     *
     * @param node the live node that signed it
     * @param json the message, seal fields included
     * @param message the broker message it came in
     */
    record Received(String node, ObjectNode json, ChannelMessage message) {}

    /**
     * Thread-safe (immutable). Apply {@code apply}, or ignore the message for {@code ignored}.
     *
     * @param apply what the message does, run in arrival order; null when ignored
     * @param ignored why the message is ignored (a metric label such as {@code malformed}), or null
     */
    record Verdict(Runnable apply, String ignored) {
        public Verdict {
            if ((apply == null) == (ignored == null)) {
                throw new IllegalArgumentException("a verdict applies or ignores, not both");
            }
        }

        public static Verdict apply(Runnable apply) {
            return new Verdict(Objects.requireNonNull(apply, "apply"), null);
        }

        public static Verdict ignore(String reason) {
            return new Verdict(null, Objects.requireNonNull(reason, "reason"));
        }
    }
}
