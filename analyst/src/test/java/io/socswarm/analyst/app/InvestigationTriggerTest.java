package io.socswarm.analyst.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvestigationTriggerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void shouldInvestigateNewEscalatedAndDoubledIncidentsOnly() {
        InvestigationTrigger trigger = new InvestigationTrigger(10);
        Incident v1 = incident("INC-1", 1, Incident.Status.OPEN, Severity.WARNING, 4, null);
        assertThat(trigger.reason(v1)).contains("new");
        trigger.investigated(v1);

        assertThat(trigger.reason(v1)).as("the same version again").isEmpty();
        assertThat(trigger.reason(incident("INC-1", 2, Incident.Status.OPEN, Severity.WARNING, 7, null))).isEmpty();
        assertThat(trigger.reason(incident("INC-1", 3, Incident.Status.OPEN, Severity.WARNING, 8, null)))
                .contains("grown");
        assertThat(trigger.reason(incident("INC-1", 3, Incident.Status.OPEN, Severity.CRITICAL, 5, null)))
                .contains("escalated");
        assertThat(trigger.reason(incident("INC-1", 0, Incident.Status.OPEN, Severity.CRITICAL, 50, null)))
                .as("an older version, read late").isEmpty();
    }

    @Test
    void shouldLeaveClosedSuppressedAndMergedIncidentsAlone() {
        InvestigationTrigger trigger = new InvestigationTrigger(10);
        assertThat(trigger.reason(incident("INC-2", 1, Incident.Status.SUPPRESSED, Severity.CRITICAL, 3, null))).isEmpty();
        assertThat(trigger.reason(incident("INC-3", 1, Incident.Status.CLOSED, Severity.CRITICAL, 3, null))).isEmpty();
        assertThat(trigger.reason(incident("INC-4", 1, Incident.Status.OPEN, Severity.CRITICAL, 3, "INC-9"))).isEmpty();
    }

    @Test
    void shouldForgetTheLeastRecentlySeenBeyondItsCapacity() {
        InvestigationTrigger trigger = new InvestigationTrigger(2);
        for (String id : List.of("INC-a", "INC-b", "INC-c")) {
            trigger.investigated(incident(id, 1, Incident.Status.OPEN, Severity.WARNING, 1, null));
        }
        assertThat(trigger.reason(incident("INC-a", 1, Incident.Status.OPEN, Severity.WARNING, 1, null))).contains("new");
        assertThat(trigger.reason(incident("INC-c", 1, Incident.Status.OPEN, Severity.WARNING, 1, null))).isEmpty();
    }

    static Incident incident(String id, long version, Incident.Status status, Severity severity, long decisions,
            String mergedInto) {
        return new Incident(id, version, status, false, severity, 0.8, List.of(Suspect.ip("203.0.113.9")), 1,
                List.of("10.0.0.5"), List.of("brute_force"), T0, T0.plusSeconds(60), decisions, List.of("evt-1"),
                List.of("6 failed logins."), List.of("identity"), Decision.Action.FLAG_FOR_REVIEW, null,
                new Decision.Policy("prototype-scoring", "1"), T0.plusSeconds(61), mergedInto);
    }
}
