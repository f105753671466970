package dev.redcast.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** Confined to the test thread. A {@link Scheduler} with a clock that moves only when told. */
final class ManualScheduler implements Scheduler {
    /** What {@link #wallClock()} shows while {@link #nanoTime()} is 0. */
    static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(
                    (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toNanos(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Instant wallClock() {
        return EPOCH.plusNanos(now);
    }

    /** Moves the clock forward, running every task that falls due, in time order. */
    void advance(Duration d) {
        long until = now + d.toNanos();
        while (!tasks.isEmpty() && tasks.peek().at <= until) {
            Task t = tasks.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = until;
    }

    /** Tasks not yet run nor cancelled. */
    long live() {
        return tasks.stream().filter(t -> !t.cancelled[0]).count();
    }
}
