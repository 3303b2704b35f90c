package io.socswarm.agents.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkAgentTopologyTest {
    private AgentDriver agent;

    @BeforeEach
    void setUp() {
        agent = new AgentDriver(new NetworkDetector(), Map.of());
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    @Test
    void shouldFlagARejectedInboundAttemptFromOutsideAsAScanProbe() {
        SecurityEvent probe = agent.flow(AgentDriver.T0, "45.33.12.7", "10.0.0.12", 3389, "REJ", "failure", 0);

        agent.send(probe);

        TestRecord<String, Vote> record = agent.votes.readRecord();
        assertThat(record.key()).isEqualTo(probe.id());
        Vote vote = record.value();
        assertThat(vote.agent()).isEqualTo("network");
        assertThat(vote.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(vote.reasons()).singleElement().asString()
                .contains("Unsolicited inbound", "45.33.12.7", "10.0.0.12:3389", "not an exposed service", "REJ");
        assertThat(vote.evidence()).containsEntry("direction", "inbound").containsEntry("state", "REJ");
        assertThat(vote).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("45.33.12.7"), "unsolicited_inbound");
        assertThat(agent.votes.isEmpty()).isTrue();
    }

    @Test
    void shouldCallVeryLargeOutboundTransfersExfiltration() {
        Vote large = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "91.2.3.4", 443, "SF", "success", 120_000_000L));
        Vote huge = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.13", "91.2.3.4", 443, "SF", "success", 900_000_000L));
        Vote justUnder = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.14", "91.2.3.4", 443, "SF", "success", 49_999_999L));

        assertThat(large.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(large.reasons().get(0)).contains("120 MB", "91.2.3.4:443", "exfiltration threshold");
        assertThat(((Number) large.evidence().get("bytes_out")).longValue()).isEqualTo(120_000_000L);
        assertThat(huge.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(justUnder.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(large).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "exfiltration");
        assertThat(huge).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.13"), "exfiltration");
    }

    @Test
    void shouldFlagAnsweredConnectionsToBackdoorPortsButNotOrdinaryOnes() {
        Vote beacon = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "185.7.7.7", 4444, "SF", "success", 400));
        Vote https = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.9", 443, "SF", "success", 40_000));
        Vote internal = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "10.0.0.20", 8081, "SF", "success", 400));

        assertThat(beacon.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(beacon.reasons().get(0)).contains("185.7.7.7:4444", "port 4444", "backdoor");
        assertThat(beacon.evidence()).containsEntry("bad_port", 4444);
        assertThat(beacon).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "backdoor_port");
        assertThat(https.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(https.reasons().get(0)).contains("10.0.1.12 -> 198.51.100.9:443", "looks ordinary");
        assertThat(internal.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldHonourConfiguredHomeNetworksAndThresholds() {
        agent.close();
        agent = new AgentDriver(new NetworkDetector(), Map.of("swarm.site.home.networks", "172.16.0.0/12",
                NetworkDetector.EXFIL_BYTES, "1000", "swarm.network.bad.ports", "31337"));

        Vote tenNetIsNowOutside = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "172.16.5.5", 22, "REJ", "failure", 0));
        Vote beaconOnAllowedPort = agent.judge(agent.flow(AgentDriver.T0, "172.16.1.1", "185.7.7.7", 4444, "SF", "success", 10));
        Vote smallExfil = agent.judge(agent.flow(AgentDriver.T0, "172.16.1.1", "185.7.7.7", 443, "SF", "success", 5000));

        assertThat(tenNetIsNowOutside.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(beaconOnAllowedPort.verdict()).as("4444 is no longer a listed backdoor port").isEqualTo(Verdict.SAFE);
        assertThat(smallExfil.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void shouldNameNeitherSuspectNorFindingInSafeVotes() {
        Vote ordinary = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.9", 443, "SF", "success", 400));
        Vote bare = agent.judge(new SecurityEvent("bare-2", AgentDriver.T0, "network", "connection", null, null, null,
                null, null, null, "no addresses", null, Map.of()));
        Vote belowThreshold = agent.judge(agent.flow(AgentDriver.T0, "10.0.1.14", "91.2.3.4", 443, "SF", "success",
                49_999_999L));

        assertThat(List.of(ordinary, bare, belowThreshold)).allSatisfy(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.SAFE);
            assertThat(v.suspect()).isNull();
            assertThat(v.finding()).isNull();
        });
    }

    @Test
    void shouldNameASourceWrittenAsIpv4MappedIpv6ByItsIpv4Address() {
        Vote probe = agent.judge(agent.flow(AgentDriver.T0, "::ffff:45.33.12.7", "10.0.0.12", 3389, "REJ", "failure", 0));

        assertThat(probe.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(probe.suspect()).isEqualTo(Suspect.ip("45.33.12.7"));
    }

    @Test
    void shouldVoteOnEventsWithoutAddressesRatherThanDropThem() {
        SecurityEvent bare = new SecurityEvent("bare-1", AgentDriver.T0, "network", "connection", null, null, null,
                null, null, null, "a flow record without its addresses", null, Map.of());

        Vote vote = agent.judge(bare);

        assertThat(vote.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(vote.confidence()).isLessThan(0.5);
    }

    @Test
    void shouldRoutePoisonToDeadLettersAndKeepVoting() {
        agent.close();
        agent = new AgentDriver(new NetworkDetector(), Map.of(), true);
        byte[] poison = "{\"id\": 12, \"timestamp\": ".getBytes(StandardCharsets.UTF_8);

        agent.rawEvents.pipeInput("bad-1".getBytes(StandardCharsets.UTF_8), poison);
        SecurityEvent good = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.9", 443, "SF", "success", 100);
        agent.send(good);

        var dead = agent.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("bad-1".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead.headers().lastHeader(DeadLetterHeaders.APP).value())).isEqualTo("soc-agent-network");
        assertThat(header(dead.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value())).isEqualTo("raw-events");
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CLASS)).isNotNull();
        assertThat(agent.deadLetters.isEmpty()).isTrue();
        assertThat(agent.votes.readValuesToList()).extracting(Vote::eventId).containsExactly(good.id());
    }

    @Test
    void shouldJudgeConnectionsKeyedByTheirSourceWhereTheyArriveAndRepartitionOnlyTheOthers() {
        String repartition = "soc-agent-network-network-by-entity-repartition";
        // A login is outside the network agent's scope: neither judged nor sent through the hop.
        agent.send(agent.login(AgentDriver.T0, "alice", "10.0.1.10", null, "success"));
        assertThat(agent.votes.readValuesToList()).isEmpty();
        assertThat(agent.eventsThrough(repartition)).isEmpty();

        // raw-events is keyed by source address: the task that reads a connection holds its source's windows.
        SecurityEvent keyedBySource = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500);
        Vote flow = agent.judge(keyedBySource);
        assertThat(agent.eventsThrough(repartition)).isEmpty();

        // A producer that keys by something else still gets each source counted in one task, through the hop.
        SecurityEvent keyedById = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.8", 443, "SF", "success", 500);
        agent.events.pipeInput(keyedById.id(), keyedById, keyedById.timestamp());
        assertThat(agent.votes.readValuesToList()).extracting(Vote::eventId).containsExactly(keyedById.id());
        assertThat(agent.eventsThrough(repartition)).containsExactly(keyedById.id());

        assertThat(flow.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldRepartitionBySourceThroughANamedTopicAndNameEveryStore() {
        var topology = io.socswarm.agents.AgentTopology.buildTopology(new NetworkDetector(),
                io.socswarm.runtime.SwarmConfig.of(Map.of()));
        var description = topology.describe();
        List<String> processors = description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream()).map(TopologyDescription.Node::name).sorted().toList();
        assertThat(processors).contains("network-read-raw-events", "network-split", "network-key-by-entity",
                "network-rejoin", "network-judge", "network-key-by-event", "network-write-votes");
        assertThat(description.toString()).contains("network-by-entity-repartition");
        // The judge reads raw-events (events it keeps no state about) and the repartition topic (connections).
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node.name().equals("network-judge")).findFirst().orElseThrow())
                .satisfies(node -> assertThat(((TopologyDescription.Processor) node).stores()).containsExactlyInAnyOrder(
                        NetworkDetector.ACTIVITY_STORE, NetworkDetector.BEACON_STORE, NetworkDetector.VOLUME_STORE));
    }

    private static String header(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
