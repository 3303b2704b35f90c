package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatIntelAgentTopologyTest {
    private AgentDriver agent;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void shouldCallAConnectionToTheDemoBlocklistMaliciousAndNameTheIndicator() {
        agent = new AgentDriver(new ThreatIntelDetector(), Map.of());

        Vote vote = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "203.0.113.77", 443, "SF", "success", 500));
        Vote clean = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.77", 443, "SF", "success", 500));

        assertThat(vote.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(vote.reasons().get(0)).contains("Destination 203.0.113.77", "203.0.113.0/24", "demo-blocklist");
        assertThat(vote.evidence()).containsEntry("indicator", "203.0.113.0/24")
                .containsEntry("matched_field", "destination.ip").containsEntry("matched_value", "203.0.113.77");
        assertThat(clean.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(clean.reasons().get(0)).contains("No indicator matched", "1 ranges");
        // The internal host that reached the indicator is the suspect, not the indicator.
        assertThat(vote).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
        assertThat(clean.suspect()).isNull();
        assertThat(clean.finding()).isNull();
    }

    @Test
    void shouldLoadADropStyleFileAndMatchSourcesDomainsAndIpv6() throws Exception {
        Path drop = dir.resolve("drop.txt");
        Files.writeString(drop, """
                ; Spamhaus DROP List 2024/02/27
                1.10.16.0/20 ; SBL256894
                # a comment line
                2001:db8:bad::/48 ; test range
                """);
        agent = new AgentDriver(new ThreatIntelDetector(), Map.of(Blocklist.BLOCKLIST_FILE, drop.toString(),
                Blocklist.DOMAINS, "evil.example,c2.example"));

        Vote inbound = agent.judge(agent.flow(AgentDriver.T0, "1.10.20.30", "10.0.0.10", 22, "S0", "failure", 0));
        Vote v6 = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "2001:db8:bad:1::5", 443, "SF", "success", 1));
        SecurityEvent dns = new SecurityEvent("dns-1", AgentDriver.T0, "dns", "dns_query", "success",
                SecurityEvent.Endpoint.ip("10.0.1.12"), new SecurityEvent.Endpoint("10.0.0.53", 53, "C2.Example", null),
                null, null, null, null, null, Map.of());
        Vote domain = agent.judge(dns);
        Vote demoStillThere = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "203.0.113.5", 80, "SF", "success", 1));

        assertThat(inbound.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(inbound.reasons().get(0)).contains("Source 1.10.20.30", "1.10.16.0/20", "drop.txt");
        assertThat(v6.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(domain.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(domain.reasons().get(0)).contains("C2.Example");
        assertThat(demoStillThere.verdict()).isEqualTo(Verdict.MALICIOUS);
        // A listed source is the suspect itself; for what was reached, the host that reached it.
        assertThat(inbound).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("1.10.20.30"), "bad_source");
        assertThat(v6).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
        assertThat(domain).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
    }

    @Test
    void shouldSuspectTheHostByNameWhenTheEventHasNoSourceAndTheIndicatorWhenItNamesNobody() {
        agent = new AgentDriver(new ThreatIntelDetector(), Map.of(Blocklist.DOMAINS, "c2.example"));

        Vote byHost = agent.judge(new SecurityEvent(agent.nextId(), AgentDriver.T0, "dns", "dns_query", "success", null,
                new SecurityEvent.Endpoint(null, null, "beacon.c2.example", null), null,
                new SecurityEvent.Host("WS-7.corp.local"), null, null, null, Map.of()));
        Vote byNobody = agent.judge(new SecurityEvent(agent.nextId(), AgentDriver.T0, "dns", "dns_query", "success", null,
                new SecurityEvent.Endpoint(null, null, "C2.Example", null), null, null, null, null, null, Map.of()));
        Vote toAddress = agent.judge(new SecurityEvent(agent.nextId(), AgentDriver.T0, "network", "connection", "success",
                null, SecurityEvent.Endpoint.of("203.0.113.9", 443), null, null, null, null, null, Map.of()));
        Vote mapped = agent.judge(agent.flow(AgentDriver.T0, "::ffff:10.0.1.12", "203.0.113.77", 443, "SF", "success", 1));

        assertThat(byHost).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.host("ws-7"), "bad_indicator");
        assertThat(byNobody).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.domain("c2.example"), "bad_indicator");
        assertThat(toAddress).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("203.0.113.9"), "bad_indicator");
        assertThat(mapped).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
    }

    @Test
    void shouldRefuseABlocklistEntryThatIsNotAnAddress() {
        assertThatThrownBy(() -> new AgentDriver(new ThreatIntelDetector(),
                Map.of(Blocklist.BLOCKLIST, "203.0.113.0/24,evil.example.com")).close())
                .hasStackTraceContaining("'evil.example.com' is not an IP address or CIDR range");
    }
}
