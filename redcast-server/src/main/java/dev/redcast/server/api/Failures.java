package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.broker.BrokerUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Thread-safe (stateless). Turns a failed store call into its HTTP answer. */
final class Failures {
    private Failures() {}

    static Function<Throwable, HttpResult> unavailable() {
        return err -> {
            Throwable cause =
                    err instanceof CompletionException && err.getCause() != null
                            ? err.getCause()
                            : err;
            if (cause instanceof BrokerUnavailableException) {
                return new HttpResult(
                        503,
                        HttpResult.JSON,
                        dev.redcast.server.protocol.Replies.httpError(
                                ErrorCode.INTERNAL, cause.getMessage()));
            }
            throw new CompletionException(cause);
        };
    }
}
