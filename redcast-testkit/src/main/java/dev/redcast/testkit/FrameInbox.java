package dev.redcast.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe (all state guarded by {@link #lock}). What a {@link WsTestClient} received: the event
 * loop adds frames and the close status, test threads wait for them.
 *
 * <p>Tests need every frame, so the queue is not bounded by design; the hard cap only stops a
 * runaway server from exhausting the heap, and trips loudly.
 */
final class FrameInbox {

    /** Frames held at most before the inbox gives up: 1,000,000. */
    static final int HARD_CAP = 1_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JsonNode> frames = new ArrayDeque<>();
    // Null while the connection is open.
    private WsTestClient.CloseStatus closeStatus;
    // First unexpected problem on the connection (decoder error, overflow), shown in failures.
    private Throwable failure;

    /** Queues a frame; returns false (and records why) when the hard cap is reached. */
    boolean add(JsonNode frame) {
        lock.lock();
        try {
            if (frames.size() >= HARD_CAP) {
                recordFailureLocked(
                        new IllegalStateException(
                                "inbox overflow: more than " + HARD_CAP + " unconsumed frames"));
                return false;
            }
            frames.addLast(frame);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records how the connection ended; only the first call counts. */
    void closed(WsTestClient.CloseStatus status) {
        lock.lock();
        try {
            if (closeStatus == null) {
                closeStatus = status;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void failed(Throwable cause) {
        lock.lock();
        try {
            recordFailureLocked(cause);
        } finally {
            lock.unlock();
        }
    }

    private void recordFailureLocked(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        changed.signalAll();
    }

    WsTestClient.CloseStatus closeStatus() {
        lock.lock();
        try {
            return closeStatus;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next frame, or empty when none came within the timeout or the connection ended. */
    Optional<JsonNode> poll(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (frames.isEmpty() && closeStatus == null && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return Optional.ofNullable(frames.pollFirst());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a frame", e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the connection ends; returns null on timeout. */
    WsTestClient.CloseStatus awaitClose(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (closeStatus == null && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return closeStatus;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for close", e);
        } finally {
            lock.unlock();
        }
    }

    List<JsonNode> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(frames);
        } finally {
            lock.unlock();
        }
    }

    /** One line for failure messages: what is queued, whether closed, what went wrong. */
    String describe() {
        lock.lock();
        try {
            StringBuilder s = new StringBuilder();
            s.append("queued=").append(frames.size());
            if (!frames.isEmpty()) {
                s.append(' ').append(preview(frames));
            }
            s.append(", ").append(closeStatus == null ? "open" : "closed " + closeStatus);
            if (failure != null) {
                s.append(", failure=").append(failure);
            }
            return s.toString();
        } finally {
            lock.unlock();
        }
    }

    Throwable failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    static String preview(Iterable<JsonNode> nodes) {
        StringBuilder s = new StringBuilder("[");
        int shown = 0;
        int total = 0;
        for (JsonNode node : nodes) {
            total++;
            if (shown < 20) {
                s.append(shown == 0 ? "" : ", ").append(node);
                shown++;
            }
        }
        if (total > shown) {
            s.append(", ... ").append(total - shown).append(" more");
        }
        return s.append(']').toString();
    }
}
