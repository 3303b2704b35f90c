package io.socswarm.launcher.ops;

import static io.socswarm.launcher.ops.OpsFixtures.T0;
import static io.socswarm.launcher.ops.OpsFixtures.action;
import static io.socswarm.launcher.ops.OpsFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.local.UserError;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator commands print and decide, without a broker. */
class OperatorViewsTest {
    private static final String HOSTILE = "evil\u001b[2J\r\nforged\u009b31m\u202e";
    private static final String HOSTILE_ESCAPED = "evil\\u001b[2J\\r\\nforged\\u009b31m\\u202e";

    @Test
    void shouldListIncidentsMostRecentlySeenFirstAndFilterByStatus() {
        Incident old = incident("INC-old", Incident.Status.OPEN, T0.plusSeconds(10), List.of(Suspect.ip("10.0.0.1")), 1);
        Incident recent = incident("INC-recent", Incident.Status.OPEN, T0.plusSeconds(300), List.of(Suspect.ip("10.0.0.2")), 1);
        Incident suppressed = incident("INC-sup", Incident.Status.SUPPRESSED, T0.plusSeconds(200),
                List.of(Suspect.ip("10.0.0.3")), 1);
        Incident never = incident("INC-none", Incident.Status.CLOSED, null, List.of(Suspect.ip("10.0.0.4")), 1);

        assertThat(IncidentsListCommand.select(List.of(old, never, suppressed, recent), null)).extracting(Incident::id)
                .containsExactly("INC-recent", "INC-sup", "INC-old", "INC-none");
        assertThat(IncidentsListCommand.select(List.of(old, never, suppressed, recent), Incident.Status.OPEN))
                .extracting(Incident::id).containsExactly("INC-recent", "INC-old");
    }

    @Test
    void shouldShowTheFirstSuspectsAndHowManyMoreInARow() {
        Incident campaign = incident("INC-1", Incident.Status.OPEN, T0, List.of(Suspect.ip("10.0.0.1"), Suspect.ip("10.0.0.2"),
                Suspect.ip("10.0.0.3"), Suspect.ip("10.0.0.4")), 57);

        assertThat(IncidentsListCommand.row(campaign)).containsExactly("INC-1", "OPEN", "CRITICAL", "port_scan,brute_force",
                "ip:10.0.0.1, ip:10.0.0.2, ip:10.0.0.3 (+54)", "10.0.0.20, 10.0.0.21 (+1)", "12", "2025-03-01 10:00:00Z");
    }

    @Test
    void shouldPrintATableWithAlignedColumns() {
        StringWriter text = new StringWriter();
        OpsText.table(new PrintWriter(text), List.of("ID", "STATE"), List.of(List.of("a-long-id", "OPEN"), List.of("b", "CLOSED")));

        assertThat(text.toString().lines()).containsExactly("ID         STATE", "a-long-id  OPEN", "b          CLOSED");
    }

    @Test
    void shouldEscapeControlCharactersFromTopicsInEveryView() {
        Incident hostile = new Incident("INC-" + HOSTILE, 1, Incident.Status.OPEN, false, io.socswarm.model.Decision.Severity.WARNING,
                0.5, List.of(Suspect.user(HOSTILE)), 1, List.of(HOSTILE), List.of(HOSTILE), T0, T0, 1, List.of(HOSTILE),
                List.of(HOSTILE), List.of(HOSTILE), null, HOSTILE, null, T0);
        ActionRequest hostileAction = new ActionRequest("A-1", 1, hostile.id(), ActionRequest.Type.DISABLE_ACCOUNT, HOSTILE,
                ActionRequest.State.APPROVED, ActionRequest.Mode.approve, 0.5, HOSTILE, T0, T0, HOSTILE, HOSTILE, null, null);
        AuditEntry hostileEntry = new AuditEntry(HOSTILE, HOSTILE, HOSTILE, HOSTILE, Map.of(HOSTILE, HOSTILE), T0);

        StringWriter shown = new StringWriter();
        IncidentsShowCommand.print(new PrintWriter(shown), hostile, List.of(hostileAction));
        String listed = String.join(" ", IncidentsListCommand.row(hostile)) + String.join(" ", ActionsCommand.row(hostileAction))
                + String.join(" ", AuditCommand.row(hostileEntry)) + OpsText.json(List.of(hostile, hostileEntry));

        for (String output : List.of(shown.toString(), listed)) {
            assertThat(output.replace("\n", "")).doesNotContain("\u001b", "\r", "\u009b", "\u202e");
        }
        assertThat(shown.toString()).contains("  - " + HOSTILE_ESCAPED, "reason: " + HOSTILE_ESCAPED,
                "decided by " + HOSTILE_ESCAPED);
    }

