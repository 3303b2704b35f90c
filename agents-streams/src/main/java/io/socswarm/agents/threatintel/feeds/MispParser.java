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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

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
 *
 * <p>The file is streamed, one attribute (or MISP object) at a time ({@link #read}), so an event
 * of any number of attributes is read in bounded memory.
 */
final class MispParser implements FeedParser {
    /** Galaxy types that describe behaviour or place, not who or what is behind an event. */
    private static final List<String> NOT_A_FAMILY = List.of("attack-pattern", "course-of-action", "sector", "country",
            "region", "target-information", "mitre-");
    private static final int MAX_NAME_LENGTH = 40;
    private static final Set<String> HASHES = Set.of("md5", "sha1", "sha256");

    private final Opener opener;

    MispParser() {
        this(Opener.FILES);
    }

    MispParser(Opener opener) {
        this.opener = opener;
    }

    /**
     * Two passes over the file, each holding one entry at a time. MISP writes an event's
     * {@code Galaxy}, {@code Tag} and often {@code Orgc} after its {@code Attribute} array, so the
     * first pass learns each event's context (publisher, family, info, uuid, date) and skips the
     * attributes; the second streams the attributes, one at a time, with their event's context.
     */
    @Override
    public FeedSummary read(Path file, String feed, Consumer<Indicator> sink) throws IOException {
        List<EventContext> events = new ArrayList<>();
        walk(file, new Pass(events, null));
        if (events.stream().noneMatch(e -> e.hasAttributes)) {
            throw new IllegalArgumentException(file + " is not a MISP event: it has no \"Event\" with attributes");
        }
        FeedSummary.Builder out = new FeedSummary.Builder(file, FeedFormat.MISP, feed, sink);
        walk(file, new Pass(events, out));
        return out.build();
    }

    /** What every attribute of one event shares; the first pass fills it, the second reads it. */
    private static final class EventContext {
        String org;
        String family;
        String info;
        String uuid;
        Instant date;
        boolean hasAttributes;
    }

    /**
     * One pass: without a builder it learns each event's context; with one it hands out the
     * attributes. Objects are numbered in the order they open, which is the same in both passes.
     */
    private static final class Pass {
        final List<EventContext> events;
        final FeedSummary.Builder out;
        int next;

        Pass(List<EventContext> events, FeedSummary.Builder out) {
            this.events = events;
            this.out = out;
        }

        boolean learning() {
            return out == null;
        }
    }

    /**
     * Accepts {@code {"Event":{…}}}, {@code {"response":[…]}}, a list of either, or a bare event,
     * as the tree reader did: every object on the way may be an event (it has attributes) or hold
     * one under {@code Event} or a list of them under {@code response}.
     */
    private void walk(Path file, Pass pass) throws IOException {
        try (InputStream in = opener.open(file); JsonParser p = Json.MAPPER.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                list(p, pass);
            } else if (first == JsonToken.START_OBJECT) {
                object(p, pass);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + LogEscaper.escape(e.getOriginalMessage()));
        }
    }

    private static void list(JsonParser p, Pass pass) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                object(p, pass);
            } else {
                p.skipChildren();
            }
        }
    }

    /** At an object's start: reads it to its end, as an event and as a holder of events. */
    private static void object(JsonParser p, Pass pass) throws IOException {
        int number = pass.next++;
        EventContext event;
        if (pass.learning()) {
            event = new EventContext();
            pass.events.add(event);
        } else {
            event = pass.events.get(number);
        }
        JsonNode galaxy = null;
        JsonNode tags = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "Event" -> {
                    if (value == JsonToken.START_OBJECT) {
                        object(p, pass);
                    } else {
                        p.skipChildren();
                    }
                }
                case "response" -> {
                    if (value == JsonToken.START_ARRAY) {
                        list(p, pass);
                    } else {
                        p.skipChildren();
                    }
                }
                case "Attribute", "Object" -> {
                    if (pass.learning()) {
                        event.hasAttributes = true;
                        p.skipChildren();
                    } else if (value == JsonToken.START_ARRAY) {
                        pass.out.feedIfUnnamed(event.org);
                        attributes(p, field.equals("Object"), event, pass.out);
                    } else {
                        p.skipChildren();
                    }
                }
                case "Orgc" -> event.org = pass.learning() ? text(Json.MAPPER.readTree(p), "name") : skip(p, event.org);
                case "Galaxy" -> galaxy = pass.learning() ? Json.MAPPER.readTree(p) : skip(p, null);
                case "Tag" -> tags = pass.learning() ? Json.MAPPER.readTree(p) : skip(p, null);
                case "info", "uuid", "date" -> {
                    String text = value.isScalarValue() && value != JsonToken.VALUE_NULL && !p.getText().isBlank()
                            ? p.getText() : null;
                    p.skipChildren();
                    if (pass.learning()) {
                        switch (field) {
                            case "info" -> event.info = text;
                            case "uuid" -> event.uuid = text;
                            default -> event.date = date(text);
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (pass.learning()) {
            event.family = family(galaxy, tags, event.org, event.info);
        }
    }

    private static <T> T skip(JsonParser p, T keep) throws IOException {
        p.skipChildren();
        return keep;
    }

    /** At an {@code Attribute} or {@code Object} array: hands out its attributes, one entry read at a time. */
    private static void attributes(JsonParser p, boolean objects, EventContext event, FeedSummary.Builder out)
            throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode entry = Json.MAPPER.readTree(p);
            if (entry == null) {
                continue;
            }
            if (objects) {
                for (JsonNode a : entry.path("Attribute")) {
                    attribute(a, event.family, event.info, event.uuid, event.date, out);
                }
            } else {
                attribute(entry, event.family, event.info, event.uuid, event.date, out);
            }
        }
    }

    private static void attribute(JsonNode a, String family, String info, String eventUuid, Instant eventDate,
            FeedSummary.Builder out) {
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

    private static String family(JsonNode galaxies, JsonNode tags, String org, String info) {
        for (JsonNode galaxy : galaxies == null ? List.<JsonNode>of() : galaxies) {
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
        for (JsonNode tag : tags == null ? List.<JsonNode>of() : tags) {
            String name = text(tag, "name");
            // Namespaced tags (tlp:white, misp-galaxy:…="…") are machine tags, not names.
            if (name != null && name.indexOf(':') < 0 && name.indexOf('=') < 0 && !name.equalsIgnoreCase(org)) {
                return name;
            }
        }
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
