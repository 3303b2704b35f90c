package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SightingTest {

    @Test
    void shouldGiveTheStagesOfOneAttackOneCampaignKey() {
        assertThat(Sighting.campaignKey("external_login_failure", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("password_spray", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("account_brute_force", "10.0.0.5"))
                .isEqualTo("credential_guessing|10.0.0.5");
        assertThat(Sighting.campaignKey("unsolicited_inbound", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("port_scan", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("bad_source", "10.0.0.5"))
                .isEqualTo("reconnaissance|10.0.0.5");
        assertThat(Sighting.campaignKey("beaconing", "203.0.113.9")).isEqualTo("beaconing|203.0.113.9");
        assertThat(Sighting.campaignKey("port_scan", "10.0.0.5")).isNotEqualTo(Sighting.campaignKey("port_scan", "10.0.0.6"));
    }

    @Test
    void shouldTakeTheGuessedServiceAsTheTargetOfCredentialGuessingAndNotTheAccountTried() {
        // A syslog line names the server only as the host that logged it, and the account tried.
        assertThat(sighting("external_login_failure", null, null, "root", "LabSZ").target()).isEqualTo("LabSZ");
        assertThat(sighting("password_spray", null, null, "admin", "LabSZ").campaignKey())
                .isEqualTo(sighting("brute_force", null, null, "support", "LabSZ").campaignKey())
                .isEqualTo("credential_guessing|LabSZ");
        // Where the attempt names the server's address, that is the target.
        assertThat(sighting("brute_force", "10.0.0.5", null, "root", "LabSZ").target()).isEqualTo("10.0.0.5");
        // Only the account is known: the account.
        assertThat(sighting("external_login_failure", null, null, "root", null).target()).isEqualTo("root");
        // Any other finding keeps its target: the domain, then the address, then the account.
        assertThat(sighting("kerberoasting", null, null, "pgustavo", "DC1").target()).isEqualTo("pgustavo");
        assertThat(sighting("dga", "10.0.0.53", "xkqjz.example", "alice", "ws1").target()).isEqualTo("xkqjz.example");
    }

    private static Sighting sighting(String finding, String destinationIp, String destinationDomain, String user,
            String host) {
        Instant at = Instant.parse("2026-01-05T08:00:00Z");
        EventSummary event = new EventSummary(at, "authentication", "ssh_login", "failure", "45.0.0.1", 40000,
                destinationIp, destinationIp == null ? null : 22, destinationDomain, user, host, "syslog");
        Vote vote = new Vote("e1", "identity", Verdict.SUSPICIOUS, 0.6, List.of("failed login"), Map.of(), at,
                Suspect.ip("45.0.0.1"), finding);
        Decision decision = new Decision("e1", Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 1,
                List.of(vote), List.of(), new Decision.Policy("default", "1"), event, Map.of(), at);
        return Sighting.of(decision, at.toEpochMilli());
    }
}