    @Test
    void shouldShowEveryFieldOfAnIncidentAndItsActionsInOrder() {
        Incident incident = incident("INC-7", Incident.Status.SUPPRESSED, T0.plusSeconds(90),
                List.of(Suspect.ip("10.0.0.5"), Suspect.user("admin")), 3);
        incident = new Incident(incident.id(), incident.version(), incident.status(), true, incident.severity(), 0.875,
                incident.suspects(), incident.suspectCount(), incident.targets(), incident.classes(), incident.firstSeen(),
                incident.lastSeen(), incident.decisions(), incident.sampleEventIds(), incident.reasons(), incident.agents(),
                incident.action(), "fb-42", incident.policy(), incident.updatedAt());
        ActionRequest later = action("A-2", "INC-7", ActionRequest.State.REJECTED, T0.plusSeconds(50));
        ActionRequest first = action("A-1", "INC-7", ActionRequest.State.PROPOSED, T0.plusSeconds(20));
        ActionRequest other = action("A-3", "INC-8", ActionRequest.State.PROPOSED, T0);
        List<ActionRequest> ofIncident = IncidentsShowCommand.actionsOf(List.of(later, other, first), "INC-7");

        StringWriter text = new StringWriter();
        IncidentsShowCommand.print(new PrintWriter(text), incident, ofIncident);

        assertThat(ofIncident).extracting(ActionRequest::id).containsExactly("A-1", "A-2");
        assertThat(text.toString()).isEqualTo("""
                Incident INC-7 (version 3)
                  status      SUPPRESSED (suppressed by feedback fb-42)
                  severity    CRITICAL
                  confidence  0.88
                  campaign    yes (many suspects, one target and class)
                  classes     port_scan, brute_force
                  suspects    ip:10.0.0.5, user:admin (3 in all)
                  targets     10.0.0.20, 10.0.0.21, 10.0.0.22
                  first seen  2025-03-01 10:00:00Z
                  last seen   2025-03-01 10:01:30Z
                  decisions   12
                  action      BLOCK_IP
                  agents      network, identity
                  policy      default 1
                  updated     2025-03-01 10:01:30Z
                Reasons (2):
                  - Scanned 40 ports in 10 s
                  - 12 failed logins
                Sample event ids (2 of 12 decisions):
                  evt-1, evt-2
                Actions (2):
                  A-1  BLOCK_IP 10.0.0.5  PROPOSED (mode approve, confidence 0.90)
                      proposed 2025-03-01 10:00:20Z, expires 2025-03-01 11:00:20Z
                      reason: critical port scan
                  A-2  BLOCK_IP 10.0.0.5  REJECTED (mode approve, confidence 0.90)
                      proposed 2025-03-01 10:00:50Z, expires 2025-03-01 11:00:50Z, decided by bob at 2025-03-01 10:01:20Z
                      reason: critical port scan
                """);
    }

    @Test
    void shouldListActionsNewestFirstAndFilterByState() {
        ActionRequest a1 = action("A-1", "INC-1", ActionRequest.State.PROPOSED, T0);
        ActionRequest a2 = action("A-2", "INC-1", ActionRequest.State.APPROVED, T0.plusSeconds(5));
        ActionRequest a3 = action("A-3", "INC-2", ActionRequest.State.PROPOSED, T0.plusSeconds(9));

        assertThat(ActionsCommand.select(List.of(a1, a2, a3), null)).extracting(ActionRequest::id)
                .containsExactly("A-3", "A-2", "A-1");
        assertThat(ActionsCommand.select(List.of(a1, a2, a3), ActionRequest.State.PROPOSED)).extracting(ActionRequest::id)
                .containsExactly("A-3", "A-1");
    }

    @Test
    void shouldAskToDecideAProposedActionOnBehalfOfThePrincipal() {
        ActionRequest proposed = action("A-1", "INC-1", ActionRequest.State.PROPOSED, T0);
        Instant now = T0.plusSeconds(60);

        Feedback approval = ActionsCommand.decision(proposed, Feedback.Kind.APPROVE, null, "alice", now);
        Feedback rejection = ActionsCommand.decision(proposed, Feedback.Kind.REJECT, "our own scanner", "bob", now);

        assertThat(approval).extracting(Feedback::kind, Feedback::incidentId, Feedback::actionId, Feedback::note, Feedback::by,
                Feedback::at, Feedback::verdict, Feedback::suppression)
                .containsExactly(Feedback.Kind.APPROVE, "INC-1", "A-1", null, "alice", now, null, null);
        assertThat(rejection).extracting(Feedback::kind, Feedback::note, Feedback::by)
                .containsExactly(Feedback.Kind.REJECT, "our own scanner", "bob");
        assertThat(approval.id()).isNotEqualTo(rejection.id());
    }

    @Test
    void shouldRefuseToDecideAnActionThatIsNotProposedNamingItsState() {
        for (ActionRequest.State state : List.of(ActionRequest.State.APPROVED, ActionRequest.State.REJECTED,
                ActionRequest.State.EXPIRED)) {
            ActionRequest decided = action("A-1", "INC-1", state, T0);
            assertThatThrownBy(() -> ActionsCommand.decision(decided, Feedback.Kind.APPROVE, null, "alice", T0.plusSeconds(60)))
                    .isInstanceOf(UserError.class)
                    .hasMessage("Action A-1 is " + state + " (by bob); only a PROPOSED action can be approved.");
        }
    }

