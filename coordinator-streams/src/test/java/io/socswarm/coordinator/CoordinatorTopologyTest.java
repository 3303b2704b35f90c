package io.socswarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.AgentPrecision;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Decision;
import io.socswarm.model.DecisionSerde;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Skip;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.PolicyException;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorTopologyTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final Topics TOPICS = Topics.defaults();
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of(
            "bootstrap.servers", "unused:9092",
            // A directory of its own: test runs elsewhere on this machine must not share RocksDB locks.
            "swarm.state.dir", tempStateDir(),
            CoordinatorSettings.TIMEOUT, "5000",
            CoordinatorSettings.PUNCTUATE, "1000"));

    private static String tempStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("coordinator-test-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TopologyTestDriver driver;
    private TestInputTopic<String, SecurityEvent> events;
    private TestInputTopic<byte[], byte[]> rawVotes;
    /** The topics ballots are piped to: one votes topic for all agents, unless a test gives each its own. */
    private Topics topics = TOPICS;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Topology topology = CoordinatorTopology.buildTopology(CONFIG);
        driver = new TopologyTestDriver(topology, StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, CONFIG), START);
        events = driver.createInputTopic(TOPICS.rawEvents().name(), new StringSerializer(),
                TOPICS.rawEvents().valueSerde().serializer());
        rawVotes = driver.createInputTopic(TOPICS.votes("network").name(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions().name(),
                TOPICS.decisions().keySerde().deserializer(), TOPICS.decisions().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(),
                TOPICS.deadLetters().keySerde().deserializer(), TOPICS.deadLetters().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static SecurityEvent event(String id) {
        return new SecurityEvent(id, START, "authentication", "ssh_login", "failure",
                SecurityEvent.Endpoint.ip("45.1.2.3"), SecurityEvent.Endpoint.of("10.0.0.10", 22),
                SecurityEvent.User.named("root"), null, null, null, null, Map.of("label", "ssh_brute_force"));
    }

    private static Vote vote(String id, String agent, Verdict verdict) {
        return new Vote(id, agent, verdict, 0.8, List.of(agent + " says " + verdict), Map.of("n", 1), START);
    }

    private void send(SecurityEvent e) {
        events.pipeInput(EntityKeys.of(e), e, e.timestamp());
    }

    private void send(Vote v) {
        pipe(v.eventId(), v, START);
    }

    /**
     * A ballot on the votes topic of the agent it names, as that agent writes it; a ballot of an agent the
     * swarm does not know goes where a rogue writer could put it, on the network agent's topic.
     */
    private void pipe(String key, Ballot ballot, Instant at) {
        String agent = Topics.AGENTS.contains(ballot.agent()) ? ballot.agent() : "network";
        pipe(agent, key, ballot, at);
    }

    private void pipe(String topicOf, String key, Ballot ballot, Instant at) {
        driver.createInputTopic(topics.votes(topicOf).name(), new StringSerializer(), Topics.BALLOT_SERDE.serializer())
                .pipeInput(key, ballot, at);
    }

    /** A marker from an agent that writes votes from one task per partition: it has judged raw-events 0 up to offset. */
    private void progress(String agent, long offset) {
        AgentProgress marker = new AgentProgress(agent, 0, offset, 0, 1, wallClock());
        pipe(marker.key(), marker, START);
    }

    private Instant wallClock() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    private void advance(Duration d) {
        elapsed = elapsed.plus(d);
        driver.advanceWallClockTime(d);
    }

    /** Lets seconds pass, second by second, while the named agents are alive: idle, they say so every second. */
    private void tick(int seconds, String... alive) {
        for (int s = 0; s < seconds; s++) {
            advance(Duration.ofSeconds(1));
            for (String agent : alive) {
                AgentProgress heartbeat = new AgentProgress(agent, 0, AgentProgress.HELLO, 0, 1, wallClock());
                pipe(heartbeat.key(), heartbeat, Instant.ofEpochMilli(0));
            }
        }
    }

    @Test
    void shouldWaitForAnAgentThatIsBehindAsLongAsItKeepsMoving() {
        // Twenty events; threat-intel works through them one a second, four times slower than the timeout allows.
        for (int i = 0; i < 20; i++) {
            send(event("e" + i));
            send(vote("e" + i, "network", Verdict.SAFE));
            send(vote("e" + i, "identity", Verdict.SAFE));
        }
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofSeconds(1));
            send(vote("e" + i, "threat-intel", Verdict.SAFE));
            progress("threat-intel", i);
        }

        List<Decision> out = decisions.readValuesToList();
        assertThat(out).extracting(Decision::eventId).hasSize(20).doesNotHaveDuplicates();
        assertThat(out).allSatisfy(d -> assertThat(d.missingAgents()).isEmpty());
    }

    @Test
    void shouldDecideAtOnceWhenAnAgentJudgedPastAnEventWithoutVotingOnIt() {
        send(event("e1"));
        send(event("e2"));
        for (String id : List.of("e1", "e2")) {
            send(vote(id, "network", Verdict.SAFE));
            send(vote(id, "identity", Verdict.SAFE));
        }
        send(vote("e2", "threat-intel", Verdict.SAFE));
        assertThat(decisions.readValuesToList()).extracting(Decision::eventId).containsExactly("e2");

        // threat-intel has judged both (its record of e1 went to its dead letters, say): e1's vote will not come.
        progress("threat-intel", 1);

        Decision e1 = decisions.readValue();
        assertThat(e1.eventId()).isEqualTo("e1");
        assertThat(e1.missingAgents()).containsExactly("threat-intel");
        assertThat(e1.verdict()).isEqualTo(Severity.WARNING);
        assertThat(decisions.isEmpty()).isTrue();
    }

    /** A marker from an agent that writes votes only for findings: its silence on passed events is SAFE. */
    private void findingsProgress(String agent, long offset) {
        AgentProgress marker = new AgentProgress(agent, 0, offset, 0, 1, wallClock(), true);
        pipe(marker.key(), marker, START);
    }

    @Test
    void shouldTakeTheSilenceOfAFindingsOnlyAgentThatPassedAnEventForNoFindingAndListIt() {
        send(event("e0"));
        send(event("e1"));
        send(vote("e1", "network", Verdict.MALICIOUS));
        findingsProgress("network", 1);
        findingsProgress("identity", 0);
        // threat-intel has not passed e0 yet: nothing is decided while it may still find something.
        assertThat(decisions.isEmpty()).isTrue();
        findingsProgress("threat-intel", 1);

        TestRecord<String, Decision> record = decisions.readRecord();
        Decision e0 = record.value();
        assertThat(e0.eventId()).isEqualTo("e0");
        assertThat(e0.verdict()).isEqualTo(Severity.SAFE);
        // The header that lets the incident builder pass SAFE decisions over unparsed.
        assertThat(DecisionSerde.saidSafe(record.headers())).isTrue();
        assertThat(e0.missingAgents()).isEmpty();
        assertThat(e0.votes()).extracting(Vote::agent).containsExactly("identity", "network", "threat-intel");
        assertThat(e0.votes()).allSatisfy(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.SAFE);
            assertThat(v.reasons()).containsExactly(VoteJoiner.NO_FINDING);
        });
        // identity has not passed e1: it is waited for, though network found something.
        assertThat(decisions.isEmpty()).isTrue();
        findingsProgress("identity", 1);
        record = decisions.readRecord();
        Decision e1 = record.value();
        assertThat(e1.eventId()).isEqualTo("e1");
        assertThat(e1.verdict()).isEqualTo(Severity.WARNING);
        assertThat(new String(record.headers().lastHeader(DecisionSerde.SEVERITY_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("WARNING");
        assertThat(DecisionSerde.saidSafe(record.headers())).isFalse();
        assertThat(e1.votes()).filteredOn(v -> v.agent().equals("network")).singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo(Verdict.MALICIOUS));
        assertThat(e1.missingAgents()).isEmpty();
    }

    /** A findings-only marker from an agent that judges only the categories of {@code scope}. */
    private void scopedProgress(String agent, long offset, String... scope) {
        AgentProgress marker = new AgentProgress(agent, 0, offset, 0, 1, wallClock(), true, List.of(scope));
        pipe(marker.key(), marker, START);
    }

    private static SecurityEvent connection(String id) {
        return new SecurityEvent(id, START, "network", "connection", "success",
                SecurityEvent.Endpoint.of("10.0.0.7", 50123), SecurityEvent.Endpoint.of("93.184.216.34", 443),
                null, null, null, null, null, Map.of());
    }

    @Test
    void shouldNotWaitForAnAgentOnACategoryOutsideTheScopeItDeclaredAndListItAsAbstaining() {
        // identity said (in its hello) that it judges logins only; it is stopped from here on.
        scopedProgress("identity", AgentProgress.HELLO, "authentication", "iam");
        send(connection("c0"));
        scopedProgress("network", 0, "network");
        findingsProgress("threat-intel", 0);

        Decision d = decisions.readValue();
        assertThat(d.eventId()).isEqualTo("c0");
        assertThat(d.missingAgents()).isEmpty();
        assertThat(d.verdict()).isEqualTo(Severity.SAFE);
        assertThat(d.votes()).filteredOn(v -> v.agent().equals("identity")).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.SAFE);
            assertThat(v.reasons()).containsExactly(
                    "Abstained: this agent judges only authentication, iam events, and this one is network.");
            assertThat(v.evidence()).containsEntry("abstained", true);
        });
        assertThat(d.votes()).filteredOn(v -> v.agent().equals("network")).singleElement()
                .satisfies(v -> assertThat(v.reasons()).containsExactly(VoteJoiner.NO_FINDING));
    }

    @Test
    void shouldStillWaitForAnAgentOnACategoryInsideItsScopeAndCountItMissingWhenItStops() {
        scopedProgress("identity", AgentProgress.HELLO, "authentication", "iam");
        send(event("a0"));
        scopedProgress("network", 0, "network");
        findingsProgress("threat-intel", 0);
        // A login is identity's to judge: its scope does not excuse it, and network's does.
        assertThat(decisions.isEmpty()).isTrue();
        for (int second = 0; second < 16; second++) {
            advance(Duration.ofSeconds(1));
            scopedProgress("network", 0, "network");
            findingsProgress("threat-intel", 0);
        }

        Decision d = decisions.readValue();
        assertThat(d.missingAgents()).containsExactly("identity");
        assertThat(d.verdict()).isNotEqualTo(Severity.SAFE);
        assertThat(d.votes()).filteredOn(v -> v.agent().equals("network")).singleElement()
                .satisfies(v -> assertThat(v.evidence()).containsEntry("abstained", true));
    }

    @Test
    void shouldWaitForAnAgentWhoseScopeIsNotKnownYetWhateverTheCategory() {
        send(connection("c0"));
        scopedProgress("network", 0, "network");
        findingsProgress("threat-intel", 0);
        // identity has not said anything yet: it may judge connections, so the event waits for it.
        assertThat(decisions.isEmpty()).isTrue();
        scopedProgress("identity", AgentProgress.HELLO, "authentication");

        assertThat(decisions.readValue().missingAgents()).isEmpty();
    }

    @Test
    void shouldCountASkipAsAMissingVoteEvenFromAnAgentWhoseSilenceIsSafe() {
        send(event("e0"));
        pipe("e0", new Skip("e0", "identity", "IllegalStateException: cannot judge", START), START);
        findingsProgress("network", 0);
        findingsProgress("identity", 0);
        findingsProgress("threat-intel", 0);

        Decision d = decisions.readValue();
        assertThat(d.missingAgents()).containsExactly("identity");
        assertThat(d.verdict()).isNotEqualTo(Severity.SAFE);
        assertThat(d.votes()).extracting(Vote::agent).containsExactly("network", "threat-intel");
    }

    @Test
    void shouldNeverTakeTheSilenceOfAnAgentThatVotesOnEverythingForSafe() {
        send(event("e0"));
        send(vote("e0", "network", Verdict.SAFE));
        send(vote("e0", "threat-intel", Verdict.SAFE));
        progress("identity", 0);

        Decision d = decisions.readValue();
        assertThat(d.missingAgents()).containsExactly("identity");
        assertThat(d.verdict()).isNotEqualTo(Severity.SAFE);
    }

    @Test
    void shouldNeverTakeTheSilenceOfAFindingsOnlyAgentThatStoppedForSafe() {
        send(event("e0"));
        findingsProgress("network", 0);
        findingsProgress("threat-intel", 0);
        findingsProgress("identity", -1);
        for (int second = 0; second < 16; second++) {
            advance(Duration.ofSeconds(1));
            findingsProgress("network", 0);
            findingsProgress("threat-intel", 0);
        }

        Decision d = decisions.readValue();
        assertThat(d.missingAgents()).containsExactly("identity");
        assertThat(d.verdict()).isNotEqualTo(Severity.SAFE);
    }

    @Test
    void shouldDecideWithinTheTimeoutNamingAnAgentThatStopped() {
        send(event("e0"));
        send(vote("e0", "network", Verdict.SAFE));
        send(vote("e0", "identity", Verdict.SAFE));
        send(vote("e0", "threat-intel", Verdict.SAFE));
        progress("threat-intel", 0);
        decisions.readValue();

        // threat-intel stops; the other agents judge the next event and go on reporting while idle.
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.SAFE));
        tick(4, "network", "identity");
        assertThat(decisions.isEmpty()).isTrue();

        // Due at 5 s; decided at the first check after a heartbeat has shown the others 5 s past threat-intel.
        tick(2, "network", "identity");

        Decision d = decisions.readValue();
        assertThat(d.eventId()).isEqualTo("e1");
        assertThat(d.missingAgents()).containsExactly("threat-intel");
        assertThat(d.decidedAt()).isBetween(START.plus(Duration.ofSeconds(5)), START.plus(Duration.ofSeconds(6)));
    }

    @Test
    void shouldNotTakeAnAgentForStoppedWhileNothingNewIsReadFromIt() {
        // The coordinator reads nothing for a while (every agent busy, or its own backlog): nobody is stalled
        // on its account, because silence is measured on the agents' clocks.
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.SAFE));
        advance(Duration.ofSeconds(12));
        assertThat(decisions.isEmpty()).isTrue();

        // Only when nothing at all has come for three timeouts is every silent agent presumed down.
        advance(Duration.ofSeconds(3));
        assertThat(decisions.readValue().missingAgents()).containsExactly("threat-intel");
    }

    @Test
    void shouldRefuseABallotInAnotherAgentsNameOnAnAgentsTopicToDeadLetters() {
        SwarmConfig atLeastOnce = CONFIG.with("processing.guarantee", "at_least_once")
                .with(Topics.VOTES_PER_AGENT_KEY, "true");
        driver.close();
        driver = new TopologyTestDriver(CoordinatorTopology.buildTopology(atLeastOnce),
                StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, atLeastOnce), START);
        setUpTopics();
        topics = Topics.from(atLeastOnce.asMap());
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        // The network agent's credentials (all they let it write is its own topic) try to speak for the
        // identity agent: a MALICIOUS vote, and a marker that would pass e1 as silence, i.e. SAFE.
        pipe("network", "e1", vote("e1", "identity", Verdict.MALICIOUS), START);
        pipe("network", "identity", new AgentProgress("identity", 0, 5, 0, 1, wallClock()), START);
        assertThat(decisions.isEmpty()).isTrue();
        send(vote("e1", "identity", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));

        Decision d = decisions.readValue();
        assertThat(d.votes()).extracting(Vote::agent).containsExactly("identity", "network", "threat-intel");
        assertThat(d.votes()).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("votes.network");
            assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
                    .contains("naming agent 'identity' on votes.network", "network agent's votes only");
        });
        assertThat(driver.metrics().entrySet()).anySatisfy(m -> {
            assertThat(m.getKey().name()).isEqualTo("forged-ballots-total");
            assertThat(m.getValue().metricValue()).isEqualTo(2.0);
        });
    }

    @Test
    void shouldRefuseAVoteFromAnAgentItDoesNotExpectToDeadLetters() {
        SwarmConfig atLeastOnce = CONFIG.with("processing.guarantee", "at_least_once");
        driver.close();
        driver = new TopologyTestDriver(CoordinatorTopology.buildTopology(atLeastOnce),
                StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, atLeastOnce), START);
        setUpTopics();
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.SAFE));
        // Someone else's producer casts a vote as an agent the coordinator does not know.
        send(vote("e1", "netw0rk", Verdict.MALICIOUS));
        assertThat(decisions.isEmpty()).isTrue();
        send(vote("e1", "threat-intel", Verdict.SAFE));

        Decision d = decisions.readValue();
        assertThat(d.votes()).extracting(Vote::agent).containsExactly("identity", "network", "threat-intel");
        assertThat(d.verdict()).isEqualTo(Severity.SAFE);
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("e1");
        assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE)).contains("agent 'netw0rk'", "not one of the expected");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(driver.metrics().entrySet()).anySatisfy(m -> {
            assertThat(m.getKey().name()).isEqualTo("unknown-agent-records-total");
            assertThat(m.getValue().metricValue()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldEmitDecisionAsSoonAsAllAgentsVoted() {
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.MALICIOUS));
        assertThat(decisions.isEmpty()).isTrue();

        send(vote("e1", "threat-intel", Verdict.SUSPICIOUS));

        TestRecord<String, Decision> out = decisions.readRecord();
        assertThat(out.key()).isEqualTo("e1");
        assertThat(out.timestamp()).isEqualTo(START.toEpochMilli());
        Decision d = out.value();
        assertThat(d.verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(d.action()).isEqualTo(Action.BLOCK_IP);
        assertThat(d.score()).isEqualTo(3);
        assertThat(d.missingAgents()).isEmpty();
        assertThat(d.votes()).extracting(Vote::agent).containsExactly("identity", "network", "threat-intel");
        assertThat(d.votes()).flatExtracting(Vote::reasons).contains("identity says MALICIOUS");
        assertThat(d.event().sourceIp()).isEqualTo("45.1.2.3");
        assertThat(d.labels()).containsEntry("label", "ssh_brute_force");
        assertThat(d.policy()).isEqualTo(new Decision.Policy("default", "1"));
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldWaitForTheEventItselfEvenWhenVotesCameFirst() {
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));
        assertThat(decisions.isEmpty()).isTrue();

        send(event("e1"));

        Decision d = decisions.readValue();
        assertThat(d.verdict()).isEqualTo(Severity.SAFE);
        assertThat(d.action()).isEqualTo(Action.MONITOR);
        assertThat(d.labels()).containsEntry("label", "ssh_brute_force");
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldDecideOnTimeoutNamingTheMissingAgentAndNeverCountItAsSafe() {
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));

        // identity has said nothing since the coordinator started: it gets three timeouts (15 s) to start.
        tick(14, "network", "threat-intel");
        assertThat(decisions.isEmpty()).isTrue();
        tick(2, "network", "threat-intel");

        Decision d = decisions.readValue();
        assertThat(d.missingAgents()).containsExactly("identity");
        assertThat(d.verdict()).isEqualTo(Severity.WARNING);
        assertThat(d.action()).isEqualTo(Action.FLAG_FOR_REVIEW);
        assertThat(d.score()).isZero();
        assertThat(d.votes()).extracting(Vote::agent).containsExactly("network", "threat-intel");
        assertThat(decisions.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldCountADuplicateVoteOnce() {
        send(event("e1"));
        send(vote("e1", "network", Verdict.MALICIOUS));
        send(vote("e1", "network", Verdict.MALICIOUS));
        send(vote("e1", "identity", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));

        Decision d = decisions.readValue();
        assertThat(d.score()).isEqualTo(2);
        assertThat(d.verdict()).isEqualTo(Severity.WARNING);
        assertThat(d.votes()).hasSize(3);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldCountALateVoteWithoutDecidingTwice() {
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));
        tick(16, "network", "threat-intel");
        assertThat(decisions.readValue().missingAgents()).containsExactly("identity");

        send(vote("e1", "identity", Verdict.MALICIOUS));
        send(event("e1"));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(decisions.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(CoordinatorTopology.PENDING_STORE).get("e1")).isNull();
        DecidedEvent marker = decidedMarker("e1");
        assertThat(marker.votedAgents()).containsExactlyInAnyOrder("network", "threat-intel", "identity");
        assertThat(marker.lateVotes()).isEqualTo(1);
        assertThat(driver.metrics().entrySet()).anySatisfy(m -> {
            assertThat(m.getKey().name()).isEqualTo("late-votes-total");
            assertThat(m.getValue().metricValue()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldForgetDecidedEventsAfterRetentionOnly() {
        SwarmConfig shortRetention = CONFIG.with(CoordinatorSettings.RETENTION, "60000");
        driver.close();
        driver = new TopologyTestDriver(CoordinatorTopology.buildTopology(shortRetention),
                StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, shortRetention), START);
        setUpTopics();
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(vote("e1", "identity", Verdict.SAFE));
        send(vote("e1", "threat-intel", Verdict.SAFE));
        decisions.readValue();

        assertThat(driver.getKeyValueStore(CoordinatorTopology.PENDING_STORE).get("e1")).isNull();
        driver.advanceWallClockTime(Duration.ofSeconds(59));
        send(event("e1"));
        assertThat(decisions.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        // Forgotten: the same id is a new event again.
        send(event("e1"));
        // No agent says anything any more: after three timeouts of silence all are presumed down.
        driver.advanceWallClockTime(Duration.ofSeconds(15));
        assertThat(decisions.readValue().missingAgents()).containsExactlyInAnyOrderElementsOf(CoordinatorSettings.DEFAULT_AGENTS);
    }

    /** The latest marker of a decided event. */
    private DecidedEvent decidedMarker(String eventId) {
        WindowStore<String, DecidedEvent> store = driver.getWindowStore(CoordinatorTopology.DECIDED_STORE);
        DecidedEvent latest = null;
        try (WindowStoreIterator<DecidedEvent> it = store.fetch(eventId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext()) {
                latest = it.next().value;
            }
        }
        return latest;
    }

    private void setUpTopics() {
        rawVotes = driver.createInputTopic(TOPICS.votes("network").name(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(),
                TOPICS.deadLetters().keySerde().deserializer(), TOPICS.deadLetters().valueSerde().deserializer());
        events = driver.createInputTopic(TOPICS.rawEvents().name(), new StringSerializer(),
                TOPICS.rawEvents().valueSerde().serializer());
        decisions = driver.createOutputTopic(TOPICS.decisions().name(),
                TOPICS.decisions().keySerde().deserializer(), TOPICS.decisions().valueSerde().deserializer());
    }

    @Test
    void shouldScoreExactlyOneAsWarning() {
        decideWith(Verdict.SUSPICIOUS, Verdict.SAFE, Verdict.SAFE);
        Decision d = decisions.readValue();
        assertThat(d.score()).isEqualTo(1);
        assertThat(d.verdict()).isEqualTo(Severity.WARNING);
        assertThat(d.action()).isEqualTo(Action.FLAG_FOR_REVIEW);
    }

    @Test
    void shouldScoreExactlyThreeAsCritical() {
        decideWith(Verdict.SUSPICIOUS, Verdict.SUSPICIOUS, Verdict.SUSPICIOUS);
        Decision d = decisions.readValue();
        assertThat(d.score()).isEqualTo(3);
        assertThat(d.verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(d.action()).isEqualTo(Action.BLOCK_IP);
    }

    @Test
    void shouldScoreTwoAsWarningAndZeroAsSafe() {
        decideWith(Verdict.MALICIOUS, Verdict.SAFE, Verdict.SAFE);
        assertThat(decisions.readValue().verdict()).isEqualTo(Severity.WARNING);
        send(event("e2"));
        send(vote("e2", "network", Verdict.SAFE));
        send(vote("e2", "identity", Verdict.SAFE));
        send(vote("e2", "threat-intel", Verdict.SAFE));
        Decision d = decisions.readValue();
        assertThat(d.score()).isZero();
        assertThat(d.verdict()).isEqualTo(Severity.SAFE);
        assertThat(d.action()).isEqualTo(Action.MONITOR);
    }

    private void decideWith(Verdict network, Verdict identity, Verdict intel) {
        send(event("e1"));
        send(vote("e1", "network", network));
        send(vote("e1", "identity", identity));
        send(vote("e1", "threat-intel", intel));
    }

    @Test
    void shouldRoutePoisonVotesToDeadLettersAndGoOn() {
        // TopologyTestDriver drops dead-letter records that a deserialization handler returns
        // while it runs exactly-once (its transactional mock producer never sees them), so this
        // test drives the same topology and handlers at-least-once. PipelineIT checks dead
        // letters under exactly-once on a real broker.
        SwarmConfig atLeastOnce = CONFIG.with("processing.guarantee", "at_least_once");
        driver.close();
        driver = new TopologyTestDriver(CoordinatorTopology.buildTopology(atLeastOnce),
                StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, atLeastOnce), START);
        setUpTopics();
        rawVotes.pipeInput("k1".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
        rawVotes.pipeInput("k2".getBytes(StandardCharsets.UTF_8),
                "{\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5}".getBytes(StandardCharsets.UTF_8));
        rawVotes.pipeInput("k3".getBytes(StandardCharsets.UTF_8),
                "{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"MAYBE\",\"confidence\":0.5}"
                        .getBytes(StandardCharsets.UTF_8));
        decideWith(Verdict.SAFE, Verdict.SAFE, Verdict.SAFE);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        TestRecord<byte[], byte[]> first = dead.get(0);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("votes");
        assertThat(header(first, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(first, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(first, DeadLetterHeaders.APP)).isEqualTo(CoordinatorTopology.APPLICATION_ID);
        assertThat(header(first, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(
                "org.apache.kafka.common.errors.SerializationException");
        assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE)).contains("Vote.eventId");
        assertThat(header(dead.get(2), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
        assertThat(decisions.readValue().verdict()).isEqualTo(Severity.SAFE);
        assertThat(decisions.isEmpty()).isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @TempDir
    Path policies;

    /** The test's configuration naming a policy file with this text. */
    private SwarmConfig withPolicy(String yaml) throws IOException {
        Path file = Files.writeString(policies.resolve("policy.yaml"), yaml);
        return CONFIG.with(SwarmPolicy.FILE, file.toString());
    }

    /** The production topology as {@code config} builds it, in place of the default one. */
    private void restartWith(SwarmConfig config) {
        driver.close();
        driver = new TopologyTestDriver(CoordinatorTopology.buildTopology(config),
                StreamsApps.properties(CoordinatorTopology.APPLICATION_ID, config), START);
        setUpTopics();
    }

    private static Vote finding(String id, String agent, Verdict verdict, String finding) {
        return new Vote(id, agent, verdict, 0.9, List.of(agent + " found " + finding), Map.of(), START,
                Suspect.ip("45.1.2.3"), finding);
    }

    @Test
    void shouldScoreByThePolicyFileAndNameItInEveryDecision() throws IOException {
        restartWith(withPolicy("""
                name: acme-soc
                version: "3"
                scoring: { critical: 5, warning: 2 }
                """));

        decideWith(Verdict.MALICIOUS, Verdict.SUSPICIOUS, Verdict.SAFE);
        send(event("e2"));
        send(vote("e2", "network", Verdict.SUSPICIOUS));
        send(vote("e2", "identity", Verdict.SAFE));
        send(vote("e2", "threat-intel", Verdict.SAFE));

        // 3 points: CRITICAL under the default policy; this one says WARNING from 2 and CRITICAL only from 5.
        Decision first = decisions.readValue();
        assertThat(first.verdict()).isEqualTo(Severity.WARNING);
        assertThat(first.action()).isEqualTo(Action.FLAG_FOR_REVIEW);
        assertThat(first.score()).isEqualTo(3);
        assertThat(first.policy()).isEqualTo(new Decision.Policy("acme-soc", "3"));
        Decision second = decisions.readValue();
        assertThat(second.verdict()).isEqualTo(Severity.SAFE);
        assertThat(second.score()).isEqualTo(1);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldWeighVotesByTheAgentsPrecisionUnderAWeightedPolicy() throws IOException {
        restartWith(withPolicy("""
                name: weighted-soc
                scoring:
                  mode: weighted
                """));
        TestInputTopic<String, AgentPrecision> precision = driver.createInputTopic(TOPICS.agentPrecision().name(),
                new StringSerializer(), TOPICS.agentPrecision().valueSerde().serializer());

        // Nothing known yet: every vote weighs 1.0, and MALICIOUS + SUSPICIOUS is 3, CRITICAL.
        send(event("e1"));
        send(vote("e1", "network", Verdict.SAFE));
        send(finding("e1", "identity", Verdict.MALICIOUS, "brute_force"));
        send(finding("e1", "threat-intel", Verdict.SUSPICIOUS, "known_bad_ip"));
        Decision before = decisions.readValue();
        assertThat(before.verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(before.score()).isEqualTo(3);
        assertThat(before.policy()).isEqualTo(new Decision.Policy("weighted-soc", "1"));

        // Analysts refuted identity's brute-force findings four times: precision (0+1)/(0+4+2) = 1/6.
        AgentPrecision refuted = new AgentPrecision("identity", "brute_force", 0, 4);
        precision.pipeInput(refuted.key(), refuted, START);
        // A record about another class of its findings changes nothing here.
        AgentPrecision other = new AgentPrecision("threat-intel", "malware_hash", 0, 9);
        precision.pipeInput(other.key(), other, START);
        send(event("e2"));
        send(vote("e2", "network", Verdict.SAFE));
        send(finding("e2", "identity", Verdict.MALICIOUS, "brute_force"));
        send(finding("e2", "threat-intel", Verdict.SUSPICIOUS, "known_bad_ip"));
        Decision after = decisions.readValue();
        // 2 × 1/6 + 1 × 1.0 = 1.33, rounded to 1.
        assertThat(after.verdict()).isEqualTo(Severity.WARNING);
        assertThat(after.action()).isEqualTo(Action.FLAG_FOR_REVIEW);
        assertThat(after.score()).isEqualTo(1);

        // A tombstone forgets the precision: the vote weighs 1.0 again.
        precision.pipeInput(refuted.key(), null, START);
        send(event("e3"));
        send(vote("e3", "network", Verdict.SAFE));
        send(finding("e3", "identity", Verdict.MALICIOUS, "brute_force"));
        send(finding("e3", "threat-intel", Verdict.SUSPICIOUS, "known_bad_ip"));
        assertThat(decisions.readValue().verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void shouldReadAgentPrecisionOnlyUnderAWeightedPolicy() throws IOException {
        String weighted = CoordinatorTopology.buildTopology(withPolicy("scoring: { mode: weighted }")).describe()
                .toString();
        assertThat(weighted).contains("coordinator-read-agent-precision", "coordinator-update-agent-precision",
                        "coordinator-agent-precision", TOPICS.agentPrecision().name())
                .doesNotContain("KSTREAM-", "KTABLE-", "STATE-STORE-");

        assertThat(CoordinatorTopology.buildTopology(withPolicy("scoring: { mode: votes }")).describe().toString())
                .doesNotContain("agent-precision");
        assertThat(CoordinatorTopology.buildTopology(CONFIG).describe().toString()).doesNotContain("agent-precision");
    }

    @Test
    void shouldRefuseToBuildWithAnInvalidPolicyFile() throws IOException {
        SwarmConfig invalid = withPolicy("""
                name: acme-soc
                scoring:
                  mode: weigthed
                """);

        assertThatThrownBy(() -> CoordinatorTopology.buildTopology(invalid))
                .isInstanceOf(PolicyException.class)
                .hasMessage(policies.resolve("policy.yaml") + " line 3: scoring.mode must be one of votes, weighted,"
                        + " but was \"weigthed\"");
    }

    @Test
    void shouldNameEveryStoreProcessorAndTopicExplicitly() {
        String description = CoordinatorTopology.buildTopology(CONFIG).describe().toString();
        assertThat(description)
                .contains("coordinator-read-raw-events", "coordinator-read-votes", "coordinator-join-votes",
                        "coordinator-write-decisions", "coordinator-tallies", "coordinator-decided")
                .doesNotContain("KSTREAM-", "KTABLE-", "STATE-STORE-");
    }
}
