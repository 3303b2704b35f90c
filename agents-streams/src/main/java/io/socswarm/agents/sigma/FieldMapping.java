package io.socswarm.agents.sigma;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.socswarm.model.SecurityEvent;
import io.socswarm.sigma.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How Sigma sees a {@link SecurityEvent}, read from {@code field-mapping.yaml} (bundled next to
 * this class) and optionally a user file whose entries are tried first. It answers two questions:
 * which Sigma logsource(s) an event belongs to, and under which event keys (see {@link EventFields})
 * a Sigma field name is found. The file has three sections:
 * <pre>
 * logsources:            # tried in order; the first entry whose `when` holds describes the event
 *   - when: {orig.Channel|event.provider: Security}   # key (a|b: the first that has a value) → value(s); "*": any
 *     product: windows                                 # a name, a list of names, or a table:
 *     service: security
 *     category: {by: orig.EventID|event.code, values: {"4688": process_creation}}
 * fields:                # Sigma field → event keys, first with a value wins; then orig.FIELD
 *   - logsource: {product: windows, service: security, category: process_creation}   # optional scope;
 *                                                    # "unknown": events no logsource entry describes
 *     map: {Image: [orig.NewProcessName]}
 * suspect:               # event keys naming whom a finding is about, tried in order
 *   user: [user.name, orig.User]
 *   host: [host.name]
 *   address: [source.ip]
 * </pre>
 * A table ({@code by}/{@code values}) names the attribute by the key's value; without
 * {@code values} the value itself is the name. Several names (a list) give the event several
 * logsources, e.g. Sysmon registry events are both {@code registry_set} and {@code registry_event}.
 * An event no entry describes has the unknown logsource, which only rules stating none match.
 *
 * <p>Field sets whose scope applies to one of the event's logsources are consulted in file order,
 * so specific sets come before general ones; a field no set names, or whose keys are all empty, is
 * looked up as {@code orig.FIELD} (the reader's copy of the original log field). Lookups are
 * resolved once per logsource and field and cached, never per event.
 */
final class FieldMapping {
    /** The mapping shipped with the agent. */
    static final String BUNDLED = "field-mapping.yaml";
    static final String ORIGINAL = "orig.";
    private static final String ANY_VALUE = "*";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A condition: the first of {@code keys} with a value must be one of {@code values} (lower case; "*" any). */
    private record Condition(List<String> keys, Set<String> values) {
        boolean holds(SecurityEvent e) {
            String value = first(e, keys);
            return value != null && (values.contains(ANY_VALUE) || values.contains(value.trim().toLowerCase(Locale.ROOT)));
        }
    }

    /** One logsource attribute: fixed names, or a table looked up by the value of {@code by}. */
    private record Part(List<String> fixed, List<String> by, Map<String, List<String>> table) {
        static final Part NONE = new Part(nulls(), List.of(), null);

        List<String> names(SecurityEvent e) {
            if (by.isEmpty()) {
                return fixed;
            }
            String value = first(e, by);
            if (value == null) {
                return nulls();
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (table == null) {
                return List.of(v);
            }
            return table.getOrDefault(v, nulls());
        }

        private static List<String> nulls() {
            List<String> none = new ArrayList<>(1);
            none.add(null);
            return none;
        }
    }

    private record Source(List<Condition> when, Part product, Part category, Part service) {
        boolean describes(SecurityEvent e) {
            for (Condition c : when) {
                if (!c.holds(e)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Fields of events of {@code scope} (null: of every event; {@link #UNKNOWN}: of events no entry describes). */
    private record FieldSet(LogSource scope, Map<String, List<String>> keys) {
        boolean appliesTo(List<LogSource> sources) {
            if (scope == UNKNOWN) {
                return sources.equals(List.of(LogSource.ANY));
            }
            return scope == null || sources.stream().anyMatch(scope::appliesTo);
        }
    }

    /** The scope {@code logsource: unknown}: events of no known source, e.g. JSON lines of another tool. */
    private static final LogSource UNKNOWN = new LogSource("(unknown)", "(unknown)", "(unknown)");

    /** Event keys that name a suspect, by kind, in order. */
    record SuspectKeys(List<String> user, List<String> host, List<String> address) {
    }

    private final List<Source> sources;
    private final List<FieldSet> fieldSets;
    private final SuspectKeys suspect;
    private final Map<List<LogSource>, Map<String, List<String>>> resolved = new ConcurrentHashMap<>();

    private FieldMapping(List<Source> sources, List<FieldSet> fieldSets, SuspectKeys suspect) {
        this.sources = List.copyOf(sources);
        this.fieldSets = List.copyOf(fieldSets);
        this.suspect = suspect;
    }

    /** The bundled mapping, with {@code userFile}'s entries (if any) tried before it. */
    static FieldMapping load(Path userFile) {
        FieldMapping bundled = parse(bundledText(), BUNDLED);
        if (userFile == null) {
            return bundled;
        }
        String text;
        try {
            text = Files.readString(userFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Sigma field mapping " + userFile + " cannot be read: " + e.getMessage()
                    + ".", e);
        }
        return parse(text, userFile.toString()).over(bundled);
    }

    static String bundledText() {
        try (InputStream in = FieldMapping.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("The bundled " + BUNDLED + " is missing from the class path.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("The bundled " + BUNDLED + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** This mapping's entries first, then {@code base}'s; suspect keys of this one where it names any. */
    FieldMapping over(FieldMapping base) {
        List<Source> s = new ArrayList<>(sources);
        s.addAll(base.sources);
        List<FieldSet> f = new ArrayList<>(fieldSets);
        f.addAll(base.fieldSets);
        SuspectKeys k = new SuspectKeys(
                suspect.user().isEmpty() ? base.suspect.user() : suspect.user(),
                suspect.host().isEmpty() ? base.suspect.host() : suspect.host(),
                suspect.address().isEmpty() ? base.suspect.address() : suspect.address());
        return new FieldMapping(s, f, k);
    }

    /** The event's logsources (usually one); the unknown logsource when no entry describes it. */
    List<LogSource> logSources(SecurityEvent e) {
        for (Source source : sources) {
            if (source.describes(e)) {
                List<LogSource> out = new ArrayList<>(1);
                for (String product : source.product().names(e)) {
                    for (String category : source.category().names(e)) {
                        for (String service : source.service().names(e)) {
                            out.add(new LogSource(product, category, service));
                        }
                    }
                }
                return List.copyOf(out);
            }
        }
        return List.of(LogSource.ANY);
    }

    /** The event keys a Sigma field is read from, for events of these logsources, in order. */
    List<String> keys(List<LogSource> eventSources, String field) {
        return resolved.computeIfAbsent(eventSources, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(field, f -> {
                    Set<String> keys = new LinkedHashSet<>();
                    for (FieldSet set : fieldSets) {
                        if (set.appliesTo(eventSources)) {
                            keys.addAll(set.keys().getOrDefault(f, List.of()));
                        }
                    }
                    keys.add(ORIGINAL + f);
                    return List.copyOf(keys);
                });
    }

    SuspectKeys suspect() {
        return suspect;
    }

    /** The first of the keys with a (non-blank) value in the event. */
    static String first(SecurityEvent e, List<String> keys) {
        for (String key : keys) {
            String value = EventFields.get(e, key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    // Parsing: every problem is one sentence naming the file and the entry.

    static FieldMapping parse(String yaml, String name) {
        Object root;
        try {
            root = YAML.readValue(yaml, Object.class);
        } catch (IOException e) {
            throw invalid(name, "it is not YAML (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null) {
            return new FieldMapping(List.of(), List.of(), new SuspectKeys(List.of(), List.of(), List.of()));
        }
        Map<?, ?> doc = map(root, name, "the document");
        for (Object key : doc.keySet()) {
            if (!Set.of("logsources", "fields", "suspect").contains(String.valueOf(key))) {
                throw invalid(name, "'" + key + "' is not a section (logsources, fields, suspect)");
            }
        }
        List<Source> sources = new ArrayList<>();
        List<?> entries = list(doc.get("logsources"), name, "logsources");
        for (int i = 0; i < entries.size(); i++) {
            sources.add(source(entries.get(i), name, "logsources[" + i + "]"));
        }
        List<FieldSet> sets = new ArrayList<>();
        List<?> fieldEntries = list(doc.get("fields"), name, "fields");
        for (int i = 0; i < fieldEntries.size(); i++) {
            sets.add(fieldSet(fieldEntries.get(i), name, "fields[" + i + "]"));
        }
        Map<?, ?> s = doc.get("suspect") == null ? Map.of() : map(doc.get("suspect"), name, "suspect");
        for (Object key : s.keySet()) {
            if (!Set.of("user", "host", "address").contains(String.valueOf(key))) {
                throw invalid(name, "suspect." + key + " is not a suspect kind (user, host, address)");
            }
        }
        SuspectKeys suspect = new SuspectKeys(strings(s.get("user"), name, "suspect.user"),
                strings(s.get("host"), name, "suspect.host"), strings(s.get("address"), name, "suspect.address"));
        return new FieldMapping(sources, sets, suspect);
    }

    private static Source source(Object entry, String name, String where) {
        Map<?, ?> m = map(entry, name, where);
        for (Object key : m.keySet()) {
            if (!Set.of("when", "product", "category", "service").contains(String.valueOf(key))) {
                throw invalid(name, where + "." + key + " is not a logsource entry's key (when, product, category,"
                        + " service)");
            }
        }
        if (!m.containsKey("when")) {
            throw invalid(name, where + " has no 'when'");
        }
        List<Condition> when = new ArrayList<>();
        map(m.get("when"), name, where + ".when").forEach((key, values) -> when.add(new Condition(
                alternatives(String.valueOf(key)), Set.copyOf(lower(strings(values, name, where + ".when." + key))))));
        return new Source(when, part(m.get("product"), name, where + ".product"),
                part(m.get("category"), name, where + ".category"), part(m.get("service"), name, where + ".service"));
    }

    private static Part part(Object value, String name, String where) {
        if (value == null) {
            return Part.NONE;
        }
        if (!(value instanceof Map<?, ?> m)) {
            List<String> names = lower(strings(value, name, where));
            if (names.isEmpty()) {
                throw invalid(name, where + " names nothing");
            }
            return new Part(names, List.of(), null);
        }
        for (Object key : m.keySet()) {
            if (!Set.of("by", "values").contains(String.valueOf(key))) {
                throw invalid(name, where + "." + key + " is not a table's key (by, values)");
            }
        }
        if (!(m.get("by") instanceof String by) || by.isBlank()) {
            throw invalid(name, where + " is a table without 'by' (the event key whose value it looks up)");
        }
        Map<String, List<String>> table = null;
        if (m.get("values") != null) {
            table = new java.util.HashMap<>();
            for (Map.Entry<?, ?> row : map(m.get("values"), name, where + ".values").entrySet()) {
                table.put(String.valueOf(row.getKey()).trim().toLowerCase(Locale.ROOT),
                        lower(strings(row.getValue(), name, where + ".values." + row.getKey())));
            }
        }
        return new Part(List.of(), alternatives(by), table);
    }

    private static FieldSet fieldSet(Object entry, String name, String where) {
        Map<?, ?> m = map(entry, name, where);
        for (Object key : m.keySet()) {
            if (!Set.of("logsource", "map").contains(String.valueOf(key))) {
                throw invalid(name, where + "." + key + " is not a field set's key (logsource, map)");
            }
        }
        LogSource scope = null;
        if ("unknown".equals(m.get("logsource"))) {
            scope = UNKNOWN;
        } else if (m.get("logsource") != null) {
            Map<?, ?> ls = map(m.get("logsource"), name, where + ".logsource");
            for (Object key : ls.keySet()) {
                if (!Set.of("product", "category", "service").contains(String.valueOf(key))) {
                    throw invalid(name, where + ".logsource." + key + " is not a logsource attribute");
                }
            }
            scope = new LogSource(text(ls.get("product")), text(ls.get("category")), text(ls.get("service")));
        }
        Map<String, List<String>> keys = new java.util.HashMap<>();
        map(m.get("map"), name, where + ".map").forEach((field, values) -> {
            List<String> k = strings(values, name, where + ".map." + field);
            if (k.isEmpty()) {
                throw invalid(name, where + ".map." + field + " names no event key");
            }
            keys.put(String.valueOf(field), k);
        });
        return new FieldSet(scope, Map.copyOf(keys));
    }

    private static List<String> alternatives(String key) {
        List<String> keys = new ArrayList<>();
        for (String k : key.split("\\|")) {
            if (!k.isBlank()) {
                keys.add(k.trim());
            }
        }
        return List.copyOf(keys);
    }

    private static Map<?, ?> map(Object value, String name, String where) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw invalid(name, where + " is not a mapping");
    }

    private static List<?> list(Object value, String name, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw invalid(name, where + " is not a list");
    }

    /** A scalar or a list of scalars, as text. */
    private static List<String> strings(Object value, String name, String where) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                throw invalid(name, where + " holds something other than text");
            }
            out.add(item.toString().trim());
        }
        return out;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static IllegalArgumentException invalid(String name, String problem) {
        return new IllegalArgumentException("The Sigma field mapping " + name + " is invalid: " + problem + ".");
    }
}
