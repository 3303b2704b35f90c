package io.socswarm.local;

/**
 * What the terminal can show. Colour only on an interactive terminal that is not "dumb" and
 * when NO_COLOR is unset (https://no-color.org); text that came from logs is always cleaned of
 * control characters first, so a hostile log line cannot drive the analyst's terminal.
 */
public final class Terminal {
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    public Terminal(boolean colour) {
        this.colour = colour;
    }

    public static Terminal detect() {
        String term = System.getenv("TERM");
        boolean colour = System.console() != null && System.getenv("NO_COLOR") == null
                && term != null && !term.equals("dumb");
        return new Terminal(colour);
    }

    public boolean interactive() {
        return colour;
    }

    public String red(String s) {
        return paint("\u001b[1;31m", s);
    }

    public String yellow(String s) {
        return paint("\u001b[33m", s);
    }

    public String green(String s) {
        return paint("\u001b[32m", s);
    }

    public String dim(String s) {
        return paint("\u001b[2m", s);
    }

    public String bold(String s) {
        return paint("\u001b[1m", s);
    }

    private String paint(String code, String s) {
        return colour ? code + s + RESET : s;
    }

    /**
     * Text from events: control characters (ESC, CR, BEL, C1's CSI, …), invisible format characters
     * (bidi overrides) and the Unicode line and paragraph separators become '?', and long text is cut.
     */
    public static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            sb.append(Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR ? '?' : c);
        }
        if (s.length() > max) {
            sb.append('…');
        }
        return sb.toString();
    }
}
