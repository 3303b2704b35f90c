package io.socswarm.agents.sigma;

import io.socswarm.model.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The names by which the field mapping reads a {@link SecurityEvent}: the event's own fields
 * under their ECS names ({@code source.ip}, {@code user.name}, {@code origin.format}, …) and every
 * attribute under its key ({@code process.command_line}, {@code orig.CommandLine}, …). Values are
 * text, numbers written as their digits, since Sigma compares what the log wrote.
 */
final class EventFields {
    /** The event's own fields; any other name is an attribute. */
    static final Set<String> OWN = Set.of("id", "category", "action", "outcome", "message", "origin.format",
            "origin.file", "source.ip", "source.port", "source.domain", "destination.ip", "destination.port",
            "destination.domain", "user.name", "user.domain", "host.name", "network.protocol", "network.state",
            "network.bytes_in", "network.bytes_out", "network.packets");

    private EventFields() {
    }

    /** The value under {@code key}, or null when the event has none. */
    static String get(SecurityEvent e, String key) {
        if (!OWN.contains(key)) {
            return e.attributes().get(key);
        }
        return switch (key) {
            case "id" -> e.id();
            case "category" -> e.category();
            case "action" -> e.action();
            case "outcome" -> e.outcome();
            case "message" -> e.message();
            case "origin.format" -> e.origin() == null ? null : e.origin().format();
            case "origin.file" -> e.origin() == null ? null : e.origin().file();
            case "source.ip" -> e.source() == null ? null : e.source().ip();
            case "source.port" -> e.source() == null ? null : text(e.source().port());
            case "source.domain" -> e.source() == null ? null : e.source().domain();
            case "destination.ip" -> e.destination() == null ? null : e.destination().ip();
            case "destination.port" -> e.destination() == null ? null : text(e.destination().port());
            case "destination.domain" -> e.destination() == null ? null : e.destination().domain();
            case "user.name" -> e.user() == null ? null : e.user().name();
            case "user.domain" -> e.user() == null ? null : e.user().domain();
            case "host.name" -> e.host() == null ? null : e.host().name();
            case "network.protocol" -> e.network() == null ? null : e.network().protocol();
            case "network.state" -> e.network() == null ? null : e.network().state();
            case "network.bytes_in" -> e.network() == null ? null : text(e.network().bytesIn());
            case "network.bytes_out" -> e.network() == null ? null : text(e.network().bytesOut());
            case "network.packets" -> e.network() == null ? null : text(e.network().packets());
            default -> null;
        };
    }

    /** Whether the event has the key at all, even with an empty value (Sigma's {@code |exists}). */
    static boolean has(SecurityEvent e, String key) {
        return OWN.contains(key) ? get(e, key) != null : e.attributes().containsKey(key);
    }

    /** Every value of the event, for Sigma keyword searches: its attributes and its message. */
    static List<Object> values(SecurityEvent e) {
        List<Object> values = new ArrayList<>(e.attributes().size() + 1);
        values.addAll(e.attributes().values());
        if (e.message() != null) {
            values.add(e.message());
        }
        return values;
    }

    private static String text(Number n) {
        return n == null ? null : n.toString();
    }
}
