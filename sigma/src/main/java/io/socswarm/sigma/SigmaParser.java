package io.socswarm.sigma;

import io.socswarm.sigma.correlation.CorrelationCondition;
import io.socswarm.sigma.correlation.CorrelationCondition.Bound;
import io.socswarm.sigma.correlation.CorrelationCondition.Operator;
import io.socswarm.sigma.correlation.CorrelationRule;
import io.socswarm.sigma.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Sigma YAML (one or more documents) into {@link SigmaRule}s and {@link CorrelationRule}s.
 * Never throws for a bad document: each one becomes a {@link LoadIssue} and the others still load.
 * Only structure is checked here; modifiers and conditions are checked when compiling.
 */
public final class SigmaParser {

    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhdwMy])");

    private SigmaParser() {
    }

    public static ParsedRules parse(String yaml, String source) {
        List<SigmaRule> rules = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        List<LoadIssue> issues = new ArrayList<>();
        List<Object> documents;
        try {
            documents = YamlDocuments.read(yaml);
        } catch (RuntimeException e) {
            issues.add(new LoadIssue(source, null, SigmaRuleException.Kind.INVALID, "yaml syntax",
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            return new ParsedRules(rules, correlations, issues);
        }
        for (Object document : documents) {
            if (document == null) {
                continue; // an empty document, e.g. a trailing '---'
            }
            String label = labelOf(document);
            try {
                if (!(document instanceof Map<?, ?> map)) {
                    throw SigmaRuleException.invalid("document: not a mapping", null);
                }
                if (map.containsKey("action")) {
                    throw SigmaRuleException.unsupported("action: " + map.get("action") + " (rule collection)");
                }
                if (map.containsKey("correlation")) {
                    correlations.add(correlation(cast(map), source));
                } else if (map.containsKey("filter")) {
                    throw SigmaRuleException.unsupported("sigma filter document");
                } else {
                    rules.add(rule(cast(map), source));
                }
            } catch (SigmaRuleException e) {
                issues.add(LoadIssue.of(source, label, e));
            } catch (RuntimeException e) {
                issues.add(new LoadIssue(source, label, SigmaRuleException.Kind.INVALID, "structure",
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new ParsedRules(rules, correlations, issues);
    }

    /** Parses a text holding exactly one detection rule, throwing on any problem; handy in tests. */
    public static SigmaRule parseRule(String yaml) {
        ParsedRules parsed = parse(yaml, "<inline>");
        if (!parsed.issues().isEmpty()) {
            LoadIssue issue = parsed.issues().get(0);
            throw new SigmaRuleException(issue.kind(), issue.construct(), issue.message());
        }
        if (parsed.rules().size() != 1) {
            throw SigmaRuleException.invalid("document", "expected one detection rule, got " + parsed.rules().size());
        }
        return parsed.rules().get(0);
    }

    private static String labelOf(Object document) {
        if (document instanceof Map<?, ?> map) {
            for (String key : List.of("id", "name", "title")) {
                if (map.get(key) instanceof String s) {
                    return s;
                }
            }
        }
        return null;
    }

    private static SigmaRule rule(Map<String, Object> doc, String source) {
        String title = string(doc, "title");
        if (title == null) {
            throw SigmaRuleException.invalid("title missing", null);
        }
        if (!(doc.get("logsource") instanceof Map<?, ?> logsource)) {
            throw SigmaRuleException.invalid("logsource missing", null);
        }
        if (!(doc.get("detection") instanceof Map<?, ?> detection)) {
            throw SigmaRuleException.invalid("detection missing", null);
        }
        Map<String, Object> ls = cast(logsource);
        return new SigmaRule(
                title,
                string(doc, "id"),
                string(doc, "name"),
                string(doc, "status"),
                string(doc, "level"),
                string(doc, "description"),
                string(doc, "author"),
                strings(doc.get("references")),
                strings(doc.get("tags")),
                strings(doc.get("falsepositives")),
                strings(doc.get("fields")),
                new LogSource(string(ls, "product"), string(ls, "category"), string(ls, "service")),
                detection(cast(detection)),
                source);
    }

    private static Detection detection(Map<String, Object> detection) {
        Object condition = detection.get("condition");
        List<String> conditions;
        if (condition instanceof String s) {
            conditions = List.of(s);
        } else if (condition instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(String.class::isInstance)) {
            conditions = list.stream().map(String.class::cast).toList();
        } else {
            throw SigmaRuleException.invalid("condition missing", null);
        }
        if (detection.containsKey("timeframe")) {
            throw SigmaRuleException.unsupported("detection: timeframe (deprecated aggregation)");
        }
        Map<String, SearchIdentifier> identifiers = new LinkedHashMap<>();
        detection.forEach((name, value) -> {
            if (!name.equals("condition")) {
                identifiers.put(name, searchIdentifier(name, value));
            }
        });
        return new Detection(identifiers, conditions);
    }

    private static SearchIdentifier searchIdentifier(String name, Object value) {
        List<List<FieldSpec>> alternatives = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            alternatives.add(fieldSpecs(cast(map)));
        } else if (value instanceof List<?> list) {
            List<Object> keywords = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    alternatives.add(fieldSpecs(cast(map)));
                } else if (item instanceof List<?>) {
                    throw SigmaRuleException.invalid("search identifier " + name + ": nested list", null);
                } else {
                    keywords.add(item);
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(0, List.of(new FieldSpec(null, List.of(), keywords)));
            }
        } else if (value instanceof String keyword) {
            alternatives.add(List.of(new FieldSpec(null, List.of(), List.of(keyword))));
        } else {
            throw SigmaRuleException.invalid("search identifier " + name + ": empty or scalar", String.valueOf(value));
        }
        if (alternatives.isEmpty()) {
            throw SigmaRuleException.invalid("search identifier " + name + ": empty", null);
        }
        return new SearchIdentifier(name, alternatives);
    }

    private static List<FieldSpec> fieldSpecs(Map<String, Object> map) {
        if (map.isEmpty()) {
            throw SigmaRuleException.invalid("search identifier: empty map", null);
        }
        List<FieldSpec> specs = new ArrayList<>();
        map.forEach((key, value) -> {
            String[] parts = key.split("\\|", -1);
            String field = parts[0].isEmpty() ? null : parts[0];
            List<String> modifiers = Arrays.stream(parts, 1, parts.length).toList();
            List<Object> values;
            if (value instanceof List<?> list) {
                values = new ArrayList<>(list);
            } else {
                values = new ArrayList<>();
                values.add(value);
            }
            if (values.isEmpty()) {
                throw SigmaRuleException.invalid("value list empty", key);
            }
            for (Object v : values) {
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    throw SigmaRuleException.invalid("value: nested structure", key);
                }
            }
            specs.add(new FieldSpec(field, modifiers, values));
        });
        return specs;
    }

    private static CorrelationRule correlation(Map<String, Object> doc, String source) {
        if (!(doc.get("correlation") instanceof Map<?, ?> section)) {
            throw SigmaRuleException.invalid("correlation: not a mapping", null);
        }
        Map<String, Object> c = cast(section);
        String typeName = string(c, "type");
        if (typeName == null) {
            throw SigmaRuleException.invalid("correlation: type missing", null);
        }
        CorrelationType type = CorrelationType.fromYaml(typeName).orElseThrow(
                () -> SigmaRuleException.unsupported("correlation type " + typeName));
        List<String> rules = strings(c.get("rules"));
        if (rules.isEmpty()) {
            throw SigmaRuleException.invalid("correlation: rules missing", null);
        }
        String timespanText = string(c, "timespan");
        if (timespanText == null) {
            throw SigmaRuleException.invalid("correlation: timespan missing", null);
        }
        CorrelationCondition condition = correlationCondition(c.get("condition"), type);
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        if (c.get("aliases") instanceof Map<?, ?> aliasMap) {
            cast(aliasMap).forEach((alias, mapping) -> {
                if (!(mapping instanceof Map<?, ?> m)) {
                    throw SigmaRuleException.invalid("correlation: alias " + alias + " not a mapping", null);
                }
                Map<String, String> perRule = new LinkedHashMap<>();
                cast(m).forEach((rule, field) -> perRule.put(rule, String.valueOf(field)));
                aliases.put(alias, perRule);
            });
        }
        Object generate = doc.containsKey("generate") ? doc.get("generate") : c.get("generate");
        return new CorrelationRule(
                string(doc, "title"),
                string(doc, "id"),
                string(doc, "name"),
                string(doc, "status"),
                string(doc, "level"),
                string(doc, "description"),
                type,
                rules,
                strings(c.get("group-by")),
                timespan(timespanText),
                condition,
                aliases,
                Boolean.TRUE.equals(generate),
                source);
    }

    private static CorrelationCondition correlationCondition(Object value, CorrelationType type) {
        if (value == null) {
            if (type == CorrelationType.EVENT_COUNT || type == CorrelationType.VALUE_COUNT) {
                throw SigmaRuleException.invalid("correlation: condition missing", null);
            }
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw SigmaRuleException.invalid("correlation: condition not a mapping", String.valueOf(value));
        }
        List<Bound> bounds = new ArrayList<>();
        String field = null;
        for (Map.Entry<String, Object> entry : cast(map).entrySet()) {
            if (entry.getKey().equals("field")) {
                field = entry.getValue() instanceof List<?> list && list.size() == 1
                        ? String.valueOf(list.get(0)) : (String) entry.getValue();
                continue;
            }
            Operator operator;
            try {
                operator = Operator.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SigmaRuleException.invalid("correlation: condition operator " + entry.getKey(), null);
            }
            try {
                bounds.add(new Bound(operator, Long.parseLong(String.valueOf(entry.getValue()).trim())));
            } catch (NumberFormatException e) {
                throw SigmaRuleException.invalid("correlation: condition threshold", String.valueOf(entry.getValue()));
            }
        }
        if (bounds.isEmpty()) {
            throw SigmaRuleException.invalid("correlation: condition without operator", null);
        }
        if (type == CorrelationType.VALUE_COUNT && field == null) {
            throw SigmaRuleException.invalid("correlation: value_count without field", null);
        }
        return new CorrelationCondition(bounds, field);
    }

    static Duration timespan(String text) {
        Matcher m = TIMESPAN.matcher(text.trim());
        if (!m.matches()) {
            throw SigmaRuleException.invalid("correlation: timespan", text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null || value instanceof Map<?, ?> || value instanceof List<?> ? null : value.toString();
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(v -> v != null).map(Object::toString).toList();
        }
        return List.of(value.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
