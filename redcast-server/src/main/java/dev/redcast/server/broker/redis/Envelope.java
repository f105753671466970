package dev.redcast.server.broker.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.protocol.ChannelMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Thread-safe (stateless). How redcast carries metadata ({@code from}, time, later offset and
 * epoch) through a Redis channel next to the verbatim payload: {@code NUL "rc1" <json> LF
 * <payload>}. A payload without the marker is a plain {@code PUBLISH} from some other program and
 * is delivered as it is. A payload that itself starts with the marker (JSON text may carry a NUL)
 * is always wrapped, see {@link #mustWrap}, so nobody can forge the header's fields.
 */
public final class Envelope {
    private static final byte[] MAGIC = {0, 'r', 'c', '1'};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Envelope() {}

    /**
     * The Redis message for a payload published through redcast; {@code wtf8} marks text keeping a
     * lone surrogate ({@link ChannelMessage#wtf8()}), written {@code "w":1} in the header.
     */
    public static byte[] wrap(byte[] payload, String from, long timestampMillis, boolean wtf8) {
        ObjectNode meta = MAPPER.createObjectNode();
        if (from != null) {
            meta.put("f", from);
        }
        meta.put("t", timestampMillis);
        if (wtf8) {
            meta.put("w", 1);
        }
        byte[] header;
        try {
            header = MAPPER.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode envelope header", e);
        }
        byte[] out = new byte[MAGIC.length + header.length + 1 + payload.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(header, 0, out, MAGIC.length, header.length);
        out[MAGIC.length + header.length] = '\n';
        System.arraycopy(payload, 0, out, MAGIC.length + header.length + 1, payload.length);
        return out;
    }

    /**
     * The message carried by {@code raw} on {@code channel}; a raw payload without (or with a
     * broken) envelope is delivered verbatim, timestamped {@code receivedMillis}.
     */
    public static ChannelMessage unwrap(
            String channel, String pattern, byte[] raw, long receivedMillis) {
        if (!hasMagic(raw)) {
            return plain(channel, pattern, raw, receivedMillis);
        }
        int lf = indexOf(raw, (byte) '\n', MAGIC.length);
        if (lf < 0) {
            return plain(channel, pattern, raw, receivedMillis);
        }
        JsonNode meta;
        try {
            meta = MAPPER.readTree(raw, MAGIC.length, lf - MAGIC.length);
        } catch (IOException e) {
            return plain(channel, pattern, raw, receivedMillis);
        }
        if (meta == null || !meta.isObject()) {
            return plain(channel, pattern, raw, receivedMillis);
        }
        JsonNode f = meta.get("f");
        JsonNode t = meta.get("t");
        JsonNode o = meta.get("o");
        JsonNode e = meta.get("e");
        JsonNode w = meta.get("w");
        return new ChannelMessage(
                channel,
                pattern,
                Arrays.copyOfRange(raw, lf + 1, raw.length),
                t != null && t.canConvertToLong() ? t.longValue() : receivedMillis,
                o != null && o.canConvertToLong() ? o.longValue() : ChannelMessage.NO_OFFSET,
                e != null && e.isTextual() ? e.textValue() : null,
                f != null && f.isTextual() ? f.textValue() : null,
                w != null && w.asInt() == 1);
    }

    private static ChannelMessage plain(String channel, String pattern, byte[] raw, long millis) {
        return new ChannelMessage(
                channel, pattern, raw, millis, ChannelMessage.NO_OFFSET, null, null);
    }

    /**
     * Whether {@code payload} must travel wrapped even without metadata: one that starts with the
     * marker would otherwise be read as an envelope on arrival, its own header forging {@code
     * from}, {@code offset} and {@code epoch}. Wrapped, it is the part after the real header and
     * arrives verbatim.
     */
    public static boolean mustWrap(byte[] payload) {
        return hasMagic(payload);
    }

    private static boolean hasMagic(byte[] raw) {
        if (raw.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (raw[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
