package dev.redcast.client.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. Runs tasks one at a time, in submission order, on a delegate executor that may have
 * many threads, so callbacks of one client never overlap even on a shared pool. A task that throws
 * is logged and the next one runs.
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Object lock = new Object();

    // Guarded by lock.
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    // Guarded by lock: whether a drain task is submitted or running.
    private boolean draining;

    public SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (lock) {
                draining = false;
                queue.clear();
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (lock) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.warn("redcast callback threw; continuing with the next one", e);
            }
        }
    }
}
