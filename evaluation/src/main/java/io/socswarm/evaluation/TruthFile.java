package io.socswarm.evaluation;

import io.socswarm.evaluation.YamlTree.Mapping;
import io.socswarm.evaluation.YamlTree.Node;
import io.socswarm.evaluation.YamlTree.Scalar;
import io.socswarm.evaluation.YamlTree.Seq;
import io.socswarm.evaluation.YamlTree.YamlException;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.local.UserError;
import io.socswarm.model.IpRanges;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One dataset's ground truth, as written in a truth file (format: docs in EVALUATION.md): which
 * files to replay, in which format, how to label each event (rules, first match wins, or the
 * file's own label columns), which intel feeds to load first, and the site's facts as settings.
 *
 * @param rules null when the truth comes from the events' own label columns
 * @param site  settings for the apps ({@code swarm.site.*}), from the file's {@code site:}
 */
record TruthFile(String name, Path source, List<Listed> files, String format, String defaultLabel,
        List<Rule> rules, List<Listed> intel, Map<String, String> site) {

    static final String HOME_NETWORKS = "swarm.site.home.networks";
    static final String EXPOSED_SERVICES = "swarm.site.exposed.services";
    /** Label columns as readers copy them into {@link SecurityEvent#labels()}. */
    static final String LABEL = "label";
    static final List<String> DETAILED_LABEL = List.of("detailed_label", "detailedlabel");

    private static final List<String> KEYS = List.of("dataset", "files", "format", "default", "rules", "intel", "site");
    private static final Set<String> RULE_KEYS = Set.of("label", "match", "from", "to", "attacker");
    private static final Map<String, String> SITE_KEYS = Map.of(
            "homeNetworks", HOME_NETWORKS,
            "exposedServices", EXPOSED_SERVICES);

    /** A path listed in the file, relative to the data root, with its line. */
    record Listed(String path, int line) {
    }

    TruthFile {
        files = List.copyOf(files);
        rules = rules == null ? null : List.copyOf(rules);
        intel = List.copyOf(intel);
        site = Map.copyOf(site);
    }

    boolean hasRules() {
        return rules != null;
    }

    /**
     * The ground truth of one event: the first rule that matches, else {@code default}; or, for a
     * file without rules, the event's {@code label} column, the attack class being its detailed
     * label when it has one (Stratosphere's "External-Attack-to-Device" says more than "Malicious").
     */
    Label label(SecurityEvent event) {
        if (rules != null) {
            for (Rule rule : rules) {
                if (rule.matches(event)) {
                    return rule.labelFor(event);
                }
            }
            return Label.of(defaultLabel, null);
        }
        String label = meaningful(event.labels().get(LABEL));
        if (label == null) {
            return defaultLabel == null ? Label.ignore() : Label.of(defaultLabel, null);
        }
        if (Label.kindOf(label) != Label.Kind.ATTACK) {
            return Label.of(label, null);
        }
        String detailed = DETAILED_LABEL.stream().map(k -> meaningful(event.labels().get(k)))
                .filter(v -> v != null).findFirst().orElse(label);
        return Label.of(detailed, Entities.of(event));
    }

    private static String meaningful(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() || v.equals("-") || v.equals("(empty)") ? null : v;
    }

    /** Reads and checks a truth file; any mistake is one sentence naming the file, line and field. */
    static TruthFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("Cannot read the truth file " + file + ": " + e.getMessage() + ".");
        }
        return parse(text, file);
    }

    static TruthFile parse(String text, Path source) {
        try {
            return new Parser(source).parse(YamlTree.parse(text));
        } catch (YamlException e) {
            throw new UserError(source + (e.line > 0 ? " line " + e.line : "") + ": " + e.getMessage() + ".");
        }
    }

    /** Walks the tree, checking each field as it goes. */
    private static final class Parser {
        private final Path source;

        Parser(Path source) {
            this.source = source;
        }

        TruthFile parse(Node root) throws YamlException {
            Mapping top = mapping(root, "the truth file");
            for (var key : top.entries().keySet()) {
                if (!KEYS.contains(key)) {
                    throw new YamlException(top.keyLines().get(key), "unknown field '" + key + "' (the fields are "
                            + String.join(", ", KEYS) + ")");
                }
            }
            String name = optionalText(top, "dataset");
            if (name == null) {
                String file = source.getFileName().toString();
                name = file.replaceFirst("\\.ya?ml$", "");
            }
            List<Listed> files = paths(top, "files");
            if (files.isEmpty()) {
                throw new YamlException(top.keyLines().getOrDefault("files", top.line()),
                        "'files' must list at least one file to replay");
            }
            String format = optionalText(top, "format");
            if (format != null) {
                try {
                    Readers.forFormat(format, Readers.Options.defaults());
                } catch (IllegalArgumentException e) {
                    throw new YamlException(top.keyLines().get("format"), "format: " + e.getMessage()
                            .replaceAll("\\.$", ""));
                }
            }
            List<Rule> rules = null;
            if (top.entries().containsKey("rules")) {
                rules = new ArrayList<>();
                Node node = top.entries().get("rules");
                if (!(node instanceof Scalar s && s.text() == null)) {
                    List<Node> items = seq(node, "rules").items();
                    for (int i = 0; i < items.size(); i++) {
                        rules.add(rule(items.get(i), "rules[" + i + "]"));
                    }
                }
            }
            String defaultLabel = optionalText(top, "default");
            if (defaultLabel == null && rules != null) {
                defaultLabel = Label.BENIGN;
            }
            List<Listed> intel = paths(top, "intel");
            Map<String, String> site = site(top);
            return new TruthFile(name, source, files, format, defaultLabel, rules, intel, site);
        }

        private Rule rule(Node node, String where) throws YamlException {
            Mapping m = mapping(node, where);
            for (var key : m.entries().keySet()) {
                if (!RULE_KEYS.contains(key)) {
                    throw new YamlException(m.keyLines().get(key), where + ": unknown field '" + key
                            + "' (a rule has label, match, from, to, attacker)");
                }
            }
            String label = optionalText(m, "label");
            if (label == null || label.isBlank()) {
                throw new YamlException(m.line(), where + ": every rule needs a 'label'");
            }
            List<Rule.Condition> conditions = new ArrayList<>();
            Node match = m.entries().get("match");
            if (match != null && !(match instanceof Scalar s && s.text() == null)) {
                Mapping fields = mapping(match, where + ".match");
                for (var entry : fields.entries().entrySet()) {
                    conditions.add(condition(entry.getKey(), entry.getValue(), fields.keyLines().get(entry.getKey()),
                            where + ".match"));
                }
            }
            Instant from = instant(m, "from", where);
            Instant to = instant(m, "to", where);
            if (from != null && to != null && to.isBefore(from)) {
                throw new YamlException(m.keyLines().get("to"), where + ": 'to' (" + to + ") is before 'from' ("
                        + from + ")");
            }
            return new Rule(label.strip(), conditions, from, to, Entities.user(optionalText(m, "attacker")), m.line());
        }

        private Rule.Condition condition(String path, Node value, int line, String where) throws YamlException {
            FieldPath field = FieldPath.of(path).orElseThrow(() -> new YamlException(line, where + ": '" + path
                    + "' is not a SecurityEvent field (known: " + FieldPath.known() + ")"));
            List<String> values = new ArrayList<>();
            if (value instanceof Seq seq) {
                for (Node item : seq.items()) {
                    values.add(scalar(item, where + "." + path));
                }
            } else {
                values.add(scalar(value, where + "." + path));
            }
            if (values.isEmpty()) {
                throw new YamlException(line, where + "." + path + ": an empty list matches nothing");
            }
            if (field.ip()) {
                try {
                    return Rule.Condition.ofIps(field, IpRanges.of(values));
                } catch (IllegalArgumentException e) {
                    throw new YamlException(line, where + "." + path + ": " + e.getMessage());
                }
            }
            return Rule.Condition.ofValues(field, values);
        }

        private Instant instant(Mapping m, String key, String where) throws YamlException {
            String text = optionalText(m, key);
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e) {
                    throw new YamlException(m.keyLines().get(key), where + "." + key + ": '" + text
                            + "' is not an ISO-8601 time with a zone, like 2022-09-29T14:40:00Z");
                }
            }
        }

        private Map<String, String> site(Mapping top) throws YamlException {
            Node node = top.entries().get("site");
            Map<String, String> settings = new LinkedHashMap<>();
            if (node == null || node instanceof Scalar s && s.text() == null) {
                return settings;
            }
            Mapping site = mapping(node, "site");
            for (var entry : site.entries().entrySet()) {
                String setting = SITE_KEYS.get(entry.getKey());
                int line = site.keyLines().get(entry.getKey());
                if (setting == null) {
                    throw new YamlException(line, "site: unknown field '" + entry.getKey()
                            + "' (site has homeNetworks and exposedServices)");
                }
                List<String> values = new ArrayList<>();
                if (entry.getValue() instanceof Seq seq) {
                    for (Node item : seq.items()) {
                        values.add(scalar(item, "site." + entry.getKey()));
                    }
                } else if (!(entry.getValue() instanceof Scalar s && s.text() == null)) {
                    throw new YamlException(line, "site." + entry.getKey() + " must be a list");
                }
                if (entry.getKey().equals("homeNetworks")) {
                    try {
                        IpRanges.of(values);
                    } catch (IllegalArgumentException e) {
                        throw new YamlException(line, "site.homeNetworks: " + e.getMessage());
                    }
                }
                // An empty list is a fact too ("nothing is exposed"): it replaces the default.
                settings.put(setting, String.join(",", values));
            }
            return settings;
        }

        private List<Listed> paths(Mapping m, String key) throws YamlException {
            Node node = m.entries().get(key);
            List<Listed> paths = new ArrayList<>();
            if (node == null || node instanceof Scalar s && s.text() == null) {
                return paths;
            }
            for (Node item : seq(node, key).items()) {
                String path = scalar(item, key);
                if (path.isBlank()) {
                    throw new YamlException(item.line(), key + ": an empty file name");
                }
                if (Path.of(path).isAbsolute() || Path.of(path).normalize().startsWith("..")) {
                    throw new YamlException(item.line(), key + ": '" + path + "' must be relative to the data root");
                }
                paths.add(new Listed(path, item.line()));
            }
            return paths;
        }

        private static String optionalText(Mapping m, String key) throws YamlException {
            Node node = m.entries().get(key);
            return node == null ? null : nullableScalar(node, key);
        }

        private static String nullableScalar(Node node, String where) throws YamlException {
            if (node instanceof Scalar s) {
                return s.text();
            }
            throw new YamlException(node.line(), where + " must be a single value, not a "
                    + (node instanceof Seq ? "list" : "map"));
        }

        private static String scalar(Node node, String where) throws YamlException {
            String text = nullableScalar(node, where);
            if (text == null) {
                throw new YamlException(node.line(), where + ": a value is missing");
            }
            return text;
        }

        private static Mapping mapping(Node node, String where) throws YamlException {
            if (node instanceof Mapping m) {
                return m;
            }
            throw new YamlException(node.line(), where + " must be a map of field: value");
        }

        private static Seq seq(Node node, String where) throws YamlException {
            if (node instanceof Seq s) {
                return s;
            }
            throw new YamlException(node.line(), where + " must be a list");
        }
    }
}
