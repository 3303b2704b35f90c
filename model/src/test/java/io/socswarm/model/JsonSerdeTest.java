package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.SecurityEvent.Network;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.250Z");

    static SecurityEvent fullEvent() {
        return new SecurityEvent("evt-1", T, "authentication", "ssh_login", "failure",
                new Endpoint("203.0.113.7", 51000, null, new Geo("BR", "Sao Paulo", -23.5, -46.6)),
                new Endpoint("10.0.0.5", 22, "bastion.corp", null),
                new SecurityEvent.User("root", "corp"), new SecurityEvent.Host("bastion"),
                new Network("tcp", 120L, 640L, 9L, "SF"),
                "Failed password for root from 203.0.113.7",
                new SecurityEvent.Origin("jsonl", "auth.jsonl", 42L),
                Map.of("label", "ssh_brute_force"));
    }

    @Test
    void shouldRoundTripSecurityEvent() {
        SecurityEvent event = fullEvent();
        SecurityEvent back = Topics.EVENT_SERDE.deserialize("raw-events", Topics.EVENT_SERDE.serialize("raw-events", event));
        assertThat(back).isEqualTo(event);
    }

    @Test
    void shouldWriteEcsStyleFieldNames() {
        String json = Topics.EVENT_SERDE.toJson(fullEvent());
        assertThat(json)
                .contains("\"timestamp\":\"2026-03-01T10:15:30.250Z\"")
                .contains("\"bytes_in\":120")
                .contains("\"country_iso_code\":\"BR\"")
                .doesNotContain("null");
    }

    @Test
    void shouldRoundTripVote() {
        Vote vote = new Vote("evt-1", "identity", Verdict.MALICIOUS, 0.9,
                List.of("12 failed logins for root in 60 s"), Map.of("failures", 12, "window", "60s"), T);
        Vote back = Topics.VOTE_SERDE.parse(Topics.VOTE_SERDE.toJson(vote));
        assertThat(back.eventId()).isEqualTo("evt-1");
        assertThat(back.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(back.confidence()).isEqualTo(0.9);
        assertThat(back.reasons()).containsExactly("12 failed logins for root in 60 s");
        assertThat(back.evidence()).containsEntry("failures", 12).containsEntry("window", "60s");
        assertThat(back.votedAt()).isEqualTo(T);
    }

    @Test
    void shouldRoundTripDecision() {
        Vote vote = new Vote("evt-1", "network", Verdict.SUSPICIOUS, 0.6, List.of("rejected"), Map.of(), T);
        Decision decision = new Decision("evt-1", Severity.WARNING, Action.FLAG_FOR_REVIEW, 1, List.of(vote),
                List.of("identity"), new Decision.Policy("prototype-scoring", "1"),
                EventSummary.of(fullEvent()), Map.of("label", "port_scan"), T);
        assertThat(Topics.DECISION_SERDE.parse(Topics.DECISION_SERDE.toJson(decision))).isEqualTo(decision);
    }

    @Test
    void shouldIgnoreUnknownFields() {
        SecurityEvent e = Topics.EVENT_SERDE.parse(
                "{\"id\":\"a\",\"timestamp\":\"2026-03-01T10:15:30Z\",\"x_vendor\":{\"deep\":[1,2]},\"category\":\"dns\"}");
        assertThat(e.id()).isEqualTo("a");
        assertThat(e.category()).isEqualTo("dns");
    }

    @Test
    void shouldRejectMissingIdNamingTheField() {
        assertThatThrownBy(() -> Topics.EVENT_SERDE.parse("{\"timestamp\":\"2026-03-01T10:15:30Z\"}"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SecurityEvent.id");
    }

    @Test
    void shouldRejectMissingTimestampNamingTheField() {
        assertThatThrownBy(() -> Topics.EVENT_SERDE.parse("{\"id\":\"a\"}"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SecurityEvent.timestamp");
    }

    @Test
    void shouldRejectMissingVoteEventId() {
        assertThatThrownBy(() -> Topics.VOTE_SERDE.parse("{\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5}"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Vote.eventId");
    }

    @Test
    void shouldRejectMalformedJsonWrongTypesAndInvalidUtf8() {
        assertThatThrownBy(() -> Topics.EVENT_SERDE.parse("{\"id\":"))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> Topics.EVENT_SERDE.parse("{\"id\":\"a\",\"timestamp\":\"2026-03-01T10:15:30Z\",\"source\":[1]}"))
                .isInstanceOf(SerializationException.class);
        byte[] invalidUtf8 = "{\"id\":\"a\u00ff\",\"timestamp\":\"2026-03-01T10:15:30Z\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Topics.EVENT_SERDE.deserialize("raw-events", invalidUtf8))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRejectOversizeValuesBeforeParsing() {
        JsonSerde<SecurityEvent> small = new JsonSerde<>(SecurityEvent.class, 64);
        byte[] big = ("{\"id\":\"a\",\"timestamp\":\"2026-03-01T10:15:30Z\",\"message\":\"" + "x".repeat(100) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.deserialize("raw-events", big))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("exceeds the limit of 64 bytes");
    }

    @Test
    void shouldKeepNullAsNull() {
        assertThat(Topics.EVENT_SERDE.serialize("t", null)).isNull();
        assertThat(Topics.EVENT_SERDE.deserialize("t", null)).isNull();
    }

    @Test
    void shouldReadTopicNamesFromConfiguration() {
        Topics topics = Topics.from(Map.of(Topics.VOTES_KEY, "team-votes"));
        assertThat(topics.votes("identity").name()).isEqualTo("team-votes");
        assertThat(Topics.from(Map.of(Topics.VOTES_KEY, "team-votes", Topics.VOTES_PER_AGENT_KEY, "true")).all())
                .contains("team-votes.network", "team-votes.identity", "team-votes.threat-intel", "team-votes.sigma")
                .doesNotContain("team-votes");
        assertThat(topics.rawEvents().name()).isEqualTo("raw-events");
        assertThat(topics.all()).containsExactly("raw-events", "team-votes", "decisions", "dead-letters",
                "intel-indicators", "incidents", "actions", "feedback", "audit", "audit-requests", "agent-precision",
                "investigations", "sigma-rules");
        assertThat(topics.all()).filteredOn(topics::isCompacted)
                .containsExactly("intel-indicators", "incidents", "actions", "agent-precision", "investigations",
                        "sigma-rules");
    }

    @Test
    void shouldKeyAnIndicatorByTypeAndValueAndReadItBack() {
        Indicator indicator = new Indicator(Indicator.Type.CIDR, "5.188.10.0/23", "spamhaus-drop", null, " ",
                "SBL402741", Instant.parse("2024-02-27T00:00:00Z"));

        String json = Topics.INDICATOR_SERDE.toJson(indicator);

        assertThat(indicator.key()).isEqualTo("cidr:5.188.10.0/23");
        assertThat(indicator.description()).isNull();
        assertThat(json).contains("\"type\":\"cidr\"").doesNotContain("key", "description");
        assertThat(Topics.INDICATOR_SERDE.parse(json)).isEqualTo(indicator);
        assertThatThrownBy(() -> Topics.INDICATOR_SERDE.parse("{\"type\":\"ip\",\"value\":\"x\",\"feed\":\"f\"}"))
                .hasMessageContaining("Indicator.type 'ip'");
    }

    @Test
    void shouldSummariseAnEventOnOneLine() {
        assertThat(EventSummary.of(fullEvent()).oneLine())
                .isEqualTo("ssh_login failure root 203.0.113.7:51000 -> bastion.corp:22");
    }

    @Test
    void shouldCarryAFindingsSuspectAndClassAndReadAVoteWithoutThem() {
        Vote finding = new Vote("e1", "network", Verdict.MALICIOUS, 0.9, List.of("scan"), Map.of("ports", 40),
                Instant.parse("2026-01-01T00:00:00Z"), Suspect.ip("203.0.113.9"), "port_scan");

        String json = Topics.VOTE_SERDE.toJson(finding);

        assertThat(json).contains("\"suspect\":{\"type\":\"ip\",\"value\":\"203.0.113.9\"}", "\"finding\":\"port_scan\"");
        assertThat(Topics.VOTE_SERDE.parse(json)).isEqualTo(finding);
        Vote old = Topics.VOTE_SERDE.parse("{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5}");
        assertThat(old.suspect()).isNull();
        assertThat(old.finding()).isNull();
        assertThat(Suspect.domain("Evil.Example").key()).isEqualTo("domain:evil.example");
    }

    @Test
    void shouldRoundTripTheAnalystLayersMessages() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Decision.Policy policy = new Decision.Policy("default", "1");
        Incident incident = new Incident("INC-1", 3, Incident.Status.OPEN, true, Severity.CRITICAL, 0.9,
                List.of(Suspect.ip("203.0.113.9"), Suspect.user("alice")), 2, List.of("10.0.0.5"), List.of("port_scan"),
                t, t.plusSeconds(60), 12, List.of("e1", "e2"), List.of("scan"), List.of("network"), Action.BLOCK_IP,
                null, policy, t);
        ActionRequest action = new ActionRequest("INC-1/BLOCK_IP/203.0.113.9", 1, "INC-1", ActionRequest.Type.BLOCK_IP,
                "203.0.113.9", ActionRequest.State.PROPOSED, ActionRequest.Mode.approve, 0.9, "scan", t, null, null,
                null, t.plusSeconds(3600), policy);
        Feedback feedback = new Feedback("f1", Feedback.Kind.VERDICT, "INC-1", null, Feedback.Verdict.FALSE_POSITIVE,
                new Feedback.Suppression(Map.of("source.ip", "10.0.0.0/8"), t.plusSeconds(86400)), List.of("network"),
                List.of("port_scan"), "backup", "alice", t);
        AuditEntry audit = new AuditEntry("alice", "action.approved", action.id(), "confirmed", Map.of("to", "APPROVED"), t);

        assertThat(Topics.INCIDENT_SERDE.parse(Topics.INCIDENT_SERDE.toJson(incident))).isEqualTo(incident);
        assertThat(Topics.ACTION_SERDE.parse(Topics.ACTION_SERDE.toJson(action))).isEqualTo(action);
        assertThat(Topics.FEEDBACK_SERDE.parse(Topics.FEEDBACK_SERDE.toJson(feedback))).isEqualTo(feedback);
        assertThat(Topics.AUDIT_SERDE.parse(Topics.AUDIT_SERDE.toJson(audit))).isEqualTo(audit);
        assertThatThrownBy(() -> Topics.FEEDBACK_SERDE.parse(
                "{\"id\":\"f2\",\"kind\":\"APPROVE\",\"incidentId\":\"INC-1\",\"by\":\"bob\",\"at\":\"2026-01-01T00:00:00Z\"}"))
                .hasMessageContaining("Feedback.actionId");
    }
}
