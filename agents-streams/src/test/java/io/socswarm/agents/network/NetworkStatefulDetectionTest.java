package io.socswarm.agents.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.agents.AgentDriver;
import io.socswarm.agents.Site;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The network agent's judgements that need memory: what a source did within its event-time
 * window, through the production topology (repartitioned by source, window stores).
 */
class NetworkStatefulDetectionTest {
    private static final Instant T0 = AgentDriver.T0;
    private AgentDriver agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    private void start(Map<String, String> settings) {
        agent = new AgentDriver(new NetworkDetector(), settings);
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void shouldFlagAVerticalScanOnceDistinctUnansweredPortsCrossTheThreshold() {
        start(Map.of());
        List<Vote> votes = new ArrayList<>();
        for (int port = 1; port <= 10; port++) {
            votes.add(agent.judge(agent.flow(at(port * 1000L), "10.0.0.66", "10.0.0.5", port, "REJ", "failure", 0)));
        }
        Vote answered = agent.judge(agent.flow(at(11_000), "10.0.0.66", "10.0.0.7", 22, "SF", "success", 900));

        assertThat(votes.subList(0, 9)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        Vote tenth = votes.get(9);
        assertThat(tenth.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(tenth.reasons().get(0)).contains("10.0.0.66 is running a port scan", "10 unanswered probes",
                "10 distinct ports on 10.0.0.5", "to 1 hosts in 60 s", "This probe is part of it");
        assertThat(tenth.evidence()).containsEntry("scan", "port scan").containsEntry("unanswered_probes", 10)
                .containsEntry("max_ports_on_one_host", 10).containsEntry("window_seconds", 60);
        assertThat(answered.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(answered.reasons().get(0)).contains("10 unanswered probes", "comes from the scanning source");
        assertThat(tenth).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.66"), "port_scan");
        assertThat(answered).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.66"), "port_scan");
        assertThat(votes.subList(0, 9)).extracting(Vote::suspect, Vote::finding).containsOnly(tuple(null, null));
    }

    @Test
    void shouldCallAScanWithDozensOfUnansweredProbesMaliciousButNotItsAnsweredConnections() {
        start(Map.of("swarm.network.scan.malicious.probes", "12"));
        Vote last = null;
        for (int port = 1; port <= 12; port++) {
            last = agent.judge(agent.flow(at(port * 100L), "45.9.1.2", "10.0.0.5", port, "S0", "failure", 0));
        }
        Vote answered = agent.judge(agent.flow(at(1_500), "45.9.1.2", "10.0.0.5", 443, "SF", "success", 500));

        assertThat(last.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(last.confidence()).isEqualTo(0.9);
        assertThat(last.reasons().get(0)).contains("12 unanswered probes", "12 distinct ports on 10.0.0.5");
        assertThat(last.reasons()).anySatisfy(r -> assertThat(r).contains("Unsolicited inbound", "12 unsolicited attempts"));
        assertThat(answered.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        // The scan outranks the unsolicited attempt it also is: the vote is of the scan's class.
        assertThat(last).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("45.9.1.2"), "port_scan");
    }

    @Test
    void shouldFlagAHorizontalSweepOfOnePortAcrossHosts() {
        start(Map.of());
        List<Vote> votes = new ArrayList<>();
        for (int host = 1; host <= 10; host++) {
            votes.add(agent.judge(agent.flow(at(host * 500L), "10.0.0.66", "10.0.1." + host, 3389, "S0", "failure", 0)));
        }

        assertThat(votes.subList(0, 9)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        assertThat(votes.get(9).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(votes.get(9).reasons().get(0)).contains("running a host sweep", "port 3389 on 10 hosts",
                "10 unanswered probes");
        assertThat(votes.get(9).evidence()).containsEntry("max_hosts_on_one_port", 10).containsEntry("unanswered_hosts", 10);
        assertThat(votes.get(9)).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.66"), "host_sweep");
    }

    @Test
    void shouldNotFlagABusyInternalClientReachingManyHostsOnHttps() {
        start(Map.of());
        List<Vote> votes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            votes.add(agent.judge(agent.flow(at(i * 1000L), "10.0.0.70", "198.51.100." + i, 443, "SF", "success", 4000)));
        }
        // A dozen sites that did not answer: ordinary for a browser, far from the sweep threshold for common ports.
        for (int i = 1; i <= 12; i++) {
            votes.add(agent.judge(agent.flow(at(41_000 + i * 100L), "10.0.0.70", "203.0.113." + i, 443, "S0", "failure", 0)));
        }

        assertThat(votes).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
    }

    @Test
    void shouldCountOutOfOrderProbesWithinGraceAndJudgeLateOnesAlone() {
        start(Map.of());
        for (int port = 1; port <= 9; port++) {
            agent.judge(agent.flow(at(port * 1000L), "10.0.0.66", "10.0.0.5", port, "REJ", "failure", 0));
        }
        Vote newest = agent.judge(agent.flow(at(50_000), "10.0.0.66", "10.0.0.6", 100, "REJ", "failure", 0));
        // 25 s behind the newest event: within the 30 s grace, so it still joins its window.
        Vote outOfOrder = agent.judge(agent.flow(at(25_000), "10.0.0.66", "10.0.0.5", 200, "REJ", "failure", 0));
        // 35 s behind: its window closed 5 s ago.
        Vote late = agent.judge(agent.flow(at(15_000), "10.0.0.66", "10.0.0.5", 300, "REJ", "failure", 0));

        assertThat(newest.verdict()).as("9 ports on one host, 1 on another").isEqualTo(Verdict.SAFE);
        assertThat(outOfOrder.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(outOfOrder.reasons().get(0)).contains("10 distinct ports on 10.0.0.5");
        assertThat(outOfOrder).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.66"), "port_scan");
        assertThat(late.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(late.reasons()).anySatisfy(r -> assertThat(r).contains("Arrived 5 s after its 60 s window closed",
                "grace 30 s", "judged on its own"));
        assertThat(late.evidence()).containsEntry("late_ms", 5000);
    }

    @Test
    void shouldFlagARegularBeaconButNotJitteryRepeats() {
        start(Map.of());
        long[] regular = {0, 10_000, 20_200, 30_000, 40_100, 49_900, 60_000, 70_000, 80_100, 90_000};
        List<Vote> beacon = new ArrayList<>();
        for (long t : regular) {
            beacon.add(agent.judge(agent.flow(at(t), "10.0.0.9", "185.100.1.1", 7000, "SF", "success", 300)));
        }
        long[] jittery = {0, 3_000, 28_000, 35_000, 75_000, 87_000, 147_000, 152_000, 182_000, 200_000};
        List<Vote> repeats = new ArrayList<>();
        for (long t : jittery) {
            repeats.add(agent.judge(agent.flow(at(t), "10.0.0.10", "185.100.1.1", 7000, "SF", "success", 300)));
        }

        assertThat(beacon.subList(0, 7)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        Vote last = beacon.get(9);
        assertThat(last.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(last.reasons().get(0)).contains("10.0.0.9 beacons to external 185.100.1.1:7000",
                "10 connections, one every 10 s (± 0.1 s)", "uncommon port 7000");
        assertThat(last.evidence()).containsEntry("beacon_connections", 10).containsEntry("beacon_interval_ms", 10_000);
        // The suspect is the internal host that beacons, not the server it calls.
        assertThat(last).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.9"), "beaconing");
        assertThat(repeats).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
    }

    @Test
    void shouldStillCountABeatThatArrivesPastTheGraceInTheHourLongBeaconWindow() {
        start(Map.of());
        for (int i = 0; i < 9; i++) {
            agent.judge(agent.flow(at(i * 10_000L), "10.0.0.9", "185.100.1.1", 7000, "SF", "success", 300));
        }
        // Another partition's events pushed stream time ten minutes ahead, as a bulk replay does.
        agent.judge(agent.flow(at(600_000), "10.0.0.12", "10.0.0.53", 53, "SF", "success", 60));

        Vote late = agent.judge(agent.flow(at(90_000), "10.0.0.9", "185.100.1.1", 7000, "SF", "success", 300));

        assertThat(late.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(late.reasons().get(0)).contains("10.0.0.9 beacons to external 185.100.1.1:7000",
                "10 connections, one every 10 s");
        assertThat(late.reasons()).anySatisfy(r -> assertThat(r).contains("after its 60 s window closed"));
        assertThat(late).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.9"), "beaconing");
    }

    @Test
    void shouldHearABeaconThatAlternatesTwoSleeps() {
        start(Map.of());
        // An implant calling a dead server home: unanswered attempts 9 s, then 14 s, then 9 s apart …
        long t = 0;
        Vote last = null;
        for (int i = 0; i < 11; i++) {
            last = agent.judge(agent.flow(at(t), "10.0.0.9", "41.108.1.1", 1177, "S0", "failure", 0));
            t += i % 2 == 0 ? 9_000 : 14_000;
        }

        assertThat(last.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(last.reasons().get(0)).contains("10.0.0.9 beacons to external 41.108.1.1:1177",
                "11 connections, two every 23 s (± 0 s)", "uncommon port 1177");
        assertThat(last.evidence()).containsEntry("beacon_stride", 2).containsEntry("beacon_interval_ms", 23_000);
    }

    @Test
    void shouldCallARegularBeaconToABackdoorPortMaliciousAndASlowKeepaliveOrdinary() {
        start(Map.of());
        Vote c2 = null;
        for (int i = 0; i < 8; i++) {
            c2 = agent.judge(agent.flow(at(i * 5_000L), "10.0.0.9", "185.100.1.2", 4444, "SF", "success", 120));
        }
        Vote keepalive = null;
        for (int i = 0; i < 10; i++) {
            keepalive = agent.judge(agent.flow(at(i * 300_000L), "10.0.0.11", "91.228.1.1", 8883, "SF", "success", 31));
        }

        assertThat(c2.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(c2.reasons().get(0)).contains("8 connections, one every 5 s", "backdoor port 4444", "command-and-control");
        // Also an answered connection to a backdoor port, but the MALICIOUS beacon is what the vote is about.
        assertThat(c2).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.9"), "beaconing");
        assertThat(keepalive).extracting(Vote::suspect, Vote::finding).containsExactly(null, null);
        assertThat(keepalive.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(keepalive.reasons()).anySatisfy(r -> assertThat(r).contains("every 5 min", "keepalive"));
    }

    @Test
    void shouldSumOutboundBytesPerDestinationOverTheExfiltrationWindow() {
        start(Map.of());
        Vote first = agent.judge(agent.flow(at(0), "10.0.1.50", "91.2.3.4", 443, "SF", "success", 20_000_000L));
        Vote second = agent.judge(agent.flow(at(600_000), "10.0.1.50", "91.2.3.4", 443, "SF", "success", 20_000_000L));
        Vote elsewhere = agent.judge(agent.flow(at(700_000), "10.0.1.50", "91.9.9.9", 443, "SF", "success", 20_000_000L));
        Vote third = agent.judge(agent.flow(at(1_200_000), "10.0.1.50", "91.2.3.4", 443, "SF", "success", 20_000_000L));
        Vote afterWindow = agent.judge(agent.flow(at(4_300_000), "10.0.1.50", "91.2.3.4", 443, "SF", "success", 20_000_000L));

        assertThat(List.of(first, second, elsewhere)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        assertThat(third.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(third.reasons().get(0)).contains("sent 60 MB to external 91.2.3.4 in 3 flows within 60 min",
                "50 MB exfiltration threshold");
        assertThat(third.evidence()).containsEntry("bytes_out_window", 60_000_000).containsEntry("flows_window", 3);
        assertThat(third).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.50"), "exfiltration");
        assertThat(afterWindow.verdict()).as("the first two flows left the hour").isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldFlagUnsolicitedInboundAttemptsButNotVisitsToAnExposedService() {
        start(Map.of(Site.EXPOSED_SERVICES, "10.0.0.80:443, 10.0.0.90:*"));
        Vote web = agent.judge(agent.flow(at(0), "203.0.113.7", "10.0.0.80", 443, "SF", "success", 800));
        Vote anyPort = agent.judge(agent.flow(at(100), "203.0.113.7", "10.0.0.90", 8081, "SF", "success", 800));
        Vote ssh = agent.judge(agent.flow(at(200), "203.0.113.7", "10.0.0.80", 22, "SF", "success", 800));
        Vote refused = null;
        for (int i = 0; i < 4; i++) {
            refused = agent.judge(agent.flow(at(300 + i), "203.0.113.7", "10.0.0.81", 3389, "REJ", "failure", 0));
        }

        assertThat(web.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(anyPort.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(ssh.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(ssh.confidence()).isEqualTo(0.6);
        assertThat(ssh.reasons().get(0)).contains("Unsolicited inbound attempt from external 203.0.113.7 to 10.0.0.80:22",
                "not an exposed service", "was answered");
        assertThat(refused.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(refused.confidence()).as("refused and repeated").isEqualTo(0.8);
        assertThat(refused.reasons().get(0)).contains("refused or unanswered (state REJ)",
                "5 unsolicited attempts (4 unanswered) to 2 internal services from it in 60 s");
        assertThat(refused.evidence()).containsEntry("unsolicited_attempts", 5).containsEntry("exposed", false);
        assertThat(ssh).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("203.0.113.7"), "unsolicited_inbound");
        assertThat(refused).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("203.0.113.7"), "unsolicited_inbound");
        assertThat(web).extracting(Vote::suspect, Vote::finding).containsExactly(null, null);
    }

    @Test
    void shouldFlagManyConnectionsToOneLoginServiceAsBruteForce() {
        start(Map.of());
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            votes.add(agent.judge(agent.flow(at(i * 2_000L), "10.0.0.66", "10.0.0.10", 22, i % 2 == 0 ? "SF" : "RSTO",
                    "success", 1500)));
        }

        assertThat(votes.subList(0, 19)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        Vote last = votes.get(19);
        assertThat(last.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(last.reasons().get(0)).contains("10.0.0.66 opened 20 connections (10 unanswered)",
                "login service 10.0.0.10:22 in 60 s", "brute force");
        assertThat(last.evidence()).containsEntry("service_attempts", 20).containsEntry("service_attempts_unanswered", 10);
        assertThat(last).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.0.66"), "brute_force");
    }

    @Test
    void shouldRejectAMalformedExposedServiceInOneSentence() {
        Map<String, String> settings = new HashMap<>();
        settings.put(Site.EXPOSED_SERVICES, "10.0.0.80");

        assertThatThrownBy(() -> Site.from(SwarmConfig.of(settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("swarm.site.exposed.services entry '10.0.0.80' is not IP:PORT, CIDR:PORT or IP:* "
                        + "(IPv6 as [ADDRESS]:PORT)");
    }

    @Test
    void shouldNotLetAConnectionStampedAnHourAheadBlindTheScanDetector() {
        start(Map.of());
        Instant now = AgentDriver.WALL_CLOCK;
        // The scanner's own log line claims to come from the future: on a clock that took it, every probe after it
        // would be an hour late, judged alone, and the scan unseen.
        Vote forged = agent.judge(agent.flow(now.plus(Duration.ofMinutes(59)), "10.0.0.66", "10.0.0.9", 80, "REJ",
                "failure", 0));
        List<Vote> probes = new ArrayList<>();
        for (int port = 1; port <= 10; port++) {
            probes.add(agent.judge(agent.flow(now.plusSeconds(port), "10.0.0.66", "10.0.0.5", port, "REJ", "failure", 0)));
        }

        assertThat(forged.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(forged.reasons()).anySatisfy(r -> assertThat(r).contains("Stamped 59 min ahead of this agent's clock",
                "more than the grace (30 s)", "judged on its own"));
        assertThat(forged.evidence()).containsEntry("ahead_ms", 3_540_000);
        assertThat(probes.get(9).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(probes.get(9).reasons().get(0)).contains("10 unanswered probes", "10 distinct ports on 10.0.0.5");
    }

    @Test
    void shouldCountAConnectionStampedAheadWithinTheGraceAsAnyOther() {
        start(Map.of());
        Instant now = AgentDriver.WALL_CLOCK;
        List<Vote> probes = new ArrayList<>();
        // A log source whose clock runs 20 s fast: within the 30 s grace, its events are counted as usual.
        for (int port = 1; port <= 10; port++) {
            probes.add(agent.judge(agent.flow(now.plusSeconds(20).plusMillis(port), "10.0.0.66", "10.0.0.5", port, "REJ",
                    "failure", 0)));
        }

        assertThat(probes.get(9).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(probes).allSatisfy(v -> assertThat(v.evidence()).doesNotContainKey("ahead_ms"));
    }
}
