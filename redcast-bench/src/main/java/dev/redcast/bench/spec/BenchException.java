package dev.redcast.bench.spec;

/**
 * Thread-safe (immutable). A benchmark that cannot go on, with a message meant for the person
 * running it (no stack trace needed).
 */
public final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
