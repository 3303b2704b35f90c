package io.socswarm.agents.threatintel.feeds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Indicator;
import io.socswarm.model.Indicator.Type;
import io.socswarm.model.Json;
import io.socswarm.runtime.logging.LogEscaper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STIX 2.0 and 2.1 bundles. Every comparison in an indicator's pattern that names something an
 * event carries becomes an indicator: {@code ipv4-addr:value} and {@code ipv6-addr:value} (a CIDR
 * value is a network), {@code domain-name:value}, {@code url:value} and the MD5 / SHA-1 / SHA-256
 * of {@code file:hashes}. Comparisons joined by {@code OR} each stand alone; those joined by
 * {@code AND} are loaded one by one too, which is broader than the pattern (a hash AND a file name
 * matches on the hash alone) and errs towards flagging. Other objects (certificates, registry keys,
 * file names, e-mail fields) and operators other than {@code =} (and {@code ISSUBSET} for
 * networks) are skipped and counted.
 *
 * <p>The malware family is the {@code malware} an {@code indicates} relationship points to; else
 * the indicator's own {@code malware_types} or non-generic labels; else the threat actor or
 * intrusion set it indicates; else the bundle's only intrusion set (Unit 42's playbooks are one
 * each); else the campaign it indicates. The feed is the file's name.
 *
 * <p>The bundle is streamed, one object at a time ({@link #read}), so its size is not bounded by memory.
 */
final class StixParser implements FeedParser {
    /**
     * {@code object-type:property.path OPERATOR 'value'}; the value may escape quotes and backslashes.
     * The value is matched as runs of plain characters between escapes, possessively: an alternation
     * repeated per character recurses once per character in Java's regex engine, and a hostile
     * value a few thousand characters long overflowed the stack (found by {@code FeedProperties}).
     */
    private static final Pattern COMPARISON = Pattern.compile(
            "([a-z0-9-]+):([A-Za-z0-9_.'\\-\\[\\]*]+)\\s*(NOT\\s+)?(=|!=|ISSUBSET|ISSUPERSET|MATCHES|LIKE|IN|<=|>=|<|>)\\s*'([^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+)'");
    /** Longer patterns are refused: no real indicator's pattern comes near it. */
    static final int MAX_PATTERN_CHARS = 16_384;
    /** Vocabulary of indicator_types / labels that says nothing about the family. */
    private static final Set<String> GENERIC_LABELS = Set.of("malicious-activity", "anomalous-activity", "benign",
            "compromised", "attribution", "unknown", "anonymization");

    private final Opener opener;

    StixParser() {
        this(Opener.FILES);
    }

    StixParser(Opener opener) {
        this.opener = opener;
    }

    /**
     * Two passes over the file, each holding one object at a time. The objects of a bundle come in
     * any order and an indicator's family may be named by a relationship further down, so the first
     * pass learns only the attribution: the {@code indicates} relationships (two ids each) and the
     * names of malware, actors, intrusion sets and campaigns. The second hands out the indicators.
     */
    @Override
    public FeedSummary read(Path file, String feed, Consumer<Indicator> sink) throws IOException {
        Attribution attribution = new Attribution();
        forEachObject(file, attribution::learn);
        FeedSummary.Builder out = new FeedSummary.Builder(file, FeedFormat.STIX, feed, sink);
        forEachObject(file, o -> {
            if ("indicator".equals(text(o, "type"))) {
                indicator(o, attribution.family(o), out);
            }
        });
        return out.build();
    }

    /** Calls {@code action} with each element of the bundle's {@code objects}, read one at a time. */
    private void forEachObject(Path file, Consumer<JsonNode> action) throws IOException {
        boolean objects = false;
        try (InputStream in = opener.open(file); JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    if (p.nextToken() == JsonToken.START_ARRAY && field.equals("objects")) {
                        objects = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode o = Json.MAPPER.readTree(p);
                            if (o != null && o.isObject()) {
                                action.accept(o);
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + LogEscaper.escape(e.getOriginalMessage()));
        }
        if (!objects) {
            throw new IllegalArgumentException(file + " is not a STIX bundle: it has no \"objects\" array");
        }
    }

    /**
     * Who is behind each indicator, as far as the bundle says: learnt from every object in a first
     * pass, then asked per indicator. It holds the {@code indicates} links and the named objects, not
     * the indicators, so it stays small next to the file.
     */
    private static final class Attribution {
        private final Map<String, List<String>> indicates = new HashMap<>();
        private final Map<String, String[]> named = new HashMap<>();
        /** One copy of each target id: thousands of indicators usually point at a handful of malware. */
        private final Map<String, String> targets = new HashMap<>();
        private final List<String> intrusionSets = new ArrayList<>();

        void learn(JsonNode o) {
            String type = String.valueOf(text(o, "type"));
            switch (type) {
                case "relationship" -> {
                    String source = text(o, "source_ref");
                    String target = text(o, "target_ref");
                    if ("indicates".equals(text(o, "relationship_type")) && source != null && target != null) {
                        indicates.computeIfAbsent(source, k -> new ArrayList<>(1))
                                .add(targets.computeIfAbsent(target, t -> t));
                    }
                }
                case "malware", "threat-actor", "intrusion-set", "campaign" -> {
                    String name = text(o, "name");
                    String id = text(o, "id");
                    if (name != null && id != null) {
                        named.put(id, new String[] {type, name});
                    }
                    if (name != null && type.equals("intrusion-set")) {
                        intrusionSets.add(name);
                    }
                }
                default -> {
                    // attack patterns and courses of action describe behaviour, not who is behind it
                }
            }
        }

        /** Names of what {@code indicator} indicates, of one kind, in the bundle's order. */
        private Set<String> indicated(String indicator, Set<String> kinds) {
            Set<String> names = new LinkedHashSet<>();
            for (String target : indicates.getOrDefault(indicator, List.of())) {
                String[] t = named.get(target);
                if (t != null && kinds.contains(t[0])) {
                    names.add(t[1]);
                }
            }
            return names;
        }

        String family(JsonNode indicator) {
            String id = text(indicator, "id");
            Set<String> malware = indicated(id, Set.of("malware"));
            if (!malware.isEmpty()) {
                return String.join(", ", malware);
            }
            Set<String> own = new LinkedHashSet<>();
            for (String field : new String[] {"malware_types", "labels"}) {
                JsonNode values = indicator.get(field);
                if (values != null && values.isArray()) {
                    values.forEach(v -> {
                        if (!GENERIC_LABELS.contains(v.asText().toLowerCase(Locale.ROOT))) {
                            own.add(v.asText());
                        }
                    });
                }
            }
            if (!own.isEmpty()) {
                return String.join(", ", own);
            }
            Set<String> actors = indicated(id, Set.of("threat-actor", "intrusion-set"));
            if (!actors.isEmpty()) {
                return String.join(", ", actors);
            }
            if (intrusionSets.size() == 1) {
                return intrusionSets.get(0);
            }
            Set<String> campaigns = indicated(id, Set.of("campaign"));
            return campaigns.isEmpty() ? null : String.join(", ", campaigns);
        }
    }

    private static void indicator(JsonNode o, String family, FeedSummary.Builder out) {
        String id = text(o, "id");
        String where = id == null ? "an indicator without id" : id;
        String patternType = text(o, "pattern_type");
        if (patternType != null && !patternType.equals("stix")) {
            out.skip("pattern_type " + patternType);
            return;
        }
        String pattern = text(o, "pattern");
        if (pattern == null) {
            out.problem(where, "an indicator without a pattern");
            return;
        }
        if (pattern.length() > MAX_PATTERN_CHARS) {
            out.problem(where, "an indicator pattern longer than " + MAX_PATTERN_CHARS + " characters");
            return;
        }
        String name = text(o, "name");
        String description = text(o, "description");
        if (description == null && name != null && !pattern.contains(name)) {
            // Unit 42 names each indicator by its own value, which says nothing more.
            description = name;
        }
        Instant firstSeen = time(text(o, "valid_from"));
        if (firstSeen == null) {
            firstSeen = time(text(o, "created"));
        }
        Matcher m = COMPARISON.matcher(pattern);
        boolean any = false;
        while (m.find()) {
            any = true;
            String object = m.group(1);
            String path = m.group(2);
            String operator = m.group(4);
            String value = m.group(5).replace("\\'", "'").replace("\\\\", "\\");
            Type type = type(object, path);
            if (type == null) {
                out.skip(object + ":" + path);
            } else if (m.group(3) != null || !(operator.equals("=")
                    || (operator.equals("ISSUBSET") && (type == Type.IPV4 || type == Type.IPV6)))) {
                out.skip(object + ":" + path + " " + (m.group(3) != null ? "NOT " : "") + operator);
            } else {
                out.add(type, value, where, family, description, id, firstSeen);
            }
        }
        if (!any) {
            out.problem(where, "no comparison in the pattern " + abbreviate(pattern));
        }
    }

    /** The indicator type a STIX object path names, or null for paths no event carries. */
    static Type type(String object, String path) {
        switch (object) {
            case "ipv4-addr":
                return path.equals("value") ? Type.IPV4 : null;
            case "ipv6-addr":
                return path.equals("value") ? Type.IPV6 : null;
            case "domain-name":
                return path.equals("value") ? Type.DOMAIN : null;
            case "url":
                return path.equals("value") ? Type.URL : null;
            case "file", "artifact":
                String p = path.replace("'", "").toUpperCase(Locale.ROOT);
                return switch (p) {
                    case "HASHES.MD5" -> Type.MD5;
                    case "HASHES.SHA-1", "HASHES.SHA1" -> Type.SHA1;
                    case "HASHES.SHA-256", "HASHES.SHA256" -> Type.SHA256;
                    default -> null;
                };
            default:
                return null;
        }
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
