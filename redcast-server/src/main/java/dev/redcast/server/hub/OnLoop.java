package dev.redcast.server.hub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Thread-safe (stateless). Runs the rest of a session's work back on its event loop once an
 * asynchronous step (broker, Redis) completes, and not at all if the session closed meanwhile.
 */
final class OnLoop {
    private OnLoop() {}

    static <T> void whenDone(
            CompletableFuture<T> future, Session session, BiConsumer<T, Throwable> then) {
        if (future.isDone() && session.ctx().executor().inEventLoop()) {
            run(future, session, then);
        } else {
            future.whenComplete(
                    (v, e) -> session.ctx().executor().execute(() -> run(future, session, then)));
        }
    }

    private static <T> void run(
            CompletableFuture<T> future, Session session, BiConsumer<T, Throwable> then) {
        if (session.closing()) {
            return;
        }
        T value = null;
        Throwable err = null;
        try {
            value = future.join();
        } catch (CompletionException e) {
            err = e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            err = e;
        }
        then.accept(value, err);
    }
}
