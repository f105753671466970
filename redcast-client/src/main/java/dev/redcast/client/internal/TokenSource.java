package dev.redcast.client.internal;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Thread-safe. The application's token supplier. It is application code, so it runs on the client's
 * callback executor like every listener; its answer comes back on the scheduler thread.
 */
final class TokenSource {
    private final Supplier<? extends CompletionStage<String>> supplier;
    private final Executor callbacks;
    private final Scheduler scheduler;

    TokenSource(
            Supplier<? extends CompletionStage<String>> supplier,
            Executor callbacks,
            Scheduler scheduler) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
        this.callbacks = callbacks;
        this.scheduler = scheduler;
    }

    /**
     * Asks for a token; exactly one of the callbacks runs, on the scheduler thread. A supplier that
     * throws, fails its stage, or gives null or a blank token is an error.
     */
    void fetch(Consumer<String> onToken, Consumer<Throwable> onError) {
        callbacks.execute(
                () -> {
                    CompletionStage<String> stage;
                    try {
                        stage =
                                Objects.requireNonNull(
                                        supplier.get(), "the token supplier returned null");
                    } catch (RuntimeException e) {
                        scheduler.execute(() -> onError.accept(e));
                        return;
                    }
                    stage.whenComplete(
                            (token, e) ->
                                    scheduler.execute(() -> answer(token, e, onToken, onError)));
                });
    }

    private static void answer(
            String token, Throwable e, Consumer<String> onToken, Consumer<Throwable> onError) {
        if (e != null) {
            onError.accept(
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        } else if (token == null || token.isBlank()) {
            onError.accept(new IllegalStateException("the token supplier gave no token"));
        } else {
            onToken.accept(token);
        }
    }
}
