package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Checks that make a message with a missing required field fail with the field's name, and bounds on text. */
final class Validation {
    /** What a cut value ends with: "…" and 12 hex digits of the whole value's SHA-256. */
    private static final int CUT_MARK_CHARS = 13;

    private Validation() {
    }

    /**
     * {@code value}, or when it is longer than {@code maxChars}, its start, "…" and 12 hex digits of a
     * hash of the whole, {@code maxChars} long in all: two long values that differ stay different.
     */
    static String bounded(String value, int maxChars) {
        if (value == null || value.length() <= maxChars) {
            return value;
        }
        int keep = maxChars - CUT_MARK_CHARS;
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return value.substring(0, keep) + "…" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** {@code map}, unmodifiable, with every key and value {@linkplain #bounded bounded}. */
    static Map<String, String> bounded(Map<String, String> map, int maxKeyChars, int maxValueChars) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        boolean fits = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() != null && e.getKey().length() > maxKeyChars
                    || e.getValue() != null && e.getValue().length() > maxValueChars) {
                fits = false;
                break;
            }
        }
        if (fits) {
            return Map.copyOf(map);
        }
        Map<String, String> cut = new HashMap<>(map.size() * 2);
        map.forEach((k, v) -> cut.put(bounded(k, maxKeyChars), bounded(v, maxValueChars)));
        return Map.copyOf(cut);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required but missing or blank");
        }
    }

    static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required but missing");
        }
    }

    static void requireRange(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(field + " must be within [" + min + ", " + max + "] but was " + value);
        }
    }
}
