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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MISP event JSON: {@code {"Event":{…}}}, a search response {@code {"response":[{"Event":…},…]}},
 * or a list of events. Reads {@code Event.Attribute[]} and {@code Event.Object[].Attribute[]} of
 * the types an event can carry: {@code ip-dst}, {@code ip-src} (and their {@code |port} forms),
 * {@code domain}, {@code hostname} ({@code |port}), {@code domain|ip}, {@code url},
 * {@code md5}/{@code sha1}/{@code sha256} and their {@code filename|…} forms. Other types (text,
 * file names, registry keys, wallets…) and deleted attributes are skipped and counted.
 *
 * <p>The malware family is the event's first galaxy cluster that names malware or an actor (not an
 * ATT&amp;CK technique), else its first plain tag that is not the publishing organisation, else its
 * {@code info} when that is short enough to be a name. The feed is the publishing organisation
 * ({@code Orgc.name}), else the file's name.
 */
final class MispParser implements FeedParser {
    /** Galaxy types that describe behaviour or place, not who or what is behind an event. */
    private static final List<String> NOT_A_FAMILY = List.of("attack-pattern", "course-of-action", "sector", "country",
            "region", "target-information", "mitre-");
    private static final int MAX_NAME_LENGTH = 40;
    private static final Set<String> HASHES = Set.of("md5", "sha1", "sha256");

    @Override
    public ParsedFeed parse(Path file, String feed) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        List<JsonNode> events = events(root);
        if (events.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a MISP event: it has no \"Event\" with attributes");
        }
        ParsedFeed.Builder out = new ParsedFeed.Builder(file, FeedFormat.MISP, feed);
        for (JsonNode event : events) {
            String org = text(event.path("Orgc"), "name");
            out.feedIfUnnamed(org);
            String family = family(event, org);
            String info = text(event, "info");
            String reference = text(event, "uuid");
            Instant date = date(text(event, "date"));
            for (JsonNode a : event.path("Attribute")) {
                attribute(a, family, info, reference, date, out);
            }
            for (JsonNode object : event.path("Object")) {
                for (JsonNode a : object.path("Attribute")) {
                    attribute(a, family, info, reference, date, out);
                }
            }
        }
        return out.build();
    }

    private static List<JsonNode> events(JsonNode root) {
        List<JsonNode> events = new ArrayList<>();
        if (root == null) {
            return events;
        }
        JsonNode list = root.isArray() ? root : root.has("response") ? root.get("response") : null;
        if (list != null && list.isArray()) {
            list.forEach(e -> events.add(e.has("Event") ? e.get("Event") : e));
        } else if (root.has("Event")) {
            events.add(root.get("Event"));
        } else if (root.has("Attribute") || root.has("Object")) {
            events.add(root);
        }
        events.removeIf(e -> !e.isObject() || !(e.has("Attribute") || e.has("Object")));
        return events;
    }

    private static void attribute(JsonNode a, String family, String info, String eventUuid, Instant eventDate,
            ParsedFeed.Builder out) {
        String type = String.valueOf(text(a, "type")).toLowerCase(Locale.ROOT);
        String value = text(a, "value");
        String where = "attribute " + (text(a, "uuid") != null ? text(a, "uuid") : text(a, "id"));
        if (a.path("deleted").asBoolean(false)) {
            out.skip("deleted");
            return;
        }
        if (value == null) {
            out.problem(where, "a " + type + " attribute without a value");
            return;
        }
        String comment = text(a, "comment");
        String description = comment != null ? comment : info;
        Instant firstSeen = time(text(a, "first_seen"));
        if (firstSeen == null) {
            firstSeen = eventDate;
        }
        String[] parts = value.split("\\|", -1);
        switch (type) {
            case "ip-dst", "ip-src" -> out.add(Type.IPV4, value, where, family, description, eventUuid, firstSeen);
            case "ip-dst|port", "ip-src|port" -> out.add(Type.IPV4, parts[0], where, family, description, eventUuid, firstSeen);
            case "domain", "hostname" -> out.add(Type.DOMAIN, value, where, family, description, eventUuid, firstSeen);
            case "hostname|port" -> out.add(Type.DOMAIN, parts[0], where, family, description, eventUuid, firstSeen);
            case "domain|ip" -> {
                out.add(Type.DOMAIN, parts[0], where, family, description, eventUuid, firstSeen);
                if (parts.length > 1) {
                    out.add(Type.IPV4, parts[1], where, family, description, eventUuid, firstSeen);
                }
            }
            case "url" -> out.add(Type.URL, value, where, family, description, eventUuid, firstSeen);
            case "md5", "sha1", "sha256" -> out.add(Type.valueOf(type.toUpperCase(Locale.ROOT)), value, where, family,
                    description, eventUuid, firstSeen);
            default -> {
                String hash = type.startsWith("filename|") ? type.substring("filename|".length()) : null;
                if (hash != null && HASHES.contains(hash) && parts.length == 2) {
                    out.add(Type.valueOf(hash.toUpperCase(Locale.ROOT)), parts[1], where, family,
                            description == null ? parts[0] : description, eventUuid, firstSeen);
                } else {
                    out.skip(type);
                }
            }
        }
    }

    private static String family(JsonNode event, String org) {
        for (JsonNode galaxy : event.path("Galaxy")) {
            String galaxyType = String.valueOf(text(galaxy, "type"));
            if (NOT_A_FAMILY.stream().anyMatch(galaxyType::contains)) {
                continue;
            }
            for (JsonNode cluster : galaxy.path("GalaxyCluster")) {
                if (text(cluster, "value") != null) {
                    return text(cluster, "value");
                }
            }
        }
        for (JsonNode tag : event.path("Tag")) {
            String name = text(tag, "name");
            // Namespaced tags (tlp:white, misp-galaxy:…="…") are machine tags, not names.
            if (name != null && name.indexOf(':') < 0 && name.indexOf('=') < 0 && !name.equalsIgnoreCase(org)) {
                return name;
            }
        }
        String info = text(event, "info");
        return info != null && info.length() <= MAX_NAME_LENGTH ? info : null;
    }

    private static Instant date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }
}
