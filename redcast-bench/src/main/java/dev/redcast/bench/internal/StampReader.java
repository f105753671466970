package dev.redcast.bench.internal;

import io.netty.buffer.ByteBuf;

/**
 * Confined to one thread (its fields hold the last stamp read and a scratch copy of the frame).
 * Finds the stamp in a server {@code message} frame without building a JSON tree: it scans the
 * bytes for {@code "payload":"} and reads the three numbers that follow.
 *
 * <p>The frame is copied once into a reused array and parsed there: one bulk copy of a few hundred
 * bytes costs far less than a bounds- and reference-checked {@code getByte} per byte, which was the
 * receivers' top cost in a profile.
 */
public final class StampReader {

    private static final byte[] MARKER = {'"', 'p', 'a', 'y', 'l', 'o', 'a', 'd', '"', ':', '"'};

    private byte[] scratch = new byte[512];

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
        return read(frame, frame.readerIndex(), frame.readableBytes());
    }

    /** Like {@link #read(ByteBuf)} for the {@code length} bytes at {@code index}. */
    public int read(ByteBuf buf, int index, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        buf.getBytes(index, scratch, 0, length);
        return read(scratch, length);
    }

    private int read(byte[] bytes, int end) {
        int start = indexOfMarker(bytes, end);
        if (start < 0) {
            return 0;
        }
        pos = start;
        if (!number(bytes, end) || value > Integer.MAX_VALUE) {
            return -1;
        }
        int readPhase = (int) value;
        if (!number(bytes, end)) {
            return -1;
        }
        long readSeq = value;
        if (!number(bytes, end)) {
            return -1;
        }
        phase = readPhase;
        seq = readSeq;
        intendedNanos = value;
        return 1;
    }

    /** Reads digits ending in ':' from {@link #pos} into {@link #value}; false if malformed. */
    private boolean number(byte[] bytes, int end) {
        long result = 0;
        int digits = 0;
        while (pos < end) {
            byte b = bytes[pos++];
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

    private static int indexOfMarker(byte[] bytes, int end) {
        int last = end - MARKER.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != '"') {
                continue;
            }
            for (int j = 1; j < MARKER.length; j++) {
                if (bytes[i + j] != MARKER[j]) {
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
