package io.socswarm.sigma;

import io.socswarm.sigma.condition.ConditionNode;
import io.socswarm.sigma.condition.ConditionParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a {@link SigmaRule}: field specs to matchers, conditions to an evaluation tree with
 * {@code x of} patterns resolved, and the set of fields any match requires.
 */
final class RuleCompiler {

    private RuleCompiler() {
    }

    static CompiledRule compile(SigmaRule rule, CompileOptions options) {
        ValueCompiler values = new ValueCompiler(options);
        Map<String, CompiledRule.Search> searches = new LinkedHashMap<>();
        rule.detection().searchIdentifiers().forEach((name, identifier) -> {
            List<List<FieldMatcher>> alternatives = new ArrayList<>();
            for (List<FieldSpec> alternative : identifier.alternatives()) {
                alternatives.add(alternative.stream().map(values::compile).toList());
            }
            searches.put(name, new CompiledRule.Search(name, alternatives));
        });
        List<ConditionNode> conditions = rule.detection().conditions().stream().map(ConditionParser::parse).toList();
        List<CompiledRule.Node> roots = new ArrayList<>();
        for (ConditionNode condition : conditions) {
            roots.add(resolve(condition, searches));
        }
        CompiledRule.Node root = roots.size() == 1 ? roots.get(0) : new CompiledRule.Or(roots);
        return new CompiledRule(rule, conditions, root, required(root));
    }

    private static CompiledRule.Node resolve(ConditionNode node, Map<String, CompiledRule.Search> searches) {
        if (node instanceof ConditionNode.And and) {
            return new CompiledRule.And(and.children().stream().map(c -> resolve(c, searches)).toList());
        }
        if (node instanceof ConditionNode.Or or) {
            return new CompiledRule.Or(or.children().stream().map(c -> resolve(c, searches)).toList());
        }
        if (node instanceof ConditionNode.Not not) {
            return new CompiledRule.Not(resolve(not.child(), searches));
        }
        if (node instanceof ConditionNode.Identifier identifier) {
            CompiledRule.Search search = searches.get(identifier.name());
            if (search == null) {
                throw SigmaRuleException.invalid("condition: unknown search identifier", identifier.name());
            }
            return new CompiledRule.Ref(search);
        }
        ConditionNode.Quantified quantified = (ConditionNode.Quantified) node;
        List<CompiledRule.Node> matched = new ArrayList<>();
        Pattern pattern = quantified.them() ? null : wildcardPattern(quantified.pattern());
        searches.forEach((name, search) -> {
            boolean selected = pattern == null ? !name.startsWith("_") : pattern.matcher(name).matches();
            if (selected) {
                matched.add(new CompiledRule.Ref(search));
            }
        });
        if (matched.isEmpty()) {
            throw SigmaRuleException.invalid("condition: pattern matches no search identifier",
                    quantified.them() ? "them" : quantified.pattern());
        }
        if (matched.size() == 1) {
            return matched.get(0);
        }
        return quantified.all() ? new CompiledRule.And(matched) : new CompiledRule.Or(matched);
    }

    private static Pattern wildcardPattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] pieces = pattern.split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Fields needed by every way the node can be true: the union over AND, the intersection over
     * OR, nothing under NOT (an absent field can make a negation true).
     */
    private static Set<String> required(CompiledRule.Node node) {
        if (node instanceof CompiledRule.And and) {
            Set<String> union = new HashSet<>();
            and.children().forEach(child -> union.addAll(required(child)));
            return union;
        }
        if (node instanceof CompiledRule.Or or) {
            Set<String> intersection = null;
            for (CompiledRule.Node child : or.children()) {
                Set<String> fields = required(child);
                if (intersection == null) {
                    intersection = new HashSet<>(fields);
                } else {
                    intersection.retainAll(fields);
                }
            }
            return intersection == null ? Set.of() : intersection;
        }
        if (node instanceof CompiledRule.Ref ref) {
            Set<String> intersection = null;
            for (List<FieldMatcher> alternative : ref.search().alternatives()) {
                Set<String> fields = new HashSet<>();
                alternative.stream().filter(FieldMatcher::requiresField).forEach(m -> fields.add(m.field()));
                if (intersection == null) {
                    intersection = fields;
                } else {
                    intersection.retainAll(fields);
                }
            }
            return intersection == null ? Set.of() : intersection;
        }
        return Set.of();
    }
}
