package io.socswarm.agents.sigma;

import io.socswarm.sigma.CompiledRule;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.RuleSet;
import io.socswarm.sigma.SigmaLoader;
import io.socswarm.sigma.SigmaRuleException;
import io.socswarm.sigma.correlation.CorrelationEvaluator;
import io.socswarm.sigma.correlation.CorrelationRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force at one {@link #version}: the directory's rules with the topic's on top, compiled
 * into a {@link RuleSet}, and the correlations over them. Immutable once built, so every task of
 * an instance shares one; {@link SigmaDetector} builds a new one only when the topic changed.
 *
 * <p>A topic rule overrides the directory rule whose id is its key (or whose id the topic text
 * carries); a topic text that does not load at all overrides nothing, so a broken update of a rule
 * leaves the directory's version in force. Rules whose status is {@code deprecated} or
 * {@code unsupported} are not loaded, which also lets an operator withdraw a directory rule live:
 * publish it again with {@code status: deprecated}.
 *
 * <p>The rules a correlation consumes vote on their own only if the correlation says
 * {@code generate: true}, as the Sigma specification intends: a single failed logon is no finding,
 * twenty of them from one address are.
 */
final class RuleBook {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private final long version;
    private final RuleSet rules;
    private final Map<String, CompiledRule> byId;
    private final Set<String> silent;
    private final List<CorrelationEvaluator> correlations;
    private final Map<String, List<CorrelationEvaluator>> correlationsByRule;
    private final int fromTopic;
    private final int skipped;
    private final Map<List<LogSource>, Integer> sizes = new ConcurrentHashMap<>();

    private RuleBook(long version, Collection<CompiledRule> rules, List<CorrelationEvaluator> correlations,
            int fromTopic, int skipped) {
        this.version = version;
        this.rules = RuleSet.of(rules);
        Map<String, CompiledRule> ids = new HashMap<>();
        rules.forEach(r -> ids.put(r.rule().label(), r));
        this.byId = Map.copyOf(ids);
        this.correlations = List.copyOf(correlations);
        Set<String> consumed = new HashSet<>();
        Map<String, List<CorrelationEvaluator>> byRule = new HashMap<>();
        for (CorrelationEvaluator c : correlations) {
            for (String id : c.ruleIds()) {
                byRule.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
                if (!c.rule().generate()) {
                    consumed.add(id);
                }
            }
        }
        byRule.replaceAll((k, v) -> List.copyOf(v));
        this.correlationsByRule = Map.copyOf(byRule);
        this.silent = Set.copyOf(consumed);
        this.fromTopic = fromTopic;
        this.skipped = skipped;
    }

    /** No rules at all. */
    static RuleBook empty() {
        return new RuleBook(Long.MIN_VALUE, List.of(), List.of(), 0, 0);
    }

    /**
     * The rules of the directory with those of the topic ({@code key → YAML}) on top.
     *
     * @param directory what was loaded from {@code swarm.sigma.rules}, or null
     */
    static RuleBook build(long version, SigmaLoader.LoadResult directory, Map<String, String> topic, SigmaLoader loader) {
        Map<String, CompiledRule> rules = new LinkedHashMap<>();
        Map<String, CorrelationRule> correlations = new LinkedHashMap<>();
        if (directory != null) {
            directory.rules().forEach(r -> rules.put(r.rule().label(), r));
            directory.correlations().forEach(c -> correlations.put(c.label(), c));
        }
        int fromTopic = 0;
        int skipped = 0;
        for (Map.Entry<String, String> entry : topic.entrySet()) {
            SigmaLoader.LoadResult loaded;
            try {
                loaded = loader.load(entry.getValue(), SigmaRuleTable.STORE + "/" + entry.getKey());
            } catch (RuntimeException e) {
                skipped++;
                continue;
            }
            if (!loaded.report().issues().isEmpty()) {
                // Reported when it was published (SigmaRuleTable); what did load of a multi-document text is used.
                skipped++;
            }
            if (loaded.rules().isEmpty() && loaded.correlations().isEmpty()) {
                continue;
            }
            rules.remove(entry.getKey());
            correlations.remove(entry.getKey());
            for (CompiledRule r : loaded.rules()) {
                rules.put(r.rule().label(), r);
                fromTopic++;
            }
            for (CorrelationRule c : loaded.correlations()) {
                correlations.put(c.label(), c);
                fromTopic++;
            }
        }
        rules.values().removeIf(r -> Levels.retired(r.rule().status()));
        correlations.values().removeIf(c -> Levels.retired(c.status()));

        Map<String, String> idsByName = new HashMap<>();
        rules.values().forEach(r -> {
            if (r.rule().name() != null) {
                idsByName.put(r.rule().name(), r.rule().label());
            }
        });
        correlations.values().forEach(c -> {
            if (c.name() != null) {
                idsByName.put(c.name(), c.label());
            }
        });
        List<CorrelationEvaluator> evaluators = new ArrayList<>();
        for (CorrelationRule c : correlations.values()) {
            try {
                CorrelationEvaluator evaluator = CorrelationEvaluator.of(c, idsByName);
                evaluators.add(evaluator);
                for (String id : evaluator.ruleIds()) {
                    if (!rules.containsKey(id) && !correlations.containsKey(id)) {
                        LOG.warn("Sigma correlation {} uses rule {}, which is not loaded", SigmaRuleTable.printable(c.label()),
                                SigmaRuleTable.printable(id));
                    }
                }
            } catch (SigmaRuleException e) {
                skipped++;
                LOG.warn("Sigma correlation {} from {} is skipped: {}", SigmaRuleTable.printable(c.label()),
                        SigmaRuleTable.printable(c.source()), SigmaRuleTable.printable(e.getMessage()));
            }
        }
        RuleBook book = new RuleBook(version, rules.values(), evaluators, fromTopic, skipped);
        LOG.info("Sigma rules in force: {} detection rules and {} correlations ({} from {}, {} skipped there)",
                rules.size(), evaluators.size(), fromTopic, SigmaRuleTable.STORE, skipped);
        return book;
    }

    long version() {
        return version;
    }

    RuleSet rules() {
        return rules;
    }

    CompiledRule rule(String id) {
        return byId.get(id);
    }

    /** Whether the rule only feeds correlations. */
    boolean silent(String ruleId) {
        return silent.contains(ruleId);
    }

    List<CorrelationEvaluator> correlations() {
        return correlations;
    }

    /** The correlations that consume a rule's (or a correlation's) matches. */
    List<CorrelationEvaluator> correlationsOf(String ruleId) {
        return correlationsByRule.getOrDefault(ruleId, List.of());
    }

    /** Topic rules and correlations in force. */
    int fromTopic() {
        return fromTopic;
    }

    /** Topic texts that did not load, and correlations that could not be evaluated. */
    int skipped() {
        return skipped;
    }

    /** How many rules apply to events of these logsources (for the SAFE vote's reason); cached. */
    int rulesFor(List<LogSource> sources) {
        return sizes.computeIfAbsent(sources, s -> {
            Set<CompiledRule> applicable = new HashSet<>();
            s.forEach(source -> applicable.addAll(rules.rulesFor(source)));
            return applicable.size();
        });
    }
}
