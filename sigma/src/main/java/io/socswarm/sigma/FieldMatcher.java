package io.socswarm.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * The compiled form of one {@link FieldSpec}: groups of value matchers, one group per value in the
 * rule (groups are OR-ed, or AND-ed with {@code |all}); a group holds the variants one value
 * expands to ({@code |windash}, {@code |base64offset}), which are always OR-ed.
 */
final class FieldMatcher {

    private final String field;
    private final List<ValueMatcher[]> groups;
    private final boolean all;
    private final boolean negate;
    private final Boolean exists;

    private FieldMatcher(String field, List<ValueMatcher[]> groups, boolean all, boolean negate, Boolean exists) {
        this.field = field;
        this.groups = List.copyOf(groups);
        this.all = all;
        this.negate = negate;
        this.exists = exists;
    }

    static FieldMatcher values(String field, List<ValueMatcher[]> groups, boolean all, boolean negate) {
        return new FieldMatcher(field, groups, all, negate, null);
    }

    static FieldMatcher exists(String field, boolean expected) {
        return new FieldMatcher(field, List.of(), false, false, expected);
    }

    String field() {
        return field;
    }

    /** Whether this test can only pass when the field has a value; feeds the rule set's index. */
    boolean requiresField() {
        if (field == null || negate) {
            return false;
        }
        if (exists != null) {
            return false; // exists checks presence, not a value: a null-valued field still counts
        }
        for (ValueMatcher[] group : groups) {
            for (ValueMatcher matcher : group) {
                if (matcher.matchesAbsent()) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean matches(MatchContext context) {
        if (exists != null) {
            return context.event.has(field) == exists;
        }
        List<Candidate> values = field == null ? context.allValues() : context.values(field);
        if (negate) {
            // neq: the field must have a value, and it must differ from every rule value.
            return !values.isEmpty() && !anyGroup(values, context);
        }
        return all ? allGroups(values, context) : anyGroup(values, context);
    }

    private boolean anyGroup(List<Candidate> values, MatchContext context) {
        for (ValueMatcher[] group : groups) {
            if (groupMatches(group, values, context) != null) {
                return true;
            }
        }
        return false;
    }

    private boolean allGroups(List<Candidate> values, MatchContext context) {
        for (ValueMatcher[] group : groups) {
            if (groupMatches(group, values, context) == null) {
                return false;
            }
        }
        return true;
    }

    /** The matching (candidate, matcher) as evidence, or null; ABSENT stands for a matching null. */
    private static Object[] groupMatches(ValueMatcher[] group, List<Candidate> values, MatchContext context) {
        if (values.isEmpty()) {
            for (ValueMatcher matcher : group) {
                if (matcher.matchesAbsent()) {
                    return new Object[] {null, matcher};
                }
            }
            return null;
        }
        for (Candidate value : values) {
            for (ValueMatcher matcher : group) {
                if (matcher.matches(value, context)) {
                    return new Object[] {value, matcher};
                }
            }
        }
        return null;
    }

    /** Evidence for a test already known to pass. */
    List<FieldMatch> explain(String identifier, MatchContext context) {
        if (exists != null) {
            return List.of(new FieldMatch(identifier, field, context.event.get(field), "exists " + exists));
        }
        List<Candidate> values = field == null ? context.allValues() : context.values(field);
        if (negate) {
            return List.of(new FieldMatch(identifier, field, values.get(0).raw, "neq " + describeAll()));
        }
        List<FieldMatch> evidence = new ArrayList<>();
        for (ValueMatcher[] group : groups) {
            Object[] hit = groupMatches(group, values, context);
            if (hit != null) {
                Object raw = hit[0] == null ? null : ((Candidate) hit[0]).raw;
                evidence.add(new FieldMatch(identifier, field, raw, ((ValueMatcher) hit[1]).describe()));
                if (!all) {
                    break;
                }
            }
        }
        return evidence;
    }

    private String describeAll() {
        List<String> parts = new ArrayList<>();
        for (ValueMatcher[] group : groups) {
            parts.add(group[0].describe());
        }
        return String.join(", ", parts);
    }
}
