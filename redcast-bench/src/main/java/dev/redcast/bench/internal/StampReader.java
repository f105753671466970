package dev.redcast.bench.internal;

import io.netty.buffer.ByteBuf;

/**
 * Finds the stamp in a server {@code message} frame without building a JSON tree: it scans the
 * bytes for {@code "payload":"} and reads the three numbers that follow. Confined to one thread
 * (its fields hold the last stamp read).
 */
public final class StampReader {

    private static final byte[] MARKER = {'"', 'p', 'a', 'y', 'l', 'o', 'a', 'd', '"', ':', '"'};

    private int phase;
    private long seq;
    private long intendedNanos;

    // Parse cursor and the number just read; fields rather than locals so that parsing
    // allocates nothing per message.
    private int pos;
    private long value;

    /**
     * Reads the stamp of the frame between the buffer's reader and writer index, leaving both
     * indexes as they were.
     *
     * @return 1 when a stamp was read (see the getters), 0 when the frame has no {@code payload}
     *     string (not a message frame), -1 when it has one that is not a benchmark stamp
     */
    public int read(ByteBuf frame) {
        int start = indexOfMarker(frame);
        if (start < 0) {
            return 0;
        }
        int end = frame.writerIndex();
        pos = start;
        if (!number(frame, end) || value > Integer.MAX_VALUE) {
            return -1;
        }
        int readPhase = (int) value;
        if (!number(frame, end)) {
            return -1;
        }
        long readSeq = value;
        if (!number(frame, end)) {
            return -1;
        }
        phase = readPhase;
        seq = readSeq;
        intendedNanos = value;
        return 1;
    }

    /** Reads digits ending in ':' from {@link #pos} into {@link #value}; false if malformed. */
    private boolean number(ByteBuf frame, int end) {
        long result = 0;
        int digits = 0;
        while (pos < end) {
            byte b = frame.getByte(pos++);
            if (b >= '0' && b <= '9') {
                if (++digits > 18) {
                    return false;
                }
                result = result * 10 + (b - '0');
            } else {
                value = result;
                return b == ':' && digits > 0;
            }
        }
        return false;
    }

    private static int indexOfMarker(ByteBuf frame) {
        int last = frame.writerIndex() - MARKER.length;
        outer:
        for (int i = frame.readerIndex(); i <= last; i++) {
            if (frame.getByte(i) != '"') {
                continue;
            }
            for (int j = 1; j < MARKER.length; j++) {
                if (frame.getByte(i + j) != MARKER[j]) {
                    continue outer;
                }
            }
            return i + MARKER.length;
        }
        return -1;
    }

    public int phase() {
        return phase;
    }

    public long seq() {
        return seq;
    }

    public long intendedNanos() {
        return intendedNanos;
    }
}
