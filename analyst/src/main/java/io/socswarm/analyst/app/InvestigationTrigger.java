package io.socswarm.analyst.app;

import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Incident;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which versions of an incident are worth an investigation: a new open incident, one whose severity
 * rose, and one grown to twice the decisions it had when last investigated. The incident builder
 * rewrites an incident as it grows; without this the analyst would investigate every decision.
 * Closed, suppressed and merged incidents are not investigated. Remembers at most
 * {@code capacity} incidents, the least recently seen forgotten first (a forgotten one counts as new).
 */
final class InvestigationTrigger {
    private final Map<String, Last> last;

    private record Last(long version, Severity severity, long decisions) {
    }

    InvestigationTrigger(int capacity) {
        this.last = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Why {@code incident} deserves a report now ({@code new}, {@code escalated}, {@code grown}), or empty. */
    synchronized Optional<String> reason(Incident incident) {
        if (incident.status() != Incident.Status.OPEN || incident.mergedInto() != null) {
            return Optional.empty();
        }
        Last l = last.get(incident.id());
        if (l == null) {
            return Optional.of("new");
        }
        if (incident.version() <= l.version()) {
            return Optional.empty();
        }
        if (incident.severity().compareTo(l.severity()) > 0) {
            return Optional.of("escalated");
        }
        if (incident.decisions() >= 2 * Math.max(1, l.decisions())) {
            return Optional.of("grown");
        }
        return Optional.empty();
    }

    /** Records that {@code incident}, as it stands, has been (or is being) investigated. */
    synchronized void investigated(Incident incident) {
        Last l = last.get(incident.id());
        if (l == null || incident.version() > l.version()) {
            last.put(incident.id(), new Last(incident.version(), incident.severity(), incident.decisions()));
        }
    }
}
