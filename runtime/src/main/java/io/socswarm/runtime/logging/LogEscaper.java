package io.socswarm.runtime.logging;

/**
 * Makes text safe for a line-oriented log: attacker-controlled values (event ids, user names,
 * reasons that quote log lines) must not start a new line, forge a line's prefix, or drive a
 * terminal that tails the log. Every control character becomes a visible escape; everything
 * else, backslashes included, is kept as written so Windows paths and regexes stay readable.
 */
public final class LogEscaper {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogEscaper() {
    }

    /** {@code s} with CR, LF, TAB as {@code \r \n \t} and other control characters as {@code \}{@code uXXXX}; null stays null. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int first = firstToEscape(s);
        if (first < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        sb.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static int firstToEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * C0 and C1 controls and DEL (ESC, CSI U+009B and NEL U+0085 among them); the Unicode line and
     * paragraph separators, which some viewers break lines at; and the bidirectional overrides and
     * isolates, which make a viewer show text in another order than it was written.
     */
    static boolean needsEscape(char c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029'
                || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
