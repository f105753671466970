package dev.redcast.server.hub;

import dev.redcast.server.broker.TopicKey;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe: mutated only inside the hub's per-key {@code compute}, read lock-free by fan-out.
 * The node-local subscribers of one channel or pattern, grouped by the event loop that owns each
 * subscriber and by the kind of client ({@link Wire}), so a message costs one task per loop rather
 * than one per subscriber, and one encoding per kind of client. Groups of one kind are kept next to
 * each other, so fan-out encodes each kind's frame once without looking anything up.
 */
final class Topic {
    /** One event loop's share of the subscribers of one kind. */
    record Group(LoopShard shard, Wire wire, Subscription[] subscribers) {}

    private static final Group[] NONE = {};

    final TopicKey key;

    /** Completes once the broker delivers this topic's messages. */
    final CompletableFuture<Void> flowing;

    /** Pinned topics (default channels) stay subscribed upstream with no subscriber. */
    boolean pinned;

    /** Copy-on-write: replaced, never mutated, so fan-out reads a consistent snapshot. */
    private volatile Group[] groups = NONE;

    // Volatile: also read by the thread that writes the node record.
    private volatile int size;

    Topic(TopicKey key, CompletableFuture<Void> flowing) {
        this.key = key;
        this.flowing = flowing;
    }

    Group[] groups() {
        return groups;
    }

    int size() {
        return size;
    }

    boolean removable() {
        return size == 0 && !pinned;
    }

    void add(Subscription s) {
        Group[] gs = groups;
        LoopShard shard = s.session().shard();
        Wire wire = s.session().wire();
        int at = gs.length;
        for (int i = 0; i < gs.length; i++) {
            if (gs[i].wire() != wire) {
                continue;
            }
            if (gs[i].shard() == shard) {
                Subscription[] subs =
                        Arrays.copyOf(gs[i].subscribers(), gs[i].subscribers().length + 1);
                subs[subs.length - 1] = s;
                Group[] next = gs.clone();
                next[i] = new Group(shard, wire, subs);
                groups = next;
                size++;
                return;
            }
            at = i + 1; // a new group of this kind goes right behind the others
        }
        Group[] next = new Group[gs.length + 1];
        System.arraycopy(gs, 0, next, 0, at);
        next[at] = new Group(shard, wire, new Subscription[] {s});
        System.arraycopy(gs, at, next, at + 1, gs.length - at);
        groups = next;
        size++;
    }

    /** Removes {@code s}; false when it was not here. */
    boolean remove(Subscription s) {
        Group[] gs = groups;
        for (int i = 0; i < gs.length; i++) {
            Subscription[] subs = gs[i].subscribers();
            for (int j = 0; j < subs.length; j++) {
                if (subs[j] != s) {
                    continue;
                }
                size--;
                if (subs.length == 1) {
                    Group[] next = new Group[gs.length - 1];
                    System.arraycopy(gs, 0, next, 0, i);
                    System.arraycopy(gs, i + 1, next, i, gs.length - i - 1);
                    groups = next;
                } else {
                    Subscription[] rest = new Subscription[subs.length - 1];
                    System.arraycopy(subs, 0, rest, 0, j);
                    System.arraycopy(subs, j + 1, rest, j, subs.length - j - 1);
                    Group[] next = gs.clone();
                    next[i] = new Group(gs[i].shard(), gs[i].wire(), rest);
                    groups = next;
                }
                return true;
            }
        }
        return false;
    }
}
