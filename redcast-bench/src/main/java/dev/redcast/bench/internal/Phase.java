package dev.redcast.bench.internal;

/**
 * Thread-safe (immutable). One rate's run as the receivers see it.
 *
 * @param id stamped into every payload so that a straggler from an earlier phase is recognised
 * @param messages messages the phase publishes; sequence numbers run {@code 0..messages-1}
 * @param measureFromNanos start of the measured window ({@link BenchClock} time)
 * @param measureToNanos end of the measured window, exclusive
 */
public record Phase(int id, int messages, long measureFromNanos, long measureToNanos) {

    public Phase {
        if (id < 0 || messages < 0 || measureToNanos < measureFromNanos) {
            throw new IllegalArgumentException(
                    "bad phase: id="
                            + id
                            + " messages="
                            + messages
                            + " window="
                            + measureFromNanos
                            + ".."
                            + measureToNanos);
        }
    }

    /** Whether a message scheduled at {@code intendedNanos} belongs to the measured window. */
    public boolean measured(long intendedNanos) {
        return intendedNanos >= measureFromNanos && intendedNanos < measureToNanos;
    }
}
