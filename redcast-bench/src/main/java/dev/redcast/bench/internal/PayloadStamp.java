package dev.redcast.bench.internal;

/**
 * Thread-safe (stateless). Writes the stamp every benchmark payload starts with: {@code
 * phase:seq:intendedNanos:} padded with {@code x} to the payload size.
 *
 * <p>{@code intendedNanos} is when the open-loop schedule meant the message to be sent, relative to
 * {@link BenchClock#ORIGIN}, not when it was actually sent; measuring from the schedule is what
 * corrects coordinated omission. The stamp holds only digits, {@code :} and {@code x}, so it needs
 * no JSON escaping and arrives verbatim inside the server's {@code "payload":"..."} string.
 */
public final class PayloadStamp {

    private PayloadStamp() {}

    /**
     * @param size total payload length; the stamp is not cut when it is longer
     */
    public static String build(int phase, long seq, long intendedNanos, int size) {
        if (phase < 0 || seq < 0 || intendedNanos < 0) {
            throw new IllegalArgumentException(
                    "stamp fields must be >= 0: phase="
                            + phase
                            + " seq="
                            + seq
                            + " intendedNanos="
                            + intendedNanos);
        }
        StringBuilder sb = new StringBuilder(Math.max(size, 64));
        sb.append(phase).append(':').append(seq).append(':').append(intendedNanos).append(':');
        while (sb.length() < size) {
            sb.append('x');
        }
        return sb.toString();
    }
}
