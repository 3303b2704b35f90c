package io.socswarm.sigma.correlation;

import java.util.List;

/**
 * The count condition of a correlation: one or more bounds that must all hold (a range is
 * {@code gt} and {@code lte} together), plus the counted field for value_count.
 */
public record CorrelationCondition(List<Bound> bounds, String field) {

    /** The comparison operators of the correlation specification. */
    public enum Operator { GT, GTE, LT, LTE, EQ, NEQ }

    /** One comparison of the count against a threshold. */
    public record Bound(Operator operator, long threshold) {
        public boolean test(long count) {
            return switch (operator) {
                case GT -> count > threshold;
                case GTE -> count >= threshold;
                case LT -> count < threshold;
                case LTE -> count <= threshold;
                case EQ -> count == threshold;
                case NEQ -> count != threshold;
            };
        }
    }

    public CorrelationCondition {
        bounds = List.copyOf(bounds);
    }

    public boolean test(long count) {
        return bounds.stream().allMatch(bound -> bound.test(count));
    }

    /**
     * Whether the condition can become true as events arrive. Conditions that only cap the count
     * (lt, lte, neq alone) hold before anything happened and can only be judged when a window
     * closes, which an event-driven evaluator does not do.
     */
    public boolean hasLowerBound() {
        return bounds.stream().anyMatch(bound -> switch (bound.operator()) {
            case GT, GTE -> true;
            case EQ -> bound.threshold() > 0;
            default -> false;
        });
    }
}
