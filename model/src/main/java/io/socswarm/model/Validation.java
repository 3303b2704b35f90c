package io.socswarm.model;

/** Checks that make a message with a missing required field fail with the field's name. */
final class Validation {
    private Validation() {
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
