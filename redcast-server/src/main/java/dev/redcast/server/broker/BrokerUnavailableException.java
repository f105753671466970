package dev.redcast.server.broker;

import dev.redcast.protocol.ErrorCode;

/**
 * Thread-safe (immutable). The broker (or a store on the same backend) cannot serve the request
 * now, for example Redis is down or refuses writes. The message is in redcast's words and may be
 * shown to clients; what the backend itself said goes to the log only.
 *
 * <p>{@link #code()} says what the failure means for a publish: {@link ErrorCode#INTERNAL}, nothing
 * was applied (safe to retry), or {@link ErrorCode#OUTCOME_UNKNOWN}, it was sent and may have been
 * applied (retry with the same idempotency key, or accept a possible duplicate). Either is answered
 * with HTTP 503.
 */
public final class BrokerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** A failure after which nothing was applied. */
    public BrokerUnavailableException(String message) {
        this(message, ErrorCode.INTERNAL);
    }

    private BrokerUnavailableException(String message, ErrorCode code) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A request that was sent but not answered: it may have been applied. */
    public static BrokerUnavailableException outcomeUnknown(String message) {
        return new BrokerUnavailableException(message, ErrorCode.OUTCOME_UNKNOWN);
    }

    /** {@link ErrorCode#INTERNAL} or {@link ErrorCode#OUTCOME_UNKNOWN}. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status that answers it: 503 either way, the node's backend is the problem. */
    public int httpStatus() {
        return 503;
    }
}
