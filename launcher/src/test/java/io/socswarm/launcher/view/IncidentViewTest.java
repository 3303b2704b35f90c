package io.socswarm.launcher.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.local.Terminal;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Suspect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentViewTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");
    private static final Decision.Policy POLICY = new Decision.Policy("default", "1");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final IncidentView view = new IncidentView(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            new Terminal(false), true);

    private static Incident incident(String id, long version, Incident.Status status, Decision.Severity severity,
            long decisions, String reason) {
        return new Incident(id, version, status, false, severity, 0.8, List.of(Suspect.ip("45.1.2.3")), 1,
                List.of("10.0.0.10"), List.of("brute_force"), T, T.plusSeconds(decisions), decisions, List.of("e1"),
                List.of(reason), List.of("identity"), severity == Decision.Severity.CRITICAL
                        ? Decision.Action.BLOCK_IP : Decision.Action.FLAG_FOR_REVIEW,
                status == Incident.Status.SUPPRESSED ? "fb-1" : null, POLICY, T);
    }

    private static ActionRequest action(String id, ActionRequest.State state, long version) {
        return new ActionRequest(id, version, "INC-1", ActionRequest.Type.BLOCK_IP, "45.1.2.3", state,
                ActionRequest.Mode.approve, 0.9, "brute force", T, null, null, null, T.plusSeconds(3600), POLICY);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintALineWhenAnIncidentOpensAndWhenItEscalatesButNotWhenItOnlyGrows() {
        view.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1, "3 failed logins"));
        view.onIncident(incident("INC-1", 2, Incident.Status.OPEN, Decision.Severity.WARNING, 40, "3 failed logins"));
        view.onIncident(incident("INC-1", 3, Incident.Status.OPEN, Decision.Severity.CRITICAL, 41, "then a login"));
        view.onIncident(incident("INC-1", 2, Incident.Status.OPEN, Decision.Severity.WARNING, 40, "stale"));

        List<String> lines = printed().lines().filter(l -> !l.startsWith(" ")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("NEW", "WARNING", "brute_force", "45.1.2.3 → 10.0.0.10", "1 decision ", "INC-1");
        assertThat(lines.get(1)).contains("ESCALATED", "CRITICAL", "41 decisions");
        assertThat(printed()).contains("↳ 3 failed logins", "↳ then a login").doesNotContain("stale");
        assertThat(view.groupedDecisions()).isEqualTo(41);
    }

    @Test
    void shouldCountOpenSuppressedAndPendingActionsForTheTally() {
        view.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.CRITICAL, 3, "r"));
        view.onIncident(incident("INC-2", 1, Incident.Status.SUPPRESSED, Decision.Severity.WARNING, 5, "r"));
        view.onAction(action("A1", ActionRequest.State.PROPOSED, 1));
        view.onAction(action("A2", ActionRequest.State.PROPOSED, 1));
        view.onAction(action("A2", ActionRequest.State.APPROVED, 2));
        view.onAction(action("A2", ActionRequest.State.PROPOSED, 1));

        assertThat(view.tally()).isEqualTo("1 incident open · 1 suppressed · 1 action pending approval");
        assertThat(printed()).contains("SUPPRESSED");
        assertThat(view.summaryLines()).hasSize(3);
        assertThat(view.summaryLines().get(0)).contains("OPEN", "CRITICAL", "INC-1");
        assertThat(view.summaryLines().get(2)).contains("1 approved", "1 proposed");
    }

    @Test
    void shouldCleanTextThatCameFromLogsBeforeItReachesTheTerminal() {
        view.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1,
                "login as \u001b[31mroot\u001b[0m\nforged line"));

        assertThat(printed()).doesNotContain("\u001b").contains("↳ login as");
        assertThat(printed().lines().filter(l -> l.contains("forged line")).toList())
                .allMatch(l -> l.contains("↳"));
    }

    @Test
    void shouldShowNothingLiveWhenQuietButStillCount() {
        IncidentView quiet = new IncidentView(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Terminal(false),
                false);
        quiet.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1, "r"));

        assertThat(printed()).isEmpty();
        assertThat(quiet.total()).isEqualTo(1);
    }

    @Test
    void shouldShowEachReportsFirstFindingCleanedAndCountReportsByAnalyst() {
        view.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1, "r"));
        view.onIncident(incident("INC-2", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1, "r"));
        assertThat(view.openWithoutReport()).isEqualTo(2);

        view.onInvestigation(report("INC-1", 1, "deterministic", "brute_force from 45.1.2.3\u001b[31m against root.", 0));
        view.onInvestigation(report("INC-2", 1, "llama3.1", "A scan.", 2));
        view.onInvestigation(report("INC-1", 0, "deterministic", "an older report", 0));

        assertThat(view.openWithoutReport()).isZero();
        assertThat(printed()).contains("🔎 INC-1 by deterministic: brute_force from 45.1.2.3", "1 finding, 1 IOC",
                "🔎 INC-2 by llama3.1: A scan.", "2 claim(s) removed").doesNotContain("\u001b");
        assertThat(view.investigationLine())
                .isEqualTo("2 incidents investigated (deterministic 1, llama3.1 1) · 2 claims removed · 0 with injection suspected");
    }

    @Test
    void shouldNotShowTheSameReportLineTwiceForOneIncident() {
        view.onIncident(incident("INC-1", 1, Incident.Status.OPEN, Decision.Severity.WARNING, 1, "r"));
        view.onInvestigation(report("INC-1", 1, "deterministic", "brute_force from 45.1.2.3 against root.", 0));
        // The incident grew and was investigated again to the same conclusion, then to a new one.
        view.onInvestigation(report("INC-1", 2, "deterministic", "brute_force from 45.1.2.3 against root.", 0));
        view.onInvestigation(report("INC-1", 3, "deterministic", "brute_force from 45.1.2.3 against root and admin.", 0));

        assertThat(printed().split("🔎", -1)).hasSize(3);
        assertThat(printed()).contains("against root.", "against root and admin.");
        assertThat(view.investigationLine()).startsWith("1 incident investigated (deterministic 1)");
    }

    private static Investigation report(String incidentId, long version, String analyst, String finding, int removed) {
        return new Investigation(incidentId, version, analyst, "Summary.",
                List.of(new Investigation.Finding(finding, List.of("e1"))),
                List.of(new Investigation.Ioc(Investigation.Ioc.Type.ip, "45.1.2.3")), List.of(), List.of(), List.of(),
                0.8, List.of(), java.util.stream.IntStream.range(0, removed)
                        .mapToObj(i -> new Investigation.RemovedClaim("iocs[" + i + "]", "x", "Not in the evidence."))
                        .toList(), false, T);
    }
}
