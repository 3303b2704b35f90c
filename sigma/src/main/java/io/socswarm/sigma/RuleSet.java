package io.socswarm.sigma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of compiled rules indexed for matching a stream of events. Each event is tested only
 * against the rules whose logsource applies to it, and among those only against rules whose
 * "anchor" field (a field every match of the rule requires, chosen as the rarest one) is present
 * in the event, so that most events touch few rules. Immutable and thread-safe.
 */
public final class RuleSet {

    /** The rules of one logsource combination, bucketed by anchor field. */
    private record Bucket(Map<String, List<CompiledRule>> byAnchor, List<CompiledRule> unanchored) {
    }

    private final List<CompiledRule> rules;
    private final Map<LogSource, Bucket> byLogSource = new HashMap<>();
    private final Map<LogSource, List<Bucket>> resolved = new ConcurrentHashMap<>();

    private RuleSet(Collection<CompiledRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, Integer> fieldFrequency = new HashMap<>();
        for (CompiledRule rule : this.rules) {
            rule.requiredFields().forEach(field -> fieldFrequency.merge(field, 1, Integer::sum));
        }
        Map<LogSource, Map<String, List<CompiledRule>>> anchored = new LinkedHashMap<>();
        Map<LogSource, List<CompiledRule>> unanchored = new LinkedHashMap<>();
        for (CompiledRule rule : this.rules) {
            LogSource source = rule.rule().logSource();
            anchored.computeIfAbsent(source, s -> new LinkedHashMap<>());
            unanchored.computeIfAbsent(source, s -> new ArrayList<>());
            Optional<String> anchor = rule.requiredFields().stream()
                    .min(Comparator.comparing((String field) -> fieldFrequency.get(field))
                            .thenComparing(Comparator.naturalOrder()));
            if (anchor.isPresent()) {
                anchored.get(source).computeIfAbsent(anchor.get(), f -> new ArrayList<>()).add(rule);
            } else {
                unanchored.get(source).add(rule);
            }
        }
        anchored.forEach((source, map) -> byLogSource.put(source, new Bucket(map, unanchored.get(source))));
    }

    public static RuleSet of(Collection<CompiledRule> rules) {
        return new RuleSet(rules);
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    public int size() {
        return rules.size();
    }

    /** The rules that apply to events of this logsource, before any field check. */
    public List<CompiledRule> rulesFor(LogSource eventSource) {
        List<CompiledRule> applicable = new ArrayList<>();
        for (Bucket bucket : buckets(eventSource)) {
            bucket.byAnchor().values().forEach(applicable::addAll);
            applicable.addAll(bucket.unanchored());
        }
        return applicable;
    }

    /** Every rule that matches the event, with evidence. Empty in the common case, cheaply. */
    public List<RuleMatch> match(SigmaEvent event, LogSource eventSource) {
        MatchContext context = new MatchContext(event);
        List<RuleMatch> matches = new ArrayList<>(0);
        for (Bucket bucket : buckets(eventSource)) {
            for (Map.Entry<String, List<CompiledRule>> entry : bucket.byAnchor().entrySet()) {
                if (context.values(entry.getKey()).isEmpty()) {
                    continue;
                }
                for (CompiledRule rule : entry.getValue()) {
                    rule.match(context).ifPresent(matches::add);
                }
            }
            for (CompiledRule rule : bucket.unanchored()) {
                rule.match(context).ifPresent(matches::add);
            }
        }
        return matches;
    }

    private List<Bucket> buckets(LogSource eventSource) {
        // An event's source selects rules stating any subset of its attributes: at most 8 keys.
        return resolved.computeIfAbsent(eventSource, source -> {
            List<Bucket> buckets = new ArrayList<>();
            for (String product : alternatives(source.product())) {
                for (String category : alternatives(source.category())) {
                    for (String service : alternatives(source.service())) {
                        Bucket bucket = byLogSource.get(new LogSource(product, category, service));
                        if (bucket != null) {
                            buckets.add(bucket);
                        }
                    }
                }
            }
            return List.copyOf(buckets);
        });
    }

    private static List<String> alternatives(String value) {
        List<String> values = new ArrayList<>(2);
        values.add(null);
        if (value != null) {
            values.add(value);
        }
        return values;
    }
}
