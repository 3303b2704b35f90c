package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elastic Common Schema documents as JSON lines, with nested ({@code {"source":{"ip":…}}}) or
 * dotted ({@code "source.ip"}) keys. {@code event.category} may be an array (its first entry
 * counts); ECS's {@code web} and {@code intrusion_detection} become our {@code http} and
 * {@code alert}. Every field whose name is one of the agreed {@link Attributes} is copied as it
 * is, since those names are ECS names; {@code event.duration} (nanoseconds) becomes
 * {@code event.duration_seconds}. ECS {@code labels} are tags, not ground truth, and are not copied
 * into our {@code labels}.
 * Every field of the document is also kept under its dotted name ({@code orig.source.ip},
 * {@code orig.event.category} as JSON text when it is an array).
 */
public final class EcsReader extends LineReader {
    public static final String FORMAT = "ecs";

    /** Every agreed attribute name, read once from {@link Attributes}. */
    private static final List<String> ATTRIBUTE_NAMES = attributeNames();
    private static final Map<String, String> CATEGORIES = Map.of("web", "http", "intrusion_detection", "alert",
            "malware", "alert");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected FileParser parser(FileContext file) {
        return (raw, out) -> out.add(parse(file, raw));
    }

    private static Line parse(FileContext file, TextLines.Raw raw) {
        JsonRecord r;
        try {
            r = JsonRecord.parse(raw.text());
        } catch (IllegalArgumentException e) {
            return file.failed(raw.bytes(), e.getMessage(), raw.number());
        }
        String timeText = r.first("@timestamp", "event.created", "timestamp");
        if (timeText == null) {
            return file.failed(raw.bytes(), "no @timestamp", raw.number());
        }
        Instant time = Values.instantOrNull(timeText);
        if (time == null) {
            return file.failed(raw.bytes(), "unreadable @timestamp '" + timeText + "'", raw.number());
        }
        String category = r.text("event.category");
        if (category != null) {
            category = CATEGORIES.getOrDefault(category.toLowerCase(Locale.ROOT), category.toLowerCase(Locale.ROOT));
        }
        String query = r.text("dns.question.name");
        if (query != null && (category == null || category.equals("network"))) {
            category = "dns";
        }
        String outcome = r.text("event.outcome");
        EventBuilder e = file.event(raw.number()).timestamp(time).message(raw.text())
                .category(category)
                .action(r.first("event.action", "event.type"))
                .outcome(outcome == null ? "unknown" : outcome.toLowerCase(Locale.ROOT))
                .source(r.first("source.ip", "source.address"), Values.toPort(r.text("source.port")))
                .sourceDomain(r.text("source.domain"))
                .destination(r.first("destination.ip", "destination.address"), Values.toPort(r.text("destination.port")))
                .destinationDomain(r.first("destination.domain", "url.domain"))
                .destinationDomain(query)
                .user(r.first("user.name", "user.target.name"), r.text("user.domain"))
                .host(r.first("host.name", "host.hostname", "observer.name"))
                .network(r.first("network.transport", "network.protocol"),
                        Values.toLong(r.text("destination.bytes")), Values.toLong(r.text("source.bytes")),
                        Values.toLong(r.text("network.packets")), null);
        for (String name : ATTRIBUTE_NAMES) {
            e.attribute(name, r.text(name));
        }
        Long nanos = Values.toLong(r.text("event.duration"));
        if (nanos != null && e.attribute(Attributes.FLOW_DURATION) == null) {
            e.attribute(Attributes.FLOW_DURATION, BigDecimal.valueOf(nanos).movePointLeft(9).stripTrailingZeros()
                    .toPlainString());
        }
        Originals.json(e, r.root());
        return file.ok(e, raw.number());
    }

    private static List<String> attributeNames() {
        List<String> names = new ArrayList<>();
        for (Field field : Attributes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name;
                try {
                    name = (String) field.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                // The prefix of original fields is no attribute name.
                if (!name.equals(Attributes.ORIGINAL_PREFIX)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }
}