    @Test
    void shouldRefuseToDecideAProposalPastItsExpiry() {
        ActionRequest proposed = action("A-1", "INC-1", ActionRequest.State.PROPOSED, T0);

        assertThatThrownBy(() -> ActionsCommand.decision(proposed, Feedback.Kind.REJECT, "no", "alice", T0.plusSeconds(3600)))
                .isInstanceOf(UserError.class)
                .hasMessage("Action A-1 expired unanswered at 2025-03-01 11:00:00Z; it can no longer be rejected.");
    }

    @Test
    void shouldBuildAVerdictWithASuppressionEndingAfterItsTtlAndTheIncidentsAgentsAndClasses() {
        FeedbackCommand.Request request = FeedbackCommand.Request.parse("false-positive",
                List.of("source.ip=10.0.0.0/24", "destination.port=22"), "12h", " lab scanner ", "alice");
        Instant now = T0.plusSeconds(600);

        Feedback feedback = request.feedback(incident("INC-1"), now);

        assertThat(feedback).extracting(Feedback::kind, Feedback::incidentId, Feedback::actionId, Feedback::verdict,
                Feedback::agents, Feedback::classes, Feedback::note, Feedback::by, Feedback::at)
                .containsExactly(Feedback.Kind.VERDICT, "INC-1", null, Feedback.Verdict.FALSE_POSITIVE,
                        List.of("network", "identity"), List.of("port_scan", "brute_force"), "lab scanner", "alice", now);
        assertThat(feedback.suppression()).isEqualTo(new Feedback.Suppression(
                Map.of("source.ip", "10.0.0.0/24", "destination.port", "22"), now.plus(Duration.ofHours(12))));
        assertThat(FeedbackCommand.describe(feedback)).isEqualTo("Recorded false-positive for incident INC-1 as alice, "
                + "suppressing destination.port=22 and source.ip=10.0.0.0/24 until 2025-03-01 22:10:00Z");
    }

    @Test
    void shouldSuppressForSevenDaysByDefaultAndNotAtAllWithoutAMatch() {
        Feedback suppressing = FeedbackCommand.Request.parse("benign", List.of("host.name=ws-1"), null, null, "alice")
                .feedback(incident("INC-1"), T0);
        Feedback plain = FeedbackCommand.Request.parse("true-positive", List.of(), null, null, "alice")
                .feedback(incident("INC-1"), T0);

        assertThat(suppressing.suppression().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(plain.suppression()).isNull();
        assertThat(FeedbackCommand.describe(plain)).isEqualTo("Recorded true-positive for incident INC-1 as alice");
        assertThatThrownBy(() -> FeedbackCommand.Request.parse("benign", List.of(), "1d", null, "alice"))
                .isInstanceOf(UserError.class)
                .hasMessage("--ttl is how long a suppression lasts; give it with --suppress FIELD=VALUE.");
    }

    @Test
    void shouldShowTheAuditTrailOldestFirstAcrossPartitionsAndKeepTheLatestWithinTheLimit() {
        AuditEntry e1 = entry("alice", "action.approved", T0.plusSeconds(1));
        AuditEntry e2 = entry("policy:default", "action.expired", T0.plusSeconds(2));
        AuditEntry e3 = entry("alice", "feedback.suppress", T0.plusSeconds(3));
        List<TopicSnapshot.Entry<String, AuditEntry>> records = List.of(
                new TopicSnapshot.Entry<>("alice", e1, 0, 0, T0),
                new TopicSnapshot.Entry<>("alice", e3, 0, 1, T0),
                new TopicSnapshot.Entry<>("policy:default", e2, 1, 0, T0));

        assertThat(AuditCommand.select(records, null)).containsExactly(e1, e2, e3);
        assertThat(AuditCommand.select(records, "alice")).containsExactly(e1, e3);
        assertThat(AuditCommand.latest(AuditCommand.select(records, null), 2)).containsExactly(e2, e3);
        assertThat(AuditCommand.latest(AuditCommand.select(records, null), 0)).containsExactly(e1, e2, e3);
        assertThat(AuditCommand.row(new AuditEntry("alice", "action.approved", "A-1", "ok", Map.of("to", "APPROVED",
                "from", "PROPOSED"), T0))).containsExactly("2025-03-01 10:00:00Z", "alice", "action.approved", "A-1", "ok",
                "from=PROPOSED to=APPROVED");
    }

    @Test
    void shouldKeepTheLatestStatePerKeyAndForgetTombstonedKeys() {
        TopicSnapshot.Snapshot<String, String> snapshot = new TopicSnapshot.Snapshot<>(List.of(
                new TopicSnapshot.Entry<>("a", "a1", 0, 0, T0),
                new TopicSnapshot.Entry<>("b", "b1", 1, 0, T0),
                new TopicSnapshot.Entry<>("a", "a2", 0, 1, T0),
                new TopicSnapshot.Entry<>("b", null, 1, 1, T0)), 0);

        assertThat(snapshot.latest()).containsExactly(Map.entry("a", "a2"));
    }

    private static AuditEntry entry(String principal, String act, Instant at) {
        return new AuditEntry(principal, act, "A-1", null, Map.of(), at);
    }
}
