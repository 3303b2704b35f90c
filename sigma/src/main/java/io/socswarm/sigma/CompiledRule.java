package io.socswarm.sigma;

import io.socswarm.sigma.condition.ConditionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rule compiled once for repeated matching: search identifiers as field matchers and the
 * condition as an evaluation tree. Immutable and thread-safe; build it with {@link #compile}.
 */
public final class CompiledRule {

    /** A compiled search identifier: alternatives OR-ed, the matchers within one AND-ed. */
    record Search(String name, List<List<FieldMatcher>> alternatives) {

        boolean matches(MatchContext context) {
            for (List<FieldMatcher> alternative : alternatives) {
                if (allMatch(alternative, context)) {
                    return true;
                }
            }
            return false;
        }

        List<FieldMatch> explain(MatchContext context) {
            for (List<FieldMatcher> alternative : alternatives) {
                if (allMatch(alternative, context)) {
                    List<FieldMatch> evidence = new ArrayList<>();
                    alternative.forEach(matcher -> evidence.addAll(matcher.explain(name, context)));
                    return evidence;
                }
            }
            return List.of();
        }

        private static boolean allMatch(List<FieldMatcher> alternative, MatchContext context) {
            for (FieldMatcher matcher : alternative) {
                if (!matcher.matches(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The condition with identifiers resolved to searches and {@code x of} expanded. */
    sealed interface Node {
        boolean eval(MatchContext context);
    }

    record And(List<Node> children) implements Node {
        public boolean eval(MatchContext context) {
            for (Node child : children) {
                if (!child.eval(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<Node> children) implements Node {
        public boolean eval(MatchContext context) {
            for (Node child : children) {
                if (child.eval(context)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Node child) implements Node {
        public boolean eval(MatchContext context) {
            return !child.eval(context);
        }
    }

    record Ref(Search search) implements Node {
        public boolean eval(MatchContext context) {
            return search.matches(context);
        }
    }

    private final SigmaRule rule;
    private final List<ConditionNode> conditions;
    private final Node root;
    private final Set<String> requiredFields;

    CompiledRule(SigmaRule rule, List<ConditionNode> conditions, Node root, Set<String> requiredFields) {
        this.rule = rule;
        this.conditions = List.copyOf(conditions);
        this.root = root;
        this.requiredFields = Set.copyOf(requiredFields);
    }

    /** Compiles a rule; throws {@link SigmaRuleException} naming the construct it cannot use. */
    public static CompiledRule compile(SigmaRule rule, CompileOptions options) {
        return RuleCompiler.compile(rule, options);
    }

    public static CompiledRule compile(SigmaRule rule) {
        return compile(rule, CompileOptions.DEFAULTS);
    }

    public SigmaRule rule() {
        return rule;
    }

    /** The parsed condition(s); several conditions are OR-ed. */
    public List<ConditionNode> conditions() {
        return conditions;
    }

    /**
     * Fields every match needs a value in. An event lacking any of them cannot match, which lets
     * {@link RuleSet} skip the rule without evaluating it.
     */
    public Set<String> requiredFields() {
        return requiredFields;
    }

    public boolean matches(SigmaEvent event) {
        return matches(new MatchContext(event));
    }

    /** The match with its evidence, or empty. Evidence is only gathered for matches, so misses stay cheap. */
    public Optional<RuleMatch> match(SigmaEvent event) {
        return match(new MatchContext(event));
    }

    boolean matches(MatchContext context) {
        for (String field : requiredFields) {
            if (context.values(field).isEmpty()) {
                return false;
            }
        }
        return root.eval(context);
    }

    Optional<RuleMatch> match(MatchContext context) {
        if (!matches(context)) {
            return Optional.empty();
        }
        List<FieldMatch> evidence = new ArrayList<>();
        collect(root, context, evidence);
        return Optional.of(new RuleMatch(this, evidence));
    }

    private static void collect(Node node, MatchContext context, List<FieldMatch> evidence) {
        if (node instanceof And and) {
            and.children().forEach(child -> collect(child, context, evidence));
        } else if (node instanceof Or or) {
            for (Node child : or.children()) {
                if (child.eval(context)) {
                    collect(child, context, evidence);
                }
            }
        } else if (node instanceof Ref ref) {
            evidence.addAll(ref.search().explain(context));
        }
        // Not: a negated part is an absence, not evidence.
    }

    @Override
    public String toString() {
        return "CompiledRule[" + rule.label() + " " + rule.title() + "]";
    }
}
