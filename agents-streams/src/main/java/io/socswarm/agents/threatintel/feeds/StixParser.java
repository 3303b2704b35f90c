package io.socswarm.agents.threatintel.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Indicator.Type;
import io.socswarm.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 */
final class StixParser implements FeedParser {
    /** {@code object-type:property.path OPERATOR 'value'}; the value may escape quotes and backslashes. */
    private static final Pattern COMPARISON = Pattern.compile(
            "([a-z0-9-]+):([A-Za-z0-9_.'\\-\\[\\]*]+)\\s*(NOT\\s+)?(=|!=|ISSUBSET|ISSUPERSET|MATCHES|LIKE|IN|<=|>=|<|>)\\s*'((?:[^'\\\\]|\\\\.)*)'");
    /** Vocabulary of indicator_types / labels that says nothing about the family. */
    private static final Set<String> GENERIC_LABELS = Set.of("malicious-activity", "anomalous-activity", "benign",
            "compromised", "attribution", "unknown", "anonymization");

    @Override
    public ParsedFeed parse(Path file, String feed) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode objects = root == null ? null : root.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new IllegalArgumentException(file + " is not a STIX bundle: it has no \"objects\" array");
        }
        ParsedFeed.Builder out = new ParsedFeed.Builder(file, FeedFormat.STIX, feed);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode o : objects) {
            byId.put(text(o, "id"), o);
        }
        Map<String, Set<String>> malwareOf = new HashMap<>();
        Map<String, Set<String>> actorOf = new HashMap<>();
        Map<String, Set<String>> campaignOf = new HashMap<>();
        for (JsonNode o : objects) {
            if (!"relationship".equals(text(o, "type")) || !"indicates".equals(text(o, "relationship_type"))) {
                continue;
            }
            JsonNode target = byId.get(text(o, "target_ref"));
            String name = target == null ? null : text(target, "name");
            if (name == null) {
                continue;
            }
            switch (String.valueOf(text(target, "type"))) {
                case "malware" -> malwareOf.computeIfAbsent(text(o, "source_ref"), k -> new LinkedHashSet<>()).add(name);
                case "threat-actor", "intrusion-set" ->
                        actorOf.computeIfAbsent(text(o, "source_ref"), k -> new LinkedHashSet<>()).add(name);
                case "campaign" -> campaignOf.computeIfAbsent(text(o, "source_ref"), k -> new LinkedHashSet<>()).add(name);
                default -> {
                    // attack patterns and courses of action describe behaviour, not who is behind it
                }
            }
        }
        List<String> intrusionSets = new ArrayList<>();
        for (JsonNode o : objects) {
            if ("intrusion-set".equals(text(o, "type")) && text(o, "name") != null) {
                intrusionSets.add(text(o, "name"));
            }
        }
        String bundleFamily = intrusionSets.size() == 1 ? intrusionSets.get(0) : null;

        for (JsonNode o : objects) {
            if ("indicator".equals(text(o, "type"))) {
                indicator(o, family(o, malwareOf, actorOf, campaignOf, bundleFamily), out);
            }
        }
        return out.build();
    }

    private static void indicator(JsonNode o, String family, ParsedFeed.Builder out) {
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

    private static String family(JsonNode indicator, Map<String, Set<String>> malwareOf,
            Map<String, Set<String>> actorOf, Map<String, Set<String>> campaignOf, String bundleFamily) {
        String id = text(indicator, "id");
        if (malwareOf.containsKey(id)) {
            return String.join(", ", malwareOf.get(id));
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
        if (actorOf.containsKey(id)) {
            return String.join(", ", actorOf.get(id));
        }
        if (bundleFamily != null) {
            return bundleFamily;
        }
        return campaignOf.containsKey(id) ? String.join(", ", campaignOf.get(id)) : null;
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
