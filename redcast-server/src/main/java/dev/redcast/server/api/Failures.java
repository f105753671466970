package dev.redcast.server.api;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.protocol.Replies;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Thread-safe (stateless). Turns a failed store or broker call into its HTTP answer. */
final class Failures {
    private Failures() {}

    /**
     * For {@code exceptionally}: the answer to a {@link BrokerUnavailableException}, else rethrows.
     */
    static Function<Throwable, HttpResult> unavailable() {
        return err -> {
            Throwable cause = ApiCalls.unwrap(err);
            if (cause instanceof BrokerUnavailableException e) {
                return answer(e);
            }
            throw new CompletionException(cause);
        };
    }

    /**
     * 503 with the failure's code: {@code internal} (nothing was applied) or {@code
     * outcome_unknown} (a publish that may have been applied), and its message in redcast's words.
     */
    static HttpResult answer(BrokerUnavailableException e) {
        return new HttpResult(
                e.httpStatus(), HttpResult.JSON, Replies.httpError(e.code(), e.getMessage()));
    }
}
