package dev.redcast.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Thread-safe (stateless). Writes an epoch-millisecond instant as {@code 2024-01-15T10:30:00.123Z}
 * (always three fraction digits, UTC) without allocating, for the message envelope.
 */
public final class Timestamps {
    private Timestamps() {}

    /** {@code epochMillis} as {@code 2024-01-15T10:30:00.123Z}, for frames built as JSON trees. */
    public static String iso(long epochMillis) {
        ByteBuf out = Unpooled.buffer(24);
        try {
            writeIso(out, epochMillis);
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    public static void writeIso(ByteBuf out, long epochMillis) {
        long secs = Math.floorDiv(epochMillis, 1000);
        int millis = Math.floorMod(epochMillis, 1000);
        long days = Math.floorDiv(secs, 86400);
        int secOfDay = Math.floorMod(secs, 86400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        digits(out, (int) year, 4);
        out.writeByte('-');
        digits(out, month, 2);
        out.writeByte('-');
        digits(out, day, 2);
        out.writeByte('T');
        digits(out, secOfDay / 3600, 2);
        out.writeByte(':');
        digits(out, secOfDay / 60 % 60, 2);
        out.writeByte(':');
        digits(out, secOfDay % 60, 2);
        out.writeByte('.');
        digits(out, millis, 3);
        out.writeByte('Z');
    }

    private static void digits(ByteBuf out, int value, int width) {
        int div = 1;
        for (int i = 1; i < width; i++) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            out.writeByte('0' + value / div % 10);
        }
    }
}
