package io.socswarm.sigma.correlation;

import io.socswarm.sigma.SigmaEvent;
import io.socswarm.sigma.SigmaRuleException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates one correlation rule, driven by the caller and without a clock: the caller keeps one
 * {@link WindowState} per group key (e.g. in a Kafka Streams store), passes it with each matching
 * event to {@link #observe}, and stores the state it gets back.
 *
 * <p>Windows slide over event time: an observation counts while it is within the timespan of the
 * latest event time seen for the group; older ones are dropped, and events arriving later than
 * that are ignored. When the condition holds the correlation fires and the group's window starts
 * afresh, so one burst gives one hit. Conditions that only cap a count ({@code lt}, {@code lte},
 * {@code neq} alone) would need a timer at window end and are rejected as unsupported.
 */
public final class CorrelationEvaluator {

    /** The result of one observation: the state to store and the hit, if the correlation fired. */
    public record Outcome(WindowState state, Optional<CorrelationHit> hit) {
        public boolean fired() {
            return hit.isPresent();
        }
    }

    private final CorrelationRule rule;
    private final long spanMillis;
    private final List<String> ruleIds;
    private final Map<String, String> idsByName;
    /** group-by alias -> rule id -> event field. */
    private final Map<String, Map<String, String>> aliases = new HashMap<>();

    private CorrelationEvaluator(CorrelationRule rule, Map<String, String> idsByName) {
        this.rule = rule;
        this.spanMillis = rule.timespan().toMillis();
        this.idsByName = Map.copyOf(idsByName);
        this.ruleIds = rule.rules().stream().map(this::resolve).toList();
        rule.aliases().forEach((alias, perRule) -> {
            Map<String, String> byId = new HashMap<>();
            perRule.forEach((ruleRef, field) -> byId.put(resolve(ruleRef), field));
            aliases.put(alias, byId);
        });
        if (rule.condition() != null && !rule.condition().hasLowerBound()) {
            throw SigmaRuleException.unsupported("correlation condition without lower bound (lt/lte/neq)");
        }
        if (spanMillis <= 0) {
            throw SigmaRuleException.invalid("correlation: timespan", rule.timespan().toString());
        }
    }

    /**
     * @param idsByName rule and correlation names to ids, so references by name resolve; rules
     *                  referenced by id need no entry
     */
    public static CorrelationEvaluator of(CorrelationRule rule, Map<String, String> idsByName) {
        return new CorrelationEvaluator(rule, idsByName);
    }

    public static CorrelationEvaluator of(CorrelationRule rule) {
        return of(rule, Map.of());
    }

    public CorrelationRule rule() {
        return rule;
    }

    /** The ids of the rules (or correlations) this correlation consumes, in the rule's order. */
    public List<String> ruleIds() {
        return ruleIds;
    }

    public boolean accepts(String ruleIdOrName) {
        return ruleIds.contains(resolve(ruleIdOrName));
    }

    /**
     * The group an event of a referenced rule belongs to: the values of the group-by fields, with
     * aliases mapped to the rule's own field. Empty when a group-by field is missing, since such
     * an event cannot be attributed to a group.
     */
    public Optional<List<String>> groupKey(String ruleIdOrName, SigmaEvent event) {
        String id = resolve(ruleIdOrName);
        List<String> key = new ArrayList<>(rule.groupBy().size());
        for (String field : rule.groupBy()) {
            String value = text(event.get(fieldFor(field, id)));
            if (value == null) {
                return Optional.empty();
            }
            key.add(value);
        }
        return Optional.of(key);
    }

    /** The value_count field's value in the event, or null (also for other correlation types). */
    public String countedValue(String ruleIdOrName, SigmaEvent event) {
        if (rule.type() != CorrelationType.VALUE_COUNT) {
            return null;
        }
        return text(event.get(fieldFor(rule.condition().field(), resolve(ruleIdOrName))));
    }

    /** Observes an event from the caller's event; group key and counted value come from the event. */
    public Outcome observe(WindowState state, String ruleIdOrName, long eventTimeMillis, SigmaEvent event) {
        return observe(state, ruleIdOrName, eventTimeMillis, countedValue(ruleIdOrName, event));
    }

    /**
     * Adds one matched event to a group's window.
     *
     * @param fieldValue the counted field's value for value_count (an event without it is not
     *                   counted); ignored otherwise
     */
    public Outcome observe(WindowState state, String ruleIdOrName, long eventTimeMillis, String fieldValue) {
        String id = resolve(ruleIdOrName);
        if (!ruleIds.contains(id)) {
            throw new IllegalArgumentException("correlation " + rule.label() + " does not use rule " + ruleIdOrName);
        }
        long watermark = Math.max(state.watermarkMillis(), eventTimeMillis);
        long cutoff = watermark - spanMillis;
        List<Observation> window = new ArrayList<>(state.observations().size() + 1);
        for (Observation observation : state.observations()) {
            if (observation.timeMillis() > cutoff) {
                window.add(observation);
            }
        }
        boolean counted = eventTimeMillis > cutoff
                && !(rule.type() == CorrelationType.VALUE_COUNT && fieldValue == null);
        if (!counted) {
            return new Outcome(new WindowState(window, watermark), Optional.empty());
        }
        Observation observation = new Observation(id, eventTimeMillis,
                rule.type() == CorrelationType.VALUE_COUNT ? fieldValue : null);
        int at = window.size();
        while (at > 0 && window.get(at - 1).timeMillis() > eventTimeMillis) {
            at--; // keep event-time order; an equal time goes after, preserving arrival order
        }
        window.add(at, observation);

        long count = measure(window);
        boolean fires = switch (rule.type()) {
            case EVENT_COUNT, VALUE_COUNT -> rule.condition().test(count);
            case TEMPORAL -> rule.condition() == null ? count == distinctRules().size() : rule.condition().test(count);
            case TEMPORAL_ORDERED -> count == ruleIds.size();
        };
        if (!fires) {
            return new Outcome(new WindowState(window, watermark), Optional.empty());
        }
        CorrelationHit hit = new CorrelationHit(rule, count,
                window.get(0).timeMillis(), window.get(window.size() - 1).timeMillis(), window);
        return new Outcome(new WindowState(List.of(), watermark), Optional.of(hit));
    }

    /**
     * Drops observations that left the window by {@code nowMillis} (event time or stream time);
     * an empty result means the caller may delete the group's state.
     */
    public WindowState expire(WindowState state, long nowMillis) {
        long cutoff = Math.max(state.watermarkMillis(), nowMillis) - spanMillis;
        List<Observation> kept = state.observations().stream().filter(o -> o.timeMillis() > cutoff).toList();
        return kept.size() == state.observations().size() ? state : new WindowState(kept, state.watermarkMillis());
    }

    private long measure(List<Observation> window) {
        return switch (rule.type()) {
            case EVENT_COUNT -> window.size();
            case VALUE_COUNT -> window.stream().map(Observation::value).distinct().count();
            case TEMPORAL -> window.stream().map(Observation::ruleId).distinct().count();
            case TEMPORAL_ORDERED -> orderedPrefix(window);
        };
    }

    /**
     * How many of the rules occurred in the given order. Taking the earliest occurrence of each
     * next rule is optimal, since every observation in the window is already within the timespan.
     */
    private long orderedPrefix(List<Observation> window) {
        int next = 0;
        for (Observation observation : window) {
            if (next < ruleIds.size() && observation.ruleId().equals(ruleIds.get(next))) {
                next++;
            }
        }
        return next;
    }

    private Set<String> distinctRules() {
        return new LinkedHashSet<>(ruleIds);
    }

    private String fieldFor(String field, String ruleId) {
        Map<String, String> perRule = aliases.get(field);
        if (perRule == null) {
            return field;
        }
        return perRule.getOrDefault(ruleId, field);
    }

    private String resolve(String ruleIdOrName) {
        return idsByName.getOrDefault(ruleIdOrName, ruleIdOrName);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            BigDecimal decimal = BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros();
            return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : text(list.get(0));
        }
        return value.toString();
    }
}
