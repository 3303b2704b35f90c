package io.socswarm.sigma;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * One scalar event value under test, with its text and lower-cased text computed at most once
 * however many matchers look at it (lower-casing dominates the cost of case-insensitive matching).
 */
final class Candidate {

    final Object raw;
    private String text;
    private String lower;

    Candidate(Object raw) {
        this.raw = raw;
    }

    String text() {
        if (text == null) {
            text = textOf(raw);
        }
        return text;
    }

    String lower() {
        if (lower == null) {
            lower = text().toLowerCase(Locale.ROOT);
        }
        return lower;
    }

    /** Numbers print without a spurious ".0" so a rule's {@code 4688} matches an event's 4688.0. */
    static String textOf(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** The numeric value, or null when the value is not a number nor numeric text. */
    Double number() {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
