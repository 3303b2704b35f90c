package io.socswarm.sigma;

import java.util.concurrent.atomic.LongAdder;

/**
 * A text a regular expression may read only so often: {@value #FLOOR} character reads plus four
 * times the square of its length, enough for any expression that backtracks at most quadratically
 * (globs like {@code .*a.*b.*} on values of thousands of characters), far too little for one that
 * backtracks exponentially. Past the budget, {@link #charAt} throws {@link Exhausted}. The budget
 * counts reads, not time, so a result never depends on how busy the machine is.
 */
final class BoundedText implements CharSequence {
    static final long FLOOR = 1_000_000;
    /** Regular-expression tests abandoned for running out of budget, since the JVM started. */
    static final LongAdder ABANDONED = new LongAdder();

    /** Thrown by {@link #charAt} once the budget is spent. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression read budget spent", null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final long[] left;

    BoundedText(String text) {
        this(text, 0, text.length(), new long[] {FLOOR + 4L * text.length() * text.length()});
    }

    private BoundedText(String text, int offset, int length, long[] left) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.left = left;
    }

    /** How many regular-expression tests were abandoned so far, in this JVM. */
    public static long abandoned() {
        return ABANDONED.sum();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (--left[0] < 0) {
            throw new Exhausted();
        }
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
        }
        // The same budget: a part of the text is no way around it.
        return new BoundedText(text, offset + start, end - start, left);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
