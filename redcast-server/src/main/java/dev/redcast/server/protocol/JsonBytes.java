package dev.redcast.server.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Thread-safe (stateless). Writes JSON string contents straight into a {@link ByteBuf}, so the
 * fan-out path builds a message frame without intermediate strings. Escapes only what JSON demands
 * and copies valid UTF-8 verbatim.
 */
public final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonBytes() {}

    /** Appends {@code s} as a quoted JSON string. */
    public static void writeString(ByteBuf out, String s) {
        out.writeByte('"');
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeEscapedUtf8(out, utf8, 0, utf8.length);
        out.writeByte('"');
    }

    /**
     * Appends {@code src[from, to)} as JSON string contents (no quotes), or returns false, having
     * written an unspecified prefix, when the bytes are not valid UTF-8 (RFC 3629: no overlongs, no
     * surrogates, nothing above U+10FFFF). Callers rewind the writer index on false.
     */
    public static boolean writeEscapedUtf8(ByteBuf out, byte[] src, int from, int to) {
        int runStart = from;
        int i = from;
        while (i < to) {
            int b = src[i] & 0xff;
            if (b >= 0x20 && b != '"' && b != '\\' && b < 0x80) {
                i++;
                continue;
            }
            if (b >= 0x80) {
                int len = utf8SequenceLength(src, i, to);
                if (len < 0) {
                    return false;
                }
                i += len;
                continue;
            }
            out.writeBytes(src, runStart, i - runStart);
            writeEscape(out, b);
            i++;
            runStart = i;
        }
        out.writeBytes(src, runStart, to - runStart);
        return true;
    }

    /** Whether {@code src} is entirely valid UTF-8. */
    public static boolean isValidUtf8(byte[] src) {
        int i = 0;
        while (i < src.length) {
            if (src[i] >= 0) {
                i++;
                continue;
            }
            int len = utf8SequenceLength(src, i, src.length);
            if (len < 0) {
                return false;
            }
            i += len;
        }
        return true;
    }

    private static void writeEscape(ByteBuf out, int b) {
        out.writeByte('\\');
        switch (b) {
            case '"' -> out.writeByte('"');
            case '\\' -> out.writeByte('\\');
            case '\n' -> out.writeByte('n');
            case '\r' -> out.writeByte('r');
            case '\t' -> out.writeByte('t');
            case '\b' -> out.writeByte('b');
            case '\f' -> out.writeByte('f');
            default -> {
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[b >> 4]);
                out.writeByte(HEX[b & 0xf]);
            }
        }
    }

    /** Length of the valid multi-byte sequence starting at {@code i}, or -1. */
    private static int utf8SequenceLength(byte[] s, int i, int to) {
        int b0 = s[i] & 0xff;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            return i + 1 < to && cont(s[i + 1]) ? 2 : -1;
        }
        if (b0 >= 0xe0 && b0 <= 0xef) {
            if (i + 2 >= to) {
                return -1;
            }
            int b1 = s[i + 1] & 0xff;
            boolean ok =
                    switch (b0) {
                        case 0xe0 -> b1 >= 0xa0 && b1 <= 0xbf;
                        case 0xed -> b1 >= 0x80 && b1 <= 0x9f;
                        default -> cont(s[i + 1]);
                    };
            return ok && cont(s[i + 2]) ? 3 : -1;
        }
        if (b0 >= 0xf0 && b0 <= 0xf4) {
            if (i + 3 >= to) {
                return -1;
            }
            int b1 = s[i + 1] & 0xff;
            boolean ok =
                    switch (b0) {
                        case 0xf0 -> b1 >= 0x90 && b1 <= 0xbf;
                        case 0xf4 -> b1 >= 0x80 && b1 <= 0x8f;
                        default -> cont(s[i + 1]);
                    };
            return ok && cont(s[i + 2]) && cont(s[i + 3]) ? 4 : -1;
        }
        return -1;
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
