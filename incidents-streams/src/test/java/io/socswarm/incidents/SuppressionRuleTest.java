package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Feedback;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionRuleTest {
    private static final Instant AT = Instant.parse("2026-01-05T08:00:00Z");

    private static SuppressionRule rule(Map<String, String> match) {
        return SuppressionRule.of(new Feedback("fb", Feedback.Kind.VERDICT, "INC-1", null, Feedback.Verdict.BENIGN,
                new Feedback.Suppression(match, AT.plusSeconds(60)), List.of(), List.of(), null, "alice", AT));
    }

    private static Sighting sighting(String sourceIp, String domain, String user, Suspect suspect) {
        EventSummary e = new EventSummary(AT, "dns", "query", null, sourceIp, 5353, "10.0.0.53", 53, domain, user,
                "WS-7", null);
        return new Sighting("e1", AT.toEpochMilli(), AT, Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW,
                0.5, List.of(suspect), List.of("beacon"), domain, List.of(), List.of("threat-intel"), e);
    }

    @Test
    void shouldMatchAddressesByCidrAndTextIgnoringCase() {
        SuppressionRule r = rule(Map.of("source.ip", "10.1.0.0/16", "destination.domain", "Updates.Example.com",
                "host.name", "ws-7", "destination.port", "53", "event.category", "dns"));
        assertThat(r.matches(sighting("10.1.200.3", "updates.example.com", "bob", Suspect.host("WS-7")))).isTrue();
        assertThat(r.matches(sighting("10.2.0.1", "updates.example.com", "bob", Suspect.host("WS-7")))).isFalse();
        assertThat(r.matches(sighting("10.1.200.3", "evil.example.com", "bob", Suspect.host("WS-7")))).isFalse();
    }

    @Test
    void shouldMatchAnySuspectByKeyOrByCidrForAddresses() {
        assertThat(rule(Map.of("suspect", "user:BOB")).matches(sighting("10.1.0.1", "x", "bob", Suspect.user("bob"))))
                .isTrue();
        assertThat(rule(Map.of("suspect", "ip:203.0.113.0/24"))
                .matches(sighting("10.1.0.1", "x", "bob", Suspect.ip("203.0.113.9")))).isTrue();
        assertThat(rule(Map.of("suspect", "ip:203.0.113.0/24"))
                .matches(sighting("10.1.0.1", "x", "bob", Suspect.ip("198.51.100.9")))).isFalse();
        assertThat(rule(Map.of("suspect", "user:bob")).matches(sighting("10.1.0.1", "x", "bob", Suspect.ip("10.1.0.1"))))
                .isFalse();
    }

    @Test
    void shouldRefuseUnknownFieldsAndAddressFieldsThatAreNotAddresses() {
        assertThatThrownBy(() -> rule(Map.of("process.name", "nmap"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("process.name");
        assertThatThrownBy(() -> rule(Map.of("source.ip", "scanner.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source.ip");
    }

    @Test
    void shouldExpireByTheWallClock() {
        SuppressionRule r = rule(Map.of("user.name", "bob"));
        assertThat(r.expiredAt(AT.plusSeconds(59).toEpochMilli())).isFalse();
        assertThat(r.expiredAt(AT.plusSeconds(60).toEpochMilli())).isTrue();
    }
}
