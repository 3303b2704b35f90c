package io.socswarm.sigma;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled test of one event value against one (modified) rule value. Case-insensitive string
 * matchers hold lower-cased needles and compare against the candidate's cached lower-cased text,
 * so the common forms (equals, startswith, endswith, contains) never touch a regex engine.
 */
interface ValueMatcher {

    boolean matches(Candidate value, MatchContext context);

    /** Whether an absent or null field satisfies this matcher (only the {@code null} value does). */
    default boolean matchesAbsent() {
        return false;
    }

    /** How the rule value reads in a match explanation, e.g. {@code endswith '\whoami.exe'}. */
    String describe();

    /** The {@code Field: null} value. */
    record IsNull() implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return false;
        }

        @Override
        public boolean matchesAbsent() {
            return true;
        }

        @Override
        public String describe() {
            return "null";
        }
    }

    record Equals(String needle, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return cased ? value.text().equals(needle) : value.lower().equals(needle);
        }

        @Override
        public String describe() {
            return "'" + needle + "'";
        }
    }

    record StartsWith(String needle, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return (cased ? value.text() : value.lower()).startsWith(needle);
        }

        @Override
        public String describe() {
            return "startswith '" + needle + "'";
        }
    }

    record EndsWith(String needle, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return (cased ? value.text() : value.lower()).endsWith(needle);
        }

        @Override
        public String describe() {
            return "endswith '" + needle + "'";
        }
    }

    record Contains(String needle, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return (cased ? value.text() : value.lower()).contains(needle);
        }

        @Override
        public String describe() {
            return "contains '" + needle + "'";
        }
    }

    /** A lone {@code *}: any present value. */
    record AnyValue() implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            return true;
        }

        @Override
        public String describe() {
            return "'*'";
        }
    }

    /**
     * A glob with inner {@code *} only: the literal segments must appear in order, the first at the
     * start unless the glob starts with {@code *}, the last at the end unless it ends with one.
     */
    record Segments(List<String> segments, boolean anchoredStart, boolean anchoredEnd, boolean cased, String glob)
            implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            String text = cased ? value.text() : value.lower();
            int from = 0;
            int last = segments.size() - 1;
            int end = text.length();
            if (anchoredEnd) {
                String tail = segments.get(last);
                if (!text.endsWith(tail)) {
                    return false;
                }
                end = text.length() - tail.length();
                last--;
            }
            for (int i = 0; i <= last; i++) {
                String segment = segments.get(i);
                if (i == 0 && anchoredStart) {
                    if (!text.startsWith(segment)) {
                        return false;
                    }
                    from = segment.length();
                } else {
                    int at = text.indexOf(segment, from);
                    if (at < 0) {
                        return false;
                    }
                    from = at + segment.length();
                }
            }
            return from <= end;
        }

        @Override
        public String describe() {
            return "'" + glob + "'";
        }
    }

    /**
     * A regular expression, tested with find() as backends do; also used for globs with {@code ?}.
     * The event's value is attacker-written and the expression may backtrack badly on it
     * ({@code (a+)+$}), so the engine reads the value through a {@link BoundedText}: past its
     * budget the test is abandoned as no match ({@link BoundedText#abandoned}) rather than stall the
     * agent's thread.
     */
    record Regex(Pattern pattern, boolean whole, String description) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            java.util.regex.Matcher m = pattern.matcher(new BoundedText(value.text()));
            try {
                return whole ? m.matches() : m.find();
            } catch (BoundedText.Exhausted e) {
                BoundedText.ABANDONED.increment();
                return false;
            }
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /** {@code |gt}, {@code |gte}, {@code |lt}, {@code |lte}. */
    record Numeric(String operator, double threshold, String text) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            Double n = value.number();
            if (n == null) {
                return false;
            }
            return switch (operator) {
                case "gt" -> n > threshold;
                case "gte" -> n >= threshold;
                case "lt" -> n < threshold;
                default -> n <= threshold;
            };
        }

        @Override
        public String describe() {
            return operator + " " + text;
        }
    }

    /** {@code |cidr}: the value parses as an IP address inside the network. */
    record Cidr(byte[] network, int prefix, String text) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            byte[] address = IpAddresses.parse(value.text());
            if (address == null || address.length != network.length) {
                return false;
            }
            return IpAddresses.inNetwork(address, network, prefix);
        }

        @Override
        public String describe() {
            return "cidr " + text;
        }
    }

    /**
     * {@code |fieldref}: compares the value to another field's value(s) of the same event;
     * {@code kind} is equals, startswith, endswith or contains as further modifiers ask.
     */
    record FieldRef(String otherField, String kind, boolean cased) implements ValueMatcher {
        @Override
        public boolean matches(Candidate value, MatchContext context) {
            String text = cased ? value.text() : value.lower();
            for (Candidate other : context.values(otherField)) {
                String needle = cased ? other.text() : other.lower();
                boolean hit = switch (kind) {
                    case "startswith" -> text.startsWith(needle);
                    case "endswith" -> text.endsWith(needle);
                    case "contains" -> text.contains(needle);
                    default -> text.equals(needle);
                };
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return (kind.equals("equals") ? "" : kind + " ") + "fieldref " + otherField;
        }
    }
}
