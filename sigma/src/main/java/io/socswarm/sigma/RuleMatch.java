package io.socswarm.sigma;

import java.util.List;

/**
 * A rule that matched an event, with the evidence: the field values that satisfied the positive
 * (non-negated) parts of the condition. Filters ({@code not filter}) add no evidence.
 */
public record RuleMatch(CompiledRule rule, List<FieldMatch> evidence) {

    public RuleMatch {
        evidence = List.copyOf(evidence);
    }

    public String ruleId() {
        return rule.rule().label();
    }

    public String title() {
        return rule.rule().title();
    }

    public String level() {
        return rule.rule().level();
    }
}
