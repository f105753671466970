package dev.redcast.protocol;

/**
 * Thread-safe (stateless). Redis glob matching ({@code PSUBSCRIBE} syntax: {@code *}, {@code ?},
 * {@code [abc]}, {@code [^a]}, {@code [a-z]}, {@code \x}), so the embedded broker matches patterns
 * exactly as Redis would.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0, new boolean[1]);
    }

    /**
     * @param skipLonger set once the rest after some {@code *} matched nowhere in {@code s}: then
     *     no earlier {@code *} can help by matching more, which keeps {@code *a*a*a...b} linear
     *     rather than exponential (Redis does the same).
     */
    private static boolean match(String p, int pi, String s, int si, boolean[] skipLonger) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    int end = classEnd(p, pi);
                    if (end < 0) {
                        // An unclosed class matches literally, up to the end, as in Redis.
                        return matchClass(p, pi + 1, p.length(), s.charAt(si))
                                && si + 1 == s.length();
                    }
                    if (!matchClass(p, pi + 1, end, s.charAt(si))) {
                        return false;
                    }
                    si++;
                    pi = end + 1;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        pi++;
                        c = p.charAt(pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    si++;
                    pi++;
                }
            }
        }
        return si == s.length();
    }

    private static int classEnd(String p, int open) {
        for (int i = open + 1; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchClass(String p, int from, int to, char c) {
        boolean negate = from < to && p.charAt(from) == '^';
        if (negate) {
            from++;
        }
        boolean hit = false;
        for (int i = from; i < to; i++) {
            char x = p.charAt(i);
            if (x == '\\' && i + 1 < to) {
                hit |= p.charAt(++i) == c;
            } else if (i + 2 < to && p.charAt(i + 1) == '-') {
                char lo = x;
                char hi = p.charAt(i + 2);
                if (lo > hi) {
                    char t = lo;
                    lo = hi;
                    hi = t;
                }
                hit |= c >= lo && c <= hi;
                i += 2;
            } else {
                hit |= x == c;
            }
        }
        return negate != hit;
    }
}
