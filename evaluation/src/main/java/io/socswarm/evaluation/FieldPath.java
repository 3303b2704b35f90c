package io.socswarm.evaluation;

import io.socswarm.model.SecurityEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A field of {@link SecurityEvent} named as in its JSON form ({@code source.ip},
 * {@code destination.port}, {@code network.protocol}, {@code attributes.event.code}), read as text.
 * {@code attributes.*} and {@code labels.*} take the rest of the path as the map key, since those
 * keys contain dots themselves.
 */
record FieldPath(String path, Function<SecurityEvent, String> reader, boolean ip) {
    static final String ATTRIBUTES = "attributes.";
    static final String LABELS = "labels.";

    private static final Map<String, FieldPath> FIELDS = new LinkedHashMap<>();

    static {
        field("id", SecurityEvent::id);
        field("category", SecurityEvent::category);
        field("action", SecurityEvent::action);
        field("outcome", SecurityEvent::outcome);
        field("message", SecurityEvent::message);
        ip("source.ip", SecurityEvent::sourceIp);
        field("source.port", e -> e.source() == null ? null : text(e.source().port()));
        field("source.domain", e -> e.source() == null ? null : e.source().domain());
        field("source.geo.country_iso_code", e -> e.source() == null || e.source().geo() == null ? null
                : e.source().geo().countryIsoCode());
        field("source.geo.city_name", e -> e.source() == null || e.source().geo() == null ? null
                : e.source().geo().cityName());
        ip("destination.ip", SecurityEvent::destinationIp);
        field("destination.port", e -> text(e.destinationPort()));
        field("destination.domain", e -> e.destination() == null ? null : e.destination().domain());
        field("user.name", SecurityEvent::userName);
        field("user.domain", e -> e.user() == null ? null : e.user().domain());
        field("host.name", e -> e.host() == null ? null : e.host().name());
        field("network.protocol", e -> e.network() == null ? null : e.network().protocol());
        field("network.state", e -> e.network() == null ? null : e.network().state());
        field("network.bytes_in", e -> e.network() == null ? null : text(e.network().bytesIn()));
        field("network.bytes_out", e -> e.network() == null ? null : text(e.network().bytesOut()));
        field("network.packets", e -> e.network() == null ? null : text(e.network().packets()));
        field("origin.format", e -> e.origin() == null ? null : e.origin().format());
        field("origin.file", e -> e.origin() == null ? null : e.origin().file());
    }

    private static void field(String path, Function<SecurityEvent, String> reader) {
        FIELDS.put(path, new FieldPath(path, reader, false));
    }

    private static void ip(String path, Function<SecurityEvent, String> reader) {
        FIELDS.put(path, new FieldPath(path, reader, true));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The field a path names, if it names one. */
    static Optional<FieldPath> of(String path) {
        if (path.startsWith(ATTRIBUTES) && path.length() > ATTRIBUTES.length()) {
            String key = path.substring(ATTRIBUTES.length());
            return Optional.of(new FieldPath(path, e -> e.attribute(key), false));
        }
        if (path.startsWith(LABELS) && path.length() > LABELS.length()) {
            String key = path.substring(LABELS.length());
            return Optional.of(new FieldPath(path, e -> e.labels().get(key), false));
        }
        return Optional.ofNullable(FIELDS.get(path));
    }

    /** For error messages: what may be matched. */
    static String known() {
        return String.join(", ", FIELDS.keySet()) + ", attributes.<name>, labels.<name>";
    }

    String read(SecurityEvent event) {
        return reader.apply(event);
    }
}
