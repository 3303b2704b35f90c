package io.socswarm.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value after escape processing: literal text interleaved with the wildcards
 * {@code *} and {@code ?}, plus the "any dash" class that {@code |windash} produces when spelling
 * out every permutation would be too many values.
 */
record Glob(List<Part> parts) {

    /** One piece of a glob. */
    sealed interface Part permits Lit, Star, One, Dash {
    }

    record Lit(String text) implements Part {
    }

    record Star() implements Part {
    }

    record One() implements Part {
    }

    /** Any of the dash characters {@code |windash} treats as interchangeable. */
    record Dash() implements Part {
    }

    static final String DASHES = "-/\u2013\u2014\u2015";
    static final Star STAR = new Star();
    static final One ONE = new One();
    static final Dash DASH = new Dash();

    Glob {
        parts = List.copyOf(merge(parts));
    }

    static Glob literal(String text) {
        return new Glob(List.of(new Lit(text)));
    }

    /**
     * Applies the specification's escaping: {@code \*}, {@code \?} and {@code \\} are escapes; a
     * backslash before anything else is a plain backslash, so Windows paths need no doubling.
     */
    static Glob parse(String raw) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                if (next == '*' || next == '?' || next == '\\') {
                    literal.append(next);
                    i++;
                    continue;
                }
                literal.append(c);
            } else if (c == '*' || c == '?') {
                flush(literal, parts);
                parts.add(c == '*' ? STAR : ONE);
            } else {
                literal.append(c);
            }
        }
        flush(literal, parts);
        return new Glob(parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Lit(literal.toString()));
            literal.setLength(0);
        }
    }

    private static List<Part> merge(List<Part> parts) {
        List<Part> merged = new ArrayList<>();
        for (Part part : parts) {
            Part last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (part instanceof Lit lit && lit.text().isEmpty()) {
                continue;
            }
            if (part instanceof Lit lit && last instanceof Lit previous) {
                merged.set(merged.size() - 1, new Lit(previous.text() + lit.text()));
            } else if (part instanceof Star && last instanceof Star) {
                continue; // '**' means the same as '*'
            } else {
                merged.add(part);
            }
        }
        return merged;
    }

    boolean hasWildcards() {
        return parts.stream().anyMatch(part -> !(part instanceof Lit));
    }

    /** The text when the glob is a plain literal; encodings need it. */
    String plainText() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (!(part instanceof Lit lit)) {
                throw SigmaRuleException.unsupported("wildcard in encoded value");
            }
            text.append(lit.text());
        }
        return text.toString();
    }

    Glob withLeadingStar() {
        if (!parts.isEmpty() && parts.get(0) instanceof Star) {
            return this;
        }
        List<Part> copy = new ArrayList<>(parts);
        copy.add(0, STAR);
        return new Glob(copy);
    }

    Glob withTrailingStar() {
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Star) {
            return this;
        }
        List<Part> copy = new ArrayList<>(parts);
        copy.add(STAR);
        return new Glob(copy);
    }

    /** A readable form with wildcards shown as in the rule, for match explanations. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Lit lit) {
                text.append(lit.text().replace("*", "\\*").replace("?", "\\?"));
            } else if (part instanceof Star) {
                text.append('*');
            } else if (part instanceof One) {
                text.append('?');
            } else {
                text.append("[-/]");
            }
        }
        return text.toString();
    }
}
