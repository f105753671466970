package dev.redcast.server.hub;

import dev.redcast.server.metrics.ServerMetrics;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its event loop, except {@link #enqueue}, which is thread-safe. Everything the hub
 * keeps per event loop: the sessions living on it, the queue of deliveries waiting for it, and the
 * one keep-alive timer that pings all of its sessions.
 *
 * <p>Design: a broker thread enqueues a delivery and schedules at most one drain task; the drain
 * writes every queued delivery to its subscribers without flushing, then flushes each touched
 * connection once. Under load many messages share one task and one flush per connection.
 *
 * <p>A backlog of consecutive messages to the same subscribers (a hot channel the loop fell behind
 * on) is written connection by connection instead: all of one connection's frames, then its flush.
 * Every connection still costs one system call however long the backlog, and no more frames wait
 * unflushed than the backlog is long, so the drain need not stop early to stay within the object
 * pools (see {@link #MAX_WRITES_PER_DRAIN}) and a loop that fell behind catches up in one pass. (A
 * connection on several channels whose messages interleave in the backlog may then be flushed more
 * than once in a drain.)
 */
final class LoopShard {
    private static final Logger log = LoggerFactory.getLogger(LoopShard.class);

    /** Deliveries handled per drain before yielding the loop to I/O. */
    private static final int DRAIN_BATCH = 256;

    /**
     * Unflushed writes per drain before it flushes and yields: every unflushed write holds a pooled
     * entry and duplicate, and beyond the pools' batch they would be garbage. Runs written
     * connection by connection leave nothing unflushed and do not count.
     */
    static final int MAX_WRITES_PER_DRAIN = NettyDefaults.RECYCLER_BATCH;

    /**
     * Deliveries that may wait for one loop (default 65 536: at 64 KB frames, at most 4 GB of
     * shared buffers in the worst case, typically a few MB). A loop this far behind is overloaded;
     * the subscribers of a delivery that does not fit are closed with 4008 rather than silently
     * missing it, and recover on reconnect. Counted by {@code redcast_loop_overflows_total}.
     */
    static final int MAX_QUEUED = 65_536;

    /**
     * Subscriber groups whose delivery was dropped, waiting to be closed by the loop; beyond this
     * the loop closes every session it holds.
     */
    private static final int MAX_LOST = 1024;

    final EventLoop loop;
    private final Queue<Delivery> queue = PlatformDependent.newMpscQueue();
    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Subscription[]> lost = PlatformDependent.newMpscQueue();
    private final AtomicInteger lostCount = new AtomicInteger();
    private final AtomicBoolean lostTooMany = new AtomicBoolean();
    private final ServerMetrics metrics;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final Set<Session> sessions = new LinkedHashSet<>();
    private final List<Session> dirty = new ArrayList<>();
    private final Delivery[] run = new Delivery[DRAIN_BATCH];

    LoopShard(EventLoop loop, int pingIntervalSeconds, ServerMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
        loop.scheduleAtFixedRate(
                this::keepAlive, pingIntervalSeconds, pingIntervalSeconds, TimeUnit.SECONDS);
    }

    /** Thread-safe. Hands a delivery to this loop; takes over its frame reference. */
    void enqueue(Delivery d) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            d.frame().release();
            metrics.loopOverflow();
            if (lostCount.incrementAndGet() <= MAX_LOST) {
                lost.offer(d.subscribers());
            } else {
                lostCount.decrementAndGet();
                lostTooMany.set(true);
            }
        } else {
            queue.offer(d);
        }
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    /** Deliveries waiting for this loop. */
    int queued() {
        return queued.get();
    }

    void register(Session s) {
        assert loop.inEventLoop();
        sessions.add(s);
    }

    void unregister(Session s) {
        assert loop.inEventLoop();
        sessions.remove(s);
    }

    /** Sessions on this loop, for shutdown. */
    List<Session> sessions() {
        assert loop.inEventLoop();
        return new ArrayList<>(sessions);
    }

    /** Called by a session that was written to without a flush during this drain. */
    void markDirty(Session s) {
        dirty.add(s);
    }

    private void drain() {
        drainScheduled.set(false);
        closeLost();
        Delivery d;
        int taken = 0;
        int unflushed = 0;
        while (taken < DRAIN_BATCH
                && unflushed < MAX_WRITES_PER_DRAIN
                && (d = queue.poll()) != null) {
            int length = takeRun(d, DRAIN_BATCH - taken);
            queued.addAndGet(-length);
            taken += length;
            try {
                if (length == 1) {
                    unflushed += d.subscribers().length;
                    for (Subscription s : d.subscribers()) {
                        deliver(s, d);
                    }
                } else {
                    writeRunByConnection(length);
                }
            } finally {
                for (int i = 0; i < length; i++) {
                    run[i].frame().release();
                    run[i] = null;
                }
            }
        }
        flushDirty();
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    /** Closes the subscribers of deliveries that did not fit in the queue. */
    private void closeLost() {
        if (lostTooMany.getAndSet(false)) {
            for (Session s : new ArrayList<>(sessions)) {
                s.closeSlow("event loop fell behind by " + MAX_QUEUED + " deliveries");
            }
        }
        Subscription[] group;
        while ((group = lost.poll()) != null) {
            lostCount.decrementAndGet();
            for (Subscription s : group) {
                s.session().closeSlow("event loop fell behind by " + MAX_QUEUED + " deliveries");
            }
        }
    }

    /**
     * Puts {@code first} and the queued deliveries right behind it that go to the very same
     * subscribers (one topic's unchanged subscriber array) into {@link #run}; returns how many.
     */
    private int takeRun(Delivery first, int max) {
        run[0] = first;
        int length = 1;
        Delivery next;
        while (length < max
                && (next = queue.peek()) != null
                && next.subscribers() == first.subscribers()) {
            run[length++] = queue.poll();
        }
        return length;
    }

    private void writeRunByConnection(int length) {
        for (Subscription s : run[0].subscribers()) {
            for (int i = 0; i < length; i++) {
                deliver(s, run[i]);
            }
            s.session().flushIfDirty();
        }
    }

    private static void deliver(Subscription s, Delivery d) {
        try {
            s.deliver(d.frame(), d.message());
        } catch (RuntimeException e) {
            log.error("{} delivery failed", s.session().logPrefix(), e);
        }
    }

    void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushIfDirty();
        }
        dirty.clear();
    }

    private void keepAlive() {
        try {
            for (Session s : new ArrayList<>(sessions)) {
                s.keepAliveTick();
            }
        } catch (RuntimeException e) {
            log.error("keep-alive round failed", e);
        }
    }
}
