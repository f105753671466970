package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Thread-safe (immutable). What a failed Redis command means, decided in this one place for every
 * caller: whether Redis may have applied it (it was sent and no answer came), and how to say what
 * happened in redcast's words. Redis's own text (error replies name scripts, keys, limits) is kept
 * in {@link #detail()} for the log and never shown to clients.
 *
 * @param kind what went wrong
 * @param detail the underlying message, for the log only
 */
record RedisFailure(Kind kind, String detail) {

    enum Kind {
        /** No connection to send on: the command was never sent; the detail says why. */
        NOT_CONNECTED("redis is unavailable", false),
        /** Lettuce refused the command before sending it: the connection had just closed. */
        DOWN("redis is unavailable", false),
        /** Redis answered with an out-of-memory error: at {@code maxmemory} with noeviction. */
        OUT_OF_MEMORY("redis refuses writes (maxmemory reached)", false),
        /** Redis answered that it is a read-only replica. */
        READ_ONLY("redis refuses writes (it is a read-only replica)", false),
        /** Redis answered with another error: nothing was applied. */
        REFUSED("redis refused the request", false),
        /** Sent, and no answer within the connection's timeout. */
        NO_ANSWER("redis did not answer in time", true),
        /** Sent, and the connection was lost (or rebuilt) before the answer came. */
        LOST("the connection to redis was lost before it answered", true);

        private final String words;
        private final boolean maybeApplied;

        Kind(String words, boolean maybeApplied) {
            this.words = words;
            this.maybeApplied = maybeApplied;
        }
    }

    /**
     * Classifies {@code err} from a command that was handed to Lettuce. Anything not known to have
     * stopped before Redis ran it counts as {@link Kind#LOST}, so a publish is never reported as
     * safely failed when it might not be.
     */
    static RedisFailure of(Throwable err) {
        Throwable e = unwrap(err);
        String message = String.valueOf(e.getMessage());
        if (e instanceof RedisCommandTimeoutException) {
            return new RedisFailure(Kind.NO_ANSWER, message);
        }
        if (e instanceof RedisCommandExecutionException) {
            if (message.startsWith("OOM ") || message.contains(" OOM ")) {
                return new RedisFailure(Kind.OUT_OF_MEMORY, message);
            }
            if (message.startsWith("READONLY")) {
                return new RedisFailure(Kind.READ_ONLY, message);
            }
            return new RedisFailure(Kind.REFUSED, message);
        }
        // Lettuce refuses commands on a connection that is not (or no longer) open before writing
        // them: "Currently not connected. Commands are rejected." and "Connection is closed".
        if (message.startsWith("Currently not connected")
                || message.equals("Connection is closed")) {
            return new RedisFailure(Kind.DOWN, message);
        }
        return new RedisFailure(Kind.LOST, message);
    }

    /**
     * No connection to send the command on, because of {@code reason}: how the connection failed
     * (refused, lost, a TLS handshake), not anything Redis answered, so it is shown to clients.
     */
    static RedisFailure down(String reason) {
        return new RedisFailure(Kind.NOT_CONNECTED, reason);
    }

    /** Whether Redis may have applied the command. */
    boolean maybeApplied() {
        return kind.maybeApplied;
    }

    /** Whether Redis refuses writes (memory, replica) while it still answers. */
    boolean refusesWrites() {
        return kind == Kind.OUT_OF_MEMORY || kind == Kind.READ_ONLY;
    }

    /** Whether Redis itself answered with an error (rather than not answering). */
    boolean answered() {
        return kind == Kind.OUT_OF_MEMORY || kind == Kind.READ_ONLY || kind == Kind.REFUSED;
    }

    /** What happened, in redcast's words, e.g. "redis refuses writes (maxmemory reached)". */
    String words() {
        return kind == Kind.NOT_CONNECTED ? kind.words + " (" + detail + ")" : kind.words;
    }

    /**
     * The exception for clients: "{@code what}: {@link #words()}", with {@link
     * dev.redcast.protocol.ErrorCode#OUTCOME_UNKNOWN} when the command changes something ({@code
     * write}) and Redis may have applied it. A read that failed changed nothing either way.
     */
    BrokerUnavailableException toException(String what, boolean write) {
        String message = what + ": " + words();
        return write && maybeApplied()
                ? BrokerUnavailableException.outcomeUnknown(message + "; it may have been applied")
                : new BrokerUnavailableException(message);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
