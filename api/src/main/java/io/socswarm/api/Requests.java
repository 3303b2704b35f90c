package io.socswarm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads and checks what a caller sent. Everything refused is refused here, before any state is
 * read or anything written, with one sentence that names the field.
 */
final class Requests {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_ID = 256;
    static final int MAX_NOTE = 2_000;
    static final int MAX_BY = 100;
    static final Duration DEFAULT_TTL = Duration.ofDays(7);
    static final Duration MAX_TTL = Duration.ofDays(365);

    /** The fields a suppression may match, as the incident app reads them. */
    static final Set<String> SUPPRESSIBLE = Set.of("source.ip", "source.port", "destination.ip", "destination.port",
            "destination.domain", "user.name", "host.name", "event.category", "event.action", "suspect");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._@+-]{1," + MAX_BY + "}");

    static final Comparator<Incident> NEWEST_INCIDENTS = Comparator
            .comparing(Incident::lastSeen, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Incident::id);
    static final Comparator<ActionRequest> NEWEST_ACTIONS = Comparator
            .comparing(ActionRequest::proposedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(ActionRequest::id);

    private Requests() {
    }

    /** A path id: present, at most {@value #MAX_ID} characters, no control characters. */
    static String id(String value, String field) {
        if (value == null || value.isBlank() || value.length() > MAX_ID || CONTROL.matcher(value).find()) {
            throw ApiError.badRequest(field + " must be 1 to " + MAX_ID + " characters without control characters.");
        }
        return value;
    }

    static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(v.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below, with the field named
        }
        throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    /**
     * {@code GET /incidents}' filters.
     *
     * @param severity the lowest severity shown
     * @param since    incidents last seen at or after it
     */
    record IncidentFilter(Incident.Status status, Decision.Severity severity, Instant since) {
        boolean test(Incident i) {
            return (status == null || i.status() == status)
                    && (severity == null || i.severity().compareTo(severity) >= 0)
                    && (since == null || i.lastSeen() != null && !i.lastSeen().isBefore(since));
        }
    }

    static IncidentFilter incidentFilter(Context ctx) {
        return new IncidentFilter(enumParam(ctx, "status", Incident.Status.class),
                enumParam(ctx, "severity", Decision.Severity.class), instantParam(ctx, "since"));
    }

    static Predicate<ActionRequest> actionFilter(Context ctx) {
        ActionRequest.State state = enumParam(ctx, "state", ActionRequest.State.class);
        String incidentId = ctx.queryParam("incidentId");
        if (incidentId != null) {
            id(incidentId, "incidentId");
        }
        return a -> (state == null || a.state() == state) && (incidentId == null || incidentId.equals(a.incidentId()));
    }

    private static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type) {
        String v = ctx.queryParam(name);
        return v == null ? null : enumValue(v, name, type);
    }

    private static <E extends Enum<E>> E enumValue(String v, String name, Class<E> type) {
        String wanted = v.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        StringJoiner names = new StringJoiner(", ");
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        throw ApiError.badRequest(name + " must be one of " + names + ".");
    }

    private static Instant instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z.");
        }
    }

    /** The body as a JSON object; refused when it is empty, not JSON, or not an object. */
    static JsonNode jsonBody(Context ctx) {
        JsonNode body = optionalJsonBody(ctx);
        if (body == null) {
            throw ApiError.badRequest("The body must be a JSON object.");
        }
        return body;
    }

    /** The body as a JSON object, or null when there is none. */
    static JsonNode optionalJsonBody(Context ctx) {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The body must be a JSON object (it is not valid JSON).");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("The body must be a JSON object.");
        }
        return node;
    }

    /** A person's verdict on an incident, with an optional suppression. */
    record Verdict(Feedback.Verdict verdict, Feedback.Suppression suppression, String note, String by) {
    }

    static Verdict verdict(JsonNode body, Instant now) {
        JsonNode v = body.get("verdict");
        if (v == null || !v.isTextual()) {
            throw ApiError.badRequest("verdict is required: one of TRUE_POSITIVE, FALSE_POSITIVE, BENIGN.");
        }
        Feedback.Verdict verdict = enumValue(v.asText(), "verdict", Feedback.Verdict.class);
        return new Verdict(verdict, suppression(body.get("suppression"), now), note(body), by(body));
    }

    private static Feedback.Suppression suppression(JsonNode node, Instant now) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("suppression must be an object with match and optionally ttl.");
        }
        JsonNode match = node.get("match");
        if (match == null || !match.isObject() || match.isEmpty()) {
            throw ApiError.badRequest("suppression.match must be an object of at least one FIELD: VALUE.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : match.properties()) {
            if (!SUPPRESSIBLE.contains(field.getKey())) {
                throw ApiError.badRequest("suppression.match may name only " + String.join(", ",
                        SUPPRESSIBLE.stream().sorted().toList()) + ".");
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull() || value.asText().isBlank() || value.asText().length() > MAX_ID
                    || CONTROL.matcher(value.asText()).find()) {
                throw ApiError.badRequest("suppression.match." + field.getKey() + " must be a short text value.");
            }
            fields.put(field.getKey(), value.asText().strip());
        }
        return new Feedback.Suppression(fields, now.plus(ttl(node.get("ttl"))));
    }

    private static Duration ttl(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TTL;
        }
        Duration ttl;
        try {
            ttl = Duration.parse(node.asText().strip());
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("suppression.ttl must be an ISO-8601 duration such as PT12H or P7D.");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw ApiError.badRequest("suppression.ttl must be positive and at most 365 days.");
        }
        return ttl;
    }

    /** An approval's or rejection's optional words. */
    record Answer(String note, String by) {
    }

    static Answer answer(JsonNode body) {
        return body == null ? new Answer(null, "api") : new Answer(note(body), by(body));
    }

    private static String note(JsonNode body) {
        JsonNode note = body.get("note");
        if (note == null || note.isNull()) {
            return null;
        }
        if (!note.isTextual() || note.asText().length() > MAX_NOTE) {
            throw ApiError.badRequest("note must be text of at most " + MAX_NOTE + " characters.");
        }
        return note.asText();
    }

    /** Who says so, as the caller names them; the token says only that they may. */
    private static String by(JsonNode body) {
        JsonNode by = body.get("by");
        if (by == null || by.isNull()) {
            return "api";
        }
        if (!by.isTextual() || !PRINCIPAL.matcher(by.asText()).matches()) {
            throw ApiError.badRequest("by must be 1 to " + MAX_BY + " letters, digits or . _ @ + -.");
        }
        return by.asText();
    }

    /**
     * The alert of {@code POST /investigate}: the body itself as text, or of a JSON body its
     * {@code text} field, else every string in it, one per line.
     */
    static String alertText(Context ctx) {
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        String text = body;
        if (contentType.startsWith("application/json")) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw ApiError.badRequest("The body is declared JSON but is not valid JSON.");
            }
            JsonNode field = node == null ? null : node.get("text");
            if (field != null && field.isTextual()) {
                text = field.asText();
            } else {
                StringJoiner strings = new StringJoiner("\n");
                if (node != null) {
                    strings(node, strings);
                }
                text = strings.toString();
            }
        }
        if (text.isBlank()) {
            throw ApiError.badRequest("The body must hold the alert: text, or JSON with a text field.");
        }
        return text;
    }

    private static void strings(JsonNode node, StringJoiner out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> strings(child, out));
    }
}
