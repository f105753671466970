package dev.redcast.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.client.RedcastException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Confined to the client's scheduler thread. Requests sent and not yet answered: their ids, the
 * reply each expects, its timeout, and what to do on a reply, an error or a lost connection.
 */
final class PendingRequests {
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId = 1;

    PendingRequests(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** A fresh request id. */
    long nextId() {
        return nextId++;
    }

    int size() {
        return pending.size();
    }

    /**
     * Waits for the reply to request {@code id}: {@code onReply} gets a reply of the expected type,
     * {@code onError} an error reply, an unexpected reply, an unreadable one or a timeout. A lost
     * connection runs {@code onDisconnect} when given, else fails the request like an error.
     */
    void track(
            long id,
            String type,
            Consumer<JsonNode> onReply,
            Consumer<RedcastException> onError,
            Runnable onDisconnect) {
        Scheduler.Cancellable timer =
                scheduler.schedule(
                        () -> {
                            Pending p = pending.remove(id);
                            if (p != null) {
                                p.onError.accept(
                                        new RedcastException(
                                                RedcastException.CODE_TIMEOUT,
                                                "no reply to "
                                                        + type
                                                        + " #"
                                                        + id
                                                        + " within "
                                                        + timeout.toMillis()
                                                        + " ms"));
                            }
                        },
                        timeout);
        pending.put(id, new Pending(type, replyType(type), onReply, onError, onDisconnect, timer));
    }

    /**
     * Hands a reply or error frame to the request it answers.
     *
     * @return false when it answers no waiting request
     */
    boolean answer(String type, JsonNode frame) {
        long id = Frames.id(frame);
        Pending p = id >= 0 ? pending.remove(id) : null;
        if (p == null) {
            return false;
        }
        p.timeout.cancel();
        if ("error".equals(type)) {
            p.onError.accept(Frames.error(frame));
        } else if (!p.expectedReply.equals(type)) {
            p.onError.accept(
                    new RedcastException(
                            RedcastException.CODE_BAD_FRAME,
                            "expected '"
                                    + p.expectedReply
                                    + "' for "
                                    + p.type
                                    + " #"
                                    + id
                                    + ", got '"
                                    + type
                                    + "'"));
        } else {
            try {
                p.onReply.accept(frame);
            } catch (RedcastException e) {
                // A reply we cannot read still ends its request, with the reason.
                p.onError.accept(e);
            }
        }
        return true;
    }

    /**
     * Ends every request waiting for a reply: those that survive a lost connection (subscribe,
     * unsubscribe) run their own handling, the others fail with {@code error}.
     */
    void endAll(RedcastException error) {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            p.timeout.cancel();
            if (p.onDisconnect != null) {
                p.onDisconnect.run();
            } else {
                p.onError.accept(error);
            }
        }
    }

    static String replyType(String commandType) {
        return switch (commandType) {
            case "subscribe" -> "subscribed";
            case "unsubscribe" -> "unsubscribed";
            case "publish" -> "published";
            case "ping" -> "pong";
            case "refresh" -> "refreshed";
            default -> commandType; // history, presence, channels reply with their own name
        };
    }

    private record Pending(
            String type,
            String expectedReply,
            Consumer<JsonNode> onReply,
            Consumer<RedcastException> onError,
            Runnable onDisconnect,
            Scheduler.Cancellable timeout) {}
}
