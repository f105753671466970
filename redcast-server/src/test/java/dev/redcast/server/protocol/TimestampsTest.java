package dev.redcast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. The envelope timestamp against java.time. */
class TimestampsTest {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static String write(long millis) {
        ByteBuf out = Unpooled.buffer();
        try {
            Timestamps.writeIso(out, millis);
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1970-01-01T00:00:00.000Z",
                "1970-01-01T00:00:00.001Z",
                "1969-12-31T23:59:59.999Z",
                "0000-01-01T00:00:00.000Z",
                "1900-02-28T23:59:59.999Z",
                "1900-03-01T00:00:00.000Z",
                "2000-02-29T12:00:00.500Z",
                "2024-01-15T10:30:00.123Z",
                "2024-02-29T23:59:59.999Z",
                "2024-03-01T00:00:00.000Z",
                "2100-02-28T00:00:00.010Z",
                "2100-03-01T00:00:00.100Z",
                "9999-12-31T23:59:59.999Z"
            })
    void writeIso_knownInstants_matchJavaTime(String iso) {
        assertThat(write(millis(iso))).isEqualTo(iso);
    }

    @Test
    void writeIso_seededRandomInstants_matchJavaTime() {
        Random r = new Random(42);
        long max = millis("9999-12-31T23:59:59.999Z");
        for (int n = 0; n < 20_000; n++) {
            long t = Math.floorMod(r.nextLong(), max + 1);
            assertThat(write(t)).isEqualTo(ISO_MILLIS.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void writeIso_alwaysThreeFractionDigits() {
        assertThat(write(0)).endsWith(".000Z").hasSize(24);
        assertThat(write(1_000)).isEqualTo("1970-01-01T00:00:01.000Z");
        assertThat(write(10)).isEqualTo("1970-01-01T00:00:00.010Z");
    }
}
