package io.socswarm.sigma;

import io.socswarm.sigma.correlation.CorrelationRule;
import java.util.List;

/** What one YAML text held: detection rules, correlation rules, and the documents that were skipped. */
public record ParsedRules(List<SigmaRule> rules, List<CorrelationRule> correlations, List<LoadIssue> issues) {

    public ParsedRules {
        rules = List.copyOf(rules);
        correlations = List.copyOf(correlations);
        issues = List.copyOf(issues);
    }
}
