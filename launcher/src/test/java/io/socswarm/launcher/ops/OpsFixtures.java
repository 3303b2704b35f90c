package io.socswarm.launcher.ops;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.List;

/** Incidents and action requests as the incident-builder app writes them, for the operator commands' tests. */
final class OpsFixtures {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private OpsFixtures() {
    }

    static Incident incident(String id, Incident.Status status, Instant lastSeen, List<Suspect> suspects, int suspectCount) {
        return new Incident(id, 3, status, false, Decision.Severity.CRITICAL, 0.9, suspects, suspectCount,
                List.of("10.0.0.20", "10.0.0.21", "10.0.0.22"), List.of("port_scan", "brute_force"), T0, lastSeen, 12,
                List.of("evt-1", "evt-2"), List.of("Scanned 40 ports in 10 s", "12 failed logins"), List.of("network", "identity"),
                Decision.Action.BLOCK_IP, null, new Decision.Policy("default", "1"), lastSeen);
    }

    static Incident incident(String id) {
        return incident(id, Incident.Status.OPEN, T0.plusSeconds(60), List.of(Suspect.ip("10.0.0.5")), 1);
    }

    static ActionRequest action(String id, String incidentId, ActionRequest.State state, Instant proposedAt) {
        return new ActionRequest(id, 1, incidentId, ActionRequest.Type.BLOCK_IP, "10.0.0.5", state,
                ActionRequest.Mode.approve, 0.9, "critical port scan", proposedAt,
                state == ActionRequest.State.PROPOSED ? null : proposedAt.plusSeconds(30),
                state == ActionRequest.State.PROPOSED ? null : "bob", null, proposedAt.plusSeconds(3600),
                new Decision.Policy("default", "1"));
    }
}
