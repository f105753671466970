package dev.redcast.server.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Thread-safe (stateless). The cursor of the channel listing: the name of the last channel a page
 * held, base64url-encoded so that clients treat it as opaque and it travels in a URL unescaped.
 * Naming a channel rather than a position keeps paging stable while channels come and go: a channel
 * present throughout is listed exactly once.
 */
final class ListingCursor {
    /** Longest cursor accepted: a 256-character name of 4-byte characters, encoded. */
    private static final int MAX_LENGTH = 1366;

    private ListingCursor() {}

    static String after(String name) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The name {@code cursor} continues after.
     *
     * @throws IllegalArgumentException when this listing cannot have made {@code cursor}
     */
    static String name(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length == 0) {
            throw invalid();
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException(
                "invalid cursor: pass the 'next' cursor of the previous page unchanged");
    }
}
