package io.socswarm.agents.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentDriver;
import io.socswarm.agents.AgentTopology;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityAgentTopologyTest {
    private static final Geo BERLIN = new Geo("DE", "Berlin", 52.52, 13.40);
    private static final Geo POTSDAM = new Geo("DE", "Potsdam", 52.39, 13.06);
    private static final Geo SAO_PAULO = new Geo("BR", "São Paulo", -23.55, -46.63);
    private static final Geo PARIS = new Geo("FR", "Paris", 48.86, 2.35);

    private AgentDriver agent;

    @BeforeEach
    void setUp() {
        agent = new AgentDriver(new IdentityDetector(), Map.of());
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    @Test
    void shouldCallALoginFromTheOtherSideOfTheWorldMinutesLaterImpossibleTravel() {
        Vote office = agent.judge(agent.login(AgentDriver.T0, "alice", "10.0.1.10", BERLIN, "success"));
        Vote far = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(12)), "Alice", "91.20.30.40",
                SAO_PAULO, "success"));

        assertThat(office.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(far.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(far.reasons().get(0)).contains("alice", "São Paulo, BR", "Berlin, DE", "12 minutes", "impossible travel");
        assertThat(((Number) far.evidence().get("distance_km")).longValue()).isBetween(10_150L, 10_350L);
        assertThat(((Number) far.evidence().get("minutes_between")).longValue()).isEqualTo(12L);
    }

    @Test
    void shouldAcceptTravelThatIsPossible() {
        agent.judge(agent.login(AgentDriver.T0, "bob", "10.0.1.11", BERLIN, "success"));
        Vote nearby = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(5)), "bob", "10.0.1.11", POTSDAM, "success"));
        Vote flight = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(14)), "bob", "10.0.7.7", SAO_PAULO, "success"));

        assertThat(nearby.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(flight.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldFlagAnExternalLoginFromACountryTheUserNeverUsed() {
        agent.judge(agent.login(AgentDriver.T0, "carol", "10.0.1.12", BERLIN, "success"));
        Vote paris = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(3)), "carol", "45.1.2.3", PARIS, "success"));

        assertThat(paris.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(paris.reasons().get(0)).contains("carol", "45.1.2.3", "FR", "first time", "DE");
    }

    @Test
    void shouldNotLetALateOlderLoginMoveTheUser() {
        agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(1)), "dave", "10.0.1.13", BERLIN, "success"));
        // Arrives later, happened earlier, far away but hours before: possible travel, and not the latest place.
        Vote older = agent.judge(agent.login(AgentDriver.T0.minus(Duration.ofHours(20)), "dave", "10.0.9.9", SAO_PAULO, "success"));
        Vote next = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(1).plusMinutes(10)), "dave", "10.0.1.13",
                BERLIN, "success"));

        assertThat(older.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(next.verdict()).isEqualTo(Verdict.SAFE);
        KeyValueStore<String, UserProfile> store = agent.driver.getKeyValueStore(IdentityDetector.STORE);
        UserProfile dave = store.get("dave");
        assertThat(dave.lastCity()).isEqualTo("Berlin");
        assertThat(dave.countries()).containsExactlyInAnyOrder("DE", "BR");
        assertThat(dave.logins()).isEqualTo(3);
    }

    @Test
    void shouldFlagFailedLoginsFromOutsideAndForgiveAnInternalTypo() {
        Vote guessed = agent.judge(agent.login(AgentDriver.T0, "root", "185.2.3.4", null, "failure"));
        Vote sprayed = agent.judge(agent.login(AgentDriver.T0, "erin", "185.2.3.4", null, "failure"));
        Vote typo = agent.judge(agent.login(AgentDriver.T0, "erin", "10.0.1.14", BERLIN, "failure"));

        assertThat(guessed.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(guessed.reasons().get(0)).contains("commonly guessed account root", "185.2.3.4");
        assertThat(sprayed.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(typo.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldVoteSafeWithLowConfidenceOnEventsThatAreNotLogins() {
        SecurityEvent dns = new SecurityEvent("dns-1", AgentDriver.T0, "dns", "dns_query", "success",
                SecurityEvent.Endpoint.ip("10.0.1.10"), null, null, null, null, null, null, Map.of());

        Vote vote = agent.judge(dns);

        assertThat(vote.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(vote.confidence()).isLessThan(0.5);
        assertThat(vote.eventId()).isEqualTo("dns-1");
    }

    @Test
    void shouldKeyVotesByEventIdAfterRepartitioningByUser() {
        SecurityEvent login = agent.login(AgentDriver.T0, "frank", "10.0.1.15", BERLIN, "success");

        agent.send(login);

        var record = agent.votes.readRecord();
        assertThat(record.key()).isEqualTo(login.id());
        assertThat(record.timestamp()).isEqualTo(AgentDriver.T0.toEpochMilli());
        assertThat(agent.votes.isEmpty()).isTrue();
    }

    @Test
    void shouldNameTheRepartitionTopicTheStoreAndEveryProcessor() {
        Topology topology = AgentTopology.buildTopology(new IdentityDetector(), SwarmConfig.of(Map.of()));
        TopologyDescription description = topology.describe();

        Set<String> topics = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                nodes.add(n.name());
                if (n instanceof TopologyDescription.Source src) {
                    topics.addAll(src.topicSet());
                }
                if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertThat(stores).containsExactly(IdentityDetector.STORE);
        assertThat(topics).containsExactlyInAnyOrder("raw-events", "identity-by-entity-repartition");
        assertThat(nodes).containsExactlyInAnyOrder("identity-read-raw-events", "identity-key-by-entity",
                "identity-by-entity-repartition-filter", "identity-by-entity-repartition-sink",
                "identity-by-entity-repartition-source", "identity-judge", "identity-key-by-event",
                "identity-write-votes");
        assertThat(description.subtopologies()).hasSize(2);
        assertThat(List.copyOf(nodes)).noneMatch(n -> n.matches(".*-\\d{10}$"));
    }
}
