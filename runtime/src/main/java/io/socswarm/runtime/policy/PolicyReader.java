package io.socswarm.runtime.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.IpRanges;
import io.socswarm.runtime.policy.SwarmPolicy.Allowlist;
import io.socswarm.runtime.policy.SwarmPolicy.Asset;
import io.socswarm.runtime.policy.SwarmPolicy.Autonomy;
import io.socswarm.runtime.policy.SwarmPolicy.Criticality;
import io.socswarm.runtime.policy.SwarmPolicy.Incidents;
import io.socswarm.runtime.policy.SwarmPolicy.Scoring;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a policy file. The YAML is first read token by token into a small tree that keeps the
 * line of every key and value (Jackson's token locations), then checked against the format, so
 * that every refusal, a value out of range as much as a syntax error, names the line it is on.
 * Keys are checked strictly: a misspelt key is refused rather than silently meaning the default.
 */
final class PolicyReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern FINDING_CLASS = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String DURATION_FORMS = "a duration such as 30s, 15m, 1h, 7d or PT1H";

    private final String source;

    private PolicyReader(String source) {
        this.source = source;
    }

    /** The policy in {@code text}; an IOException is the reader's own (a file that cannot be read). */
    static SwarmPolicy read(String source, Reader text) throws IOException {
        PolicyReader reader = new PolicyReader(source);
        Node root = reader.parse(text);
        return root == null || root instanceof Scalar s && s.isNull() ? SwarmPolicy.defaults() : reader.policy(root);
    }

    // ---- the tree ----

    private sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        /** What the node is, for "… but was X". */
        String shown();
    }

    private record Field(int keyLine, Node value) {
    }

    private record MapNode(Map<String, Field> fields, int line) implements Node {
        @Override
        public String shown() {
            return "a map of settings";
        }
    }

    private record ListNode(List<Node> items, int line) implements Node {
        @Override
        public String shown() {
            return "a list";
        }
    }

    private record Scalar(JsonToken token, String text, int line) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean isText() {
            return token == JsonToken.VALUE_STRING;
        }

        boolean isNumber() {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public String shown() {
            return isNull() ? "empty" : isText() ? "\"" + text + "\"" : text;
        }
    }

    private Node parse(Reader text) throws IOException {
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return node(parser);
        } catch (JsonProcessingException e) {
            throw notYaml(e);
        }
    }

    private Node node(JsonParser parser) throws IOException {
        int line = line(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Field> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line(parser.currentTokenLocation());
                parser.nextToken();
                Field previous = fields.put(key, new Field(keyLine, node(parser)));
                if (previous != null) {
                    throw new PolicyException(source, keyLine, "\"" + key + "\" is set twice (first on line "
                            + previous.keyLine() + ")");
                }
            }
            return new MapNode(fields, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(parser));
            }
            return new ListNode(items, line);
        }
        return new Scalar(token, parser.getText(), line);
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /** SnakeYAML's own account of a syntax error says what it found where; Jackson's says only what it was doing. */
    private PolicyException notYaml(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
                int line = m.getProblemMark() != null ? m.getProblemMark().getLine() + 1 : line(e.getLocation());
                return new PolicyException(source, line, "not valid YAML (" + firstLine(m.getProblem()) + ")");
            }
        }
        return new PolicyException(source, line(e.getLocation()), "not valid YAML (" + firstLine(e.getOriginalMessage()) + ")");
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable" : message.strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline).strip();
    }

    // ---- the format ----

    private SwarmPolicy policy(Node root) {
        MapNode top = map(root, "the policy");
        allow(top, "", "a policy", "name", "version", "scoring", "neverBlock", "assets", "incidents", "autonomy");
        String name = text(top, "name", "", SwarmPolicy.DEFAULT_NAME);
        String version = text(top, "version", "", SwarmPolicy.DEFAULT_VERSION);
        return new SwarmPolicy(name, version, scoring(top.fields().get("scoring")),
                allowlist(top.fields().get("neverBlock")), assets(top.fields().get("assets")),
                incidents(top.fields().get("incidents")), autonomy(top.fields().get("autonomy")));
    }

    private Scoring scoring(Field field) {
        Scoring d = Scoring.PROTOTYPE;
        if (absent(field)) {
            return d;
        }
        MapNode m = map(field.value(), "scoring");
        allow(m, "scoring.", "scoring", "mode", "malicious", "suspicious", "critical", "warning");
        Scoring.Mode mode = choice(m, "mode", "scoring.", Scoring.Mode.class, d.mode());
        int malicious = positive(m, "malicious", "scoring.", d.malicious());
        int suspicious = positive(m, "suspicious", "scoring.", d.suspicious());
        int critical = positive(m, "critical", "scoring.", d.criticalScore());
        int warning = positive(m, "warning", "scoring.", d.warningScore());
        if (critical <= warning) {
            Field at = m.fields().containsKey("critical") ? m.fields().get("critical") : m.fields().get("warning");
            throw new PolicyException(source, at.value().line(), "scoring.critical must be greater than scoring.warning ("
                    + warning + "), but was " + critical);
        }
        return new Scoring(mode, malicious, suspicious, critical, warning);
    }

    private Allowlist allowlist(Field field) {
        if (absent(field)) {
            return Allowlist.NONE;
        }
        MapNode m = map(field.value(), "neverBlock");
        allow(m, "neverBlock.", "neverBlock", "cidrs", "accounts");
        List<String> cidrs = new ArrayList<>();
        List<Scalar> listed = texts(m, "cidrs", "neverBlock.");
        for (int i = 0; i < listed.size(); i++) {
            cidrs.add(cidr(listed.get(i), "neverBlock.cidrs[" + (i + 1) + "]"));
        }
        List<String> accounts = texts(m, "accounts", "neverBlock.").stream().map(Scalar::text).toList();
        return new Allowlist(cidrs, accounts);
    }

    private List<Asset> assets(Field field) {
        if (absent(field)) {
            return List.of();
        }
        ListNode list = list(field.value(), "assets");
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = "assets[" + (i + 1) + "]";
            MapNode m = map(list.items().get(i), path);
            allow(m, path + ".", "an asset", "match", "criticality");
            Scalar match = required(m, "match", path, "the address, CIDR or host name it describes");
            String matchText = requireText(match, path + ".match");
            if (matchText.contains("/")) {
                cidr(match, path + ".match");
            }
            required(m, "criticality", path, "normal, high or critical");
            assets.add(new Asset(matchText, choice(m, "criticality", path + ".", Criticality.class, null)));
        }
        return assets;
    }

    private Incidents incidents(Field field) {
        Incidents d = Incidents.DEFAULTS;
        if (absent(field)) {
            return d;
        }
        MapNode m = map(field.value(), "incidents");
        allow(m, "incidents.", "incidents", "gap", "campaignWindow", "campaignSuspects", "precursors");
        Duration gap = duration(m, "gap", "incidents.", d.gap());
        Duration window = duration(m, "campaignWindow", "incidents.", d.campaignWindow());
        int suspects = whole(m, "campaignSuspects", "incidents.", d.campaignSuspects());
        if (suspects < 2) {
            throw new PolicyException(source, m.fields().get("campaignSuspects").value().line(),
                    "incidents.campaignSuspects must be at least 2 (a campaign is several suspects), but was " + suspects);
        }
        Set<String> precursors = d.precursors();
        if (!absent(m.fields().get("precursors"))) {
            precursors = new LinkedHashSet<>();
            for (Scalar c : texts(m, "precursors", "incidents.")) {
                if (!FINDING_CLASS.matcher(c.text()).matches()) {
                    throw new PolicyException(source, c.line(), "incidents.precursors lists \"" + c.text()
                            + "\", which is not a finding class (snake_case, such as external_login_failure)");
                }
                precursors.add(c.text());
            }
        }
        return new Incidents(gap, window, suspects, precursors);
    }

    private Map<ActionRequest.Type, Autonomy> autonomy(Field field) {
        Map<ActionRequest.Type, Autonomy> autonomy = new EnumMap<>(ActionRequest.Type.class);
        if (absent(field)) {
            return autonomy;
        }
        MapNode m = map(field.value(), "autonomy");
        allowNames(m, "autonomy.", "an action type", "autonomy takes", ActionRequest.Type.class);
        Autonomy d = Autonomy.RECOMMEND;
        m.fields().forEach((typeName, entry) -> {
            ActionRequest.Type type = ActionRequest.Type.valueOf(typeName);
            String path = "autonomy." + typeName;
            if (entry.value() instanceof Scalar s && s.isNull()) {
                autonomy.put(type, d);
                return;
            }
            MapNode a = map(entry.value(), path);
            allow(a, path + ".", path, "mode", "minConfidence", "ttl");
            ActionRequest.Mode mode = choice(a, "mode", path + ".", ActionRequest.Mode.class, d.mode());
            if (mode == ActionRequest.Mode.auto && absent(a.fields().get("minConfidence"))) {
                throw new PolicyException(source, a.fields().get("mode").value().line(), path
                        + ".mode is auto without minConfidence, the confidence from which the policy approves an action");
            }
            double minConfidence = fraction(a, "minConfidence", path + ".", d.minConfidence());
            Duration ttl = duration(a, "ttl", path + ".", d.ttl());
            autonomy.put(type, new Autonomy(mode, minConfidence, ttl));
        });
        return autonomy;
    }

    // ---- checks, each naming the line ----

    private static boolean absent(Field field) {
        return field == null || field.value() instanceof Scalar s && s.isNull();
    }

    private PolicyException wrongType(Node node, String path, String expected) {
        return new PolicyException(source, node.line(), path + " must be " + expected + ", but was " + node.shown());
    }

    private MapNode map(Node node, String path) {
        if (node instanceof MapNode m) {
            return m;
        }
        throw wrongType(node, path, "a map of settings");
    }

    private ListNode list(Node node, String path) {
        if (node instanceof ListNode l) {
            return l;
        }
        throw wrongType(node, path, "a list");
    }

    private void allow(MapNode m, String prefix, String what, String... keys) {
        List<String> allowed = Arrays.asList(keys);
        m.fields().forEach((key, field) -> {
            if (!allowed.contains(key)) {
                throw new PolicyException(source, field.keyLine(), prefix + key + " is not a policy setting ("
                        + what + " takes " + String.join(", ", keys) + ")");
            }
        });
    }

    private <E extends Enum<E>> void allowNames(MapNode m, String prefix, String what, String takes, Class<E> names) {
        String all = names(names);
        m.fields().forEach((key, field) -> {
            if (Arrays.stream(names.getEnumConstants()).noneMatch(e -> e.name().equals(key))) {
                throw new PolicyException(source, field.keyLine(), prefix + key + " is not " + what + " (" + takes
                        + " " + all + ")");
            }
        });
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private Scalar scalar(Node node, String path, String expected) {
        if (node instanceof Scalar s && !s.isNull()) {
            return s;
        }
        throw wrongType(node, path, expected);
    }

    private Scalar required(MapNode m, String key, String path, String meaning) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            throw new PolicyException(source, field == null ? m.line() : field.keyLine(), path + " has no " + key + " ("
                    + meaning + ")");
        }
        return scalar(field.value(), path + "." + key, "a value");
    }

    private String requireText(Scalar s, String path) {
        if (!s.isText() || s.text().isBlank()) {
            throw wrongType(s, path, "a text");
        }
        return s.text().strip();
    }

    /** A name or version: text, or a number as written ({@code version: 3}). */
    private String text(MapNode m, String key, String prefix, String otherwise) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return otherwise;
        }
        Scalar s = scalar(field.value(), prefix + key, "a text");
        if (!(s.isText() || s.isNumber()) || s.text().isBlank()) {
            throw wrongType(s, prefix + key, "a text");
        }
        return s.text().strip();
    }

    private List<Scalar> texts(MapNode m, String key, String prefix) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return List.of();
        }
        ListNode list = list(field.value(), prefix + key);
        List<Scalar> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = prefix + key + "[" + (i + 1) + "]";
            Scalar s = scalar(list.items().get(i), path, "a text");
            requireText(s, path);
            out.add(s);
        }
        return out;
    }

    private String cidr(Scalar s, String path) {
        String text = s.text().strip();
        try {
            IpRanges.of(List.of(text));
            return text;
        } catch (IllegalArgumentException e) {
            throw wrongType(s, path, "an IP address or CIDR range");
        }
    }

    private <E extends Enum<E>> E choice(MapNode m, String key, String prefix, Class<E> type, E otherwise) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return otherwise;
        }
        Scalar s = scalar(field.value(), prefix + key, "one of " + names(type));
        for (E e : type.getEnumConstants()) {
            if (s.isText() && e.name().equals(s.text().strip())) {
                return e;
            }
        }
        throw wrongType(s, prefix + key, "one of " + names(type));
    }

    private int whole(MapNode m, String key, String prefix, int otherwise) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return otherwise;
        }
        Scalar s = scalar(field.value(), prefix + key, "a whole number");
        if (s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Integer.parseInt(s.text().strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw wrongType(s, prefix + key, "a whole number below 2^31");
            }
        }
        throw wrongType(s, prefix + key, "a whole number");
    }

    private int positive(MapNode m, String key, String prefix, int otherwise) {
        int value = whole(m, key, prefix, otherwise);
        if (value <= 0) {
            throw new PolicyException(source, m.fields().get(key).value().line(), prefix + key
                    + " must be a whole number above 0, but was " + value);
        }
        return value;
    }

    private double fraction(MapNode m, String key, String prefix, double otherwise) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return otherwise;
        }
        Scalar s = scalar(field.value(), prefix + key, "a number between 0 and 1");
        double value;
        try {
            value = s.isNumber() ? Double.parseDouble(s.text().strip()) : Double.NaN;
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw wrongType(s, prefix + key, "a number between 0 and 1");
        }
        return value;
    }

    private Duration duration(MapNode m, String key, String prefix, Duration otherwise) {
        Field field = m.fields().get(key);
        if (absent(field)) {
            return otherwise;
        }
        Scalar s = scalar(field.value(), prefix + key, DURATION_FORMS);
        Duration d = s.isText() ? parseDuration(s.text()) : null;
        if (d == null) {
            throw wrongType(s, prefix + key, DURATION_FORMS);
        }
        if (d.isNegative() || d.isZero()) {
            throw wrongType(s, prefix + key, "longer than zero");
        }
        return d;
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT1H}); null otherwise. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        Matcher unit = SHORT_DURATION.matcher(t);
        try {
            if (unit.matches()) {
                long n = Long.parseLong(unit.group(1));
                return switch (unit.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            String iso = t.toUpperCase(Locale.ROOT);
            if (iso.startsWith("P") || iso.startsWith("-P") || iso.startsWith("+P")) {
                return Duration.parse(iso);
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            return null;
        }
        return null;
    }
}
