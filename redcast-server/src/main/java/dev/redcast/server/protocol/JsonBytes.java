package dev.redcast.server.protocol;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Thread-safe (stateless). Writes JSON string contents straight into a {@link ByteBuf}, so the
 * fan-out path builds a message frame without intermediate strings. Escapes only what JSON demands
 * and copies valid UTF-8 verbatim.
 *
 * <p>Text payloads are kept as bytes ({@link #textBytes}). A JSON string may hold a lone surrogate
 * ({@code "\ud800"}), which UTF-8 cannot encode and Java's encoder turns into {@code '?'}; such a
 * surrogate is kept in the 3-byte form UTF-8 reserves for it (<a
 * href="https://simonsapin.github.io/wtf-8/">WTF-8</a>) and written back as the same escape ({@link
 * #writeEscapedWtf8}), so the payload a client gets is the string that was published.
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
        return writeEscaped(out, src, from, to, false);
    }

    /**
     * Like {@link #writeEscapedUtf8}, but for text from {@link #textBytes}: a surrogate in its
     * 3-byte form is written as its six-character {@code \\u} escape (such as {@code \\ud800}).
     */
    public static boolean writeEscapedWtf8(ByteBuf out, byte[] src, int from, int to) {
        return writeEscaped(out, src, from, to, true);
    }

    private static boolean writeEscaped(
            ByteBuf out, byte[] src, int from, int to, boolean surrogates) {
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
                if (len > 0) {
                    i += len;
                    continue;
                }
                if (!surrogates || !isEncodedSurrogate(src, i, to)) {
                    return false;
                }
                out.writeBytes(src, runStart, i - runStart);
                writeUnicodeEscape(
                        out, ((b & 0x0f) << 12) | ((src[i + 1] & 0x3f) << 6) | (src[i + 2] & 0x3f));
                i += 3;
                runStart = i;
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

    /**
     * {@code s} as bytes: UTF-8, except that a lone surrogate (no UTF-8 form) is kept in its 3-byte
     * form instead of becoming {@code '?'}. Identical to UTF-8 for every well-formed string.
     */
    public static byte[] textBytes(String s) {
        if (!hasLoneSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i); // a lone surrogate comes back as itself
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xc0 | (cp >> 6));
                out.write(0x80 | (cp & 0x3f));
            } else if (cp < 0x10000) { // a lone surrogate too: the form UTF-8 reserves for it
                out.write(0xe0 | (cp >> 12));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            } else {
                out.write(0xf0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3f));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            }
        }
        return out.toByteArray();
    }

    /**
     * Whether {@code text}, made by {@link #textBytes}, keeps a lone surrogate, i.e. is not valid
     * UTF-8 and must be written with {@link #writeEscapedWtf8}.
     */
    public static boolean hasLoneSurrogates(byte[] text) {
        return !isValidUtf8(text);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s[i, i + 3)} is a surrogate (U+D800..U+DFFF) in its 3-byte form. */
    private static boolean isEncodedSurrogate(byte[] s, int i, int to) {
        return i + 2 < to
                && (s[i] & 0xff) == 0xed
                && (s[i + 1] & 0xff) >= 0xa0
                && (s[i + 1] & 0xff) <= 0xbf
                && cont(s[i + 2]);
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
            default -> writeHex4(out, b);
        }
    }

    private static void writeUnicodeEscape(ByteBuf out, int c) {
        out.writeByte('\\');
        writeHex4(out, c);
    }

    /** {@code u} and four lower-case hex digits of {@code c}. */
    private static void writeHex4(ByteBuf out, int c) {
        out.writeByte('u');
        out.writeByte(HEX[(c >> 12) & 0xf]);
        out.writeByte(HEX[(c >> 8) & 0xf]);
        out.writeByte(HEX[(c >> 4) & 0xf]);
        out.writeByte(HEX[c & 0xf]);
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
