package dev.redcast.protocol;

/**
 * Thread-safe (stateless). What a channel name may look like. Names travel as Redis channel names
 * and inside JSON, so control characters and absurd lengths are refused up front.
 *
 * <p>Names starting with {@link #RESERVED_PREFIX} belong to the server itself (the presence and
 * admin control channels, the Redis connection probes); every internal channel is built from that
 * prefix, so one test, {@link #isReserved}, tells internal traffic from the applications'.
 */
public final class ChannelNames {
    /** Longest channel or pattern name, in characters. */
    public static final int MAX_LENGTH = 256;

    /** The prefix of every channel the server uses internally: {@code __redcast:}. */
    public static final String RESERVED_PREFIX = "__redcast:";

    private ChannelNames() {}

    /** Null when {@code name} is a usable channel (or pattern) name, else why it is not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a channel name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "a channel name is at most " + MAX_LENGTH + " characters, got " + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "a channel name must not contain control characters";
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form: it would reach Redis and clients as '?'.
                return "a channel name must be valid Unicode (no lone surrogates)";
            }
        }
        return null;
    }

    /**
     * Null when applications (clients, the HTTP API, settings) may use {@code name}, else why not:
     * a {@link #problem}, or a name under {@link #RESERVED_PREFIX}, which only the server itself
     * publishes to, so nobody can forge its control messages.
     */
    public static String publicProblem(String name) {
        String problem = problem(name);
        if (problem == null && isReserved(name)) {
            return "channel names starting with "
                    + RESERVED_PREFIX
                    + " are reserved for the server";
        }
        return problem;
    }

    /** Whether {@code name} is one of the server's internal channels. */
    public static boolean isReserved(String name) {
        return name != null && name.startsWith(RESERVED_PREFIX);
    }
}
