package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.SecurityEvent;
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
    }

    @Test
    void shouldRefuseABlocklistEntryThatIsNotAnAddress() {
        assertThatThrownBy(() -> new AgentDriver(new ThreatIntelDetector(),
                Map.of(Blocklist.BLOCKLIST, "203.0.113.0/24,evil.example.com")).close())
                .hasStackTraceContaining("'evil.example.com' is not an IP address or CIDR range");
    }
}
