package io.socswarm.sigma.correlation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A parsed Sigma correlation rule ({@code correlation:} document).
 *
 * @param rules     referenced rules or correlations, by id or name, as written
 * @param aliases   alias name -> (referenced rule name or id -> event field)
 * @param condition null for temporal types without a condition (then all rules must occur)
 */
public record CorrelationRule(
        String title,
        String id,
        String name,
        String status,
        String level,
        String description,
        CorrelationType type,
        List<String> rules,
        List<String> groupBy,
        Duration timespan,
        CorrelationCondition condition,
        Map<String, Map<String, String>> aliases,
        boolean generate,
        String source) {

    public CorrelationRule {
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
        aliases = Map.copyOf(aliases);
    }

    public String label() {
        return id != null ? id : name != null ? name : title;
    }
}
