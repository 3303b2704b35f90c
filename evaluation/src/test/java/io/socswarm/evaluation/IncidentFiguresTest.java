package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentFiguresTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    private static Incident incident(String id, long version, boolean campaign, Incident.Status status,
            List<Suspect> suspects, String target, long decisions) {
        return incident(id, version, campaign, status, suspects, target, decisions, "port_scan");
    }

    private static Incident incident(String id, long version, boolean campaign, Incident.Status status,
            List<Suspect> suspects, String target, long decisions, String findingClass) {
        return new Incident(id, version, status, campaign, Decision.Severity.WARNING, 0.8, suspects, suspects.size(),
                List.of(target), List.of(findingClass), T, T.plusSeconds(600), decisions, List.of(), List.of(),
                List.of("network"), Decision.Action.FLAG_FOR_REVIEW, null, new Decision.Policy("default", "1"), T);
    }

    @Test
    void shouldScoreIncidentsAgainstTheTruthsAttackers() {
        IncidentFigures figures = new IncidentFigures();
        // Attacker 1.1.1.1 opened two incidents (fragmentation); 9.9.9.9 is benign; 3.3.3.3 hides in a campaign
        // that names only 2.2.2.2; an older version of an incident is replaced by its latest.
        figures.onIncident(incident("A", 1, false, Incident.Status.OPEN, List.of(Suspect.ip("1.1.1.1")), "10.0.0.5", 3));
        figures.onIncident(incident("B", 2, false, Incident.Status.CLOSED, List.of(Suspect.ip("1.1.1.1")), "10.0.0.5", 2));
        figures.onIncident(incident("C", 1, false, Incident.Status.OPEN, List.of(Suspect.ip("9.9.9.9")), "10.0.0.6", 1));
        figures.onIncident(incident("D", 1, true, Incident.Status.OPEN, List.of(Suspect.ip("2.2.2.2")), "10.0.0.7", 1));
        figures.onIncident(incident("D", 3, true, Incident.Status.OPEN, List.of(Suspect.ip("2.2.2.2")), "10.0.0.7", 4));
        figures.onIncident(incident("E", 1, false, Incident.Status.SUPPRESSED, List.of(Suspect.ip("9.9.9.9")), "x", 5));
        for (int i = 0; i < 15; i++) {
            figures.onAlertedDecision(null, null, T);
        }
        figures.onAlertedDecision("3.3.3.3", "reconnaissance|10.0.0.7", T.plusSeconds(60));
        figures.onAlertedDecision("4.4.4.4", "reconnaissance|10.0.0.7", T.plusSeconds(3600));

        Report.Incidents r = figures.figures(Set.of("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"), 1000).report();

        assertThat(r.opened()).isEqualTo(4);
        assertThat(r.trueIncidents()).isEqualTo(3);
        assertThat(r.falseIncidents()).isEqualTo(1);
        assertThat(r.suppressed()).isEqualTo(1);
        // 1.1.1.1 by A and B, 2.2.2.2 named by D, 3.3.3.3 within D's class, target and span; 4.4.4.4 after it.
        assertThat(r.attackersCovered()).isEqualTo(3);
        assertThat(r.perCoveredAttacker()).isEqualTo(1.33);
        assertThat(r.reduction()).isEqualTo(0.7647);
        assertThat(r.suspectPrecision()).isEqualTo(0.75);
        assertThat(r.per1000()).isEqualTo(4.0);
        assertThat(figures.groupedDecisions()).isEqualTo(15);
    }

    @Test
    void shouldAddUpOverDatasets() {
        IncidentFigures.Counts a = new IncidentFigures.Counts(2, 1, 0, 1, 1, 10, 2, 1, 500, 3L);
        IncidentFigures.Counts b = new IncidentFigures.Counts(1, 1, 3, 2, 4, 90, 1, 1, 1500, 2L);

        Report.Incidents pooled = a.plus(b).report();

        assertThat(pooled.opened()).isEqualTo(3);
        assertThat(pooled.perCoveredAttacker()).isEqualTo(1.67);
        assertThat(pooled.reduction()).isEqualTo(0.97);
        assertThat(pooled.suspectPrecision()).isEqualTo(0.6667);
        assertThat(pooled.per1000()).isEqualTo(1.5);
        assertThat(pooled.liveOpened()).isEqualTo(5);
        // Without the incident app on the broker there is no live count to add up.
        assertThat(a.withLiveOpened(null).plus(b.withLiveOpened(null)).report().liveOpened()).isNull();
        assertThat(a.withLiveOpened(null).plus(b).report().liveOpened()).isEqualTo(2);
    }

    @Test
    void shouldAnswerAnEvenSpreadOfIncidentsAndSuppressEachAsNarrowlyAsCoversIt() {
        long answered = java.util.stream.IntStream.range(0, 100).filter(n -> FeedbackSimulation.answers(n, 0.1)).count();
        assertThat(answered).isEqualTo(10);
        assertThat(FeedbackSimulation.answers(9, 0.1)).isTrue();
        assertThat(FeedbackSimulation.answers(0, 0.1)).isFalse();
        assertThat(FeedbackSimulation.narrowestMatch(incident("A", 1, false, Incident.Status.OPEN,
                List.of(Suspect.ip("1.1.1.1"), Suspect.user("bob")), "10.0.0.5", 1)))
                .isEqualTo(Map.of("suspect", "ip:1.1.1.1"));
        assertThat(FeedbackSimulation.narrowestMatch(incident("D", 1, true, Incident.Status.OPEN,
                List.of(Suspect.ip("2.2.2.2")), "10.0.0.7", 1)))
                .isEqualTo(Map.of("destination.ip", "10.0.0.7"));
        // Guessing without the server's address names the host that logged it.
        assertThat(FeedbackSimulation.narrowestMatch(incident("G", 1, true, Incident.Status.OPEN,
                List.of(Suspect.ip("3.3.3.3")), "LabSZ", 1, "external_login_failure")))
                .isEqualTo(Map.of("host.name", "LabSZ"));
        assertThat(FeedbackSimulation.narrowestMatch(incident("W", 1, true, Incident.Status.OPEN,
                List.of(Suspect.ip("4.4.4.4")), "xkqjz.example", 1, "dga")))
                .isEqualTo(Map.of("destination.domain", "xkqjz.example"));
    }
}
