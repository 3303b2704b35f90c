package io.socswarm.ingest.replay;

/**
 * How fast a replay goes: {@code max} (as fast as the broker takes it) or a factor of real time
 * ({@code 1} keeps the recorded gaps, {@code 60} plays an hour in a minute).
 */
public record Speed(double factor) {

    public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

    public Speed {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("A replay speed must be 'max' or a positive factor, not " + factor + ".");
        }
    }

    public static Speed parse(String text) {
        if (text.equalsIgnoreCase("max")) {
            return MAX;
        }
        try {
            return new Speed(Double.parseDouble(text.endsWith("x") ? text.substring(0, text.length() - 1) : text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A replay speed must be 'max' or a positive factor like 1 or 60, not '"
                    + text + "'.");
        }
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : factor + "x";
    }
}
