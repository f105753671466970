package dev.redcast.server.auth.jwt;

import java.util.Objects;

/**
 * Thread-safe (immutable). A token that {@link JwtVerifier} refused, with the reason as a stable
 * code. The message is {@code <code>: <detail>}; it never contains the token, so it may be logged
 * and shown to the client. No stack trace is taken: a refused token is an everyday event, not a
 * bug.
 */
public final class JwtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused; {@link #code()} is what clients and logs see. */
    public enum Reason {
        /** Not a compact JWS with a JSON header and claims, or a claim of the wrong type. */
        MALFORMED("malformed"),
        /** {@code alg: none}, an encrypted token, or an algorithm the configured key cannot use. */
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        /** No key with the token's {@code kid} (or, without a {@code kid}, no key at all). */
        UNKNOWN_KEY("unknown_key"),
        /** The signature does not verify with the configured key. */
        BAD_SIGNATURE("bad_signature"),
        /** {@code exp} (or {@code expire_at}) is past, beyond the leeway. */
        EXPIRED("expired"),
        /** {@code nbf} is in the future, beyond the leeway. */
        NOT_YET_VALID("not_yet_valid"),
        /** A required {@code aud} is not among the token's audiences. */
        WRONG_AUDIENCE("wrong_audience"),
        /** A required {@code iss} is not the token's issuer. */
        WRONG_ISSUER("wrong_issuer"),
        /** No {@code sub}, or an empty one: a token must name its user. */
        MISSING_SUB("missing_sub");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable name, e.g. {@code expired}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public JwtException(Reason reason, String detail) {
        super(reason.code() + ": " + Objects.requireNonNull(detail, "detail"), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
