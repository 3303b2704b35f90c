package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Decision;
import io.socswarm.model.DecisionSerde;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident.Status;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentTopologyTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    /**
     * The drivers' wall clock: a day after the decisions' event times, as a replay's would be. The builder
     * places a decision stamped further ahead of it than a minute at that limit.
     */
    private static final Instant WALL_CLOCK = START.plus(Duration.ofDays(1));
    private static final Topics TOPICS = Topics.defaults();
    private static final SwarmPolicy POLICY = SwarmPolicy.defaults();
    private static final Duration GAP = POLICY.incidents().gap();
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of(
            "bootstrap.servers", "unused:9092",
            // A directory of its own: test runs elsewhere on this machine must not share RocksDB locks.
            "swarm.state.dir", tempStateDir(),
            IncidentSettings.FLUSH, "5000",
            IncidentSettings.FLUSH_DECISIONS, "100"));

    private static String tempStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("incidents-test-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TopologyTestDriver driver;
    private TestInputTopic<String, Decision> decisions;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, Incident> incidents;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        start(POLICY, IncidentTopology.APPLICATION_ID);
    }

    private void start(SwarmPolicy policy, String applicationId) {
        driver = new TopologyTestDriver(IncidentTopology.buildTopology(CONFIG, policy),
                StreamsApps.properties(applicationId, CONFIG), WALL_CLOCK);
        Driven driven = Driven.of(driver);
        decisions = driven.decisions();
        feedback = driven.feedback();
        incidents = driven.incidents();
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(),
                TOPICS.deadLetters().keySerde().deserializer(), TOPICS.deadLetters().valueSerde().deserializer());
    }

    /** A driver's decisions and feedback in, and incidents out. */
    private record Driven(TestInputTopic<String, Decision> decisions, TestInputTopic<String, Feedback> feedback,
            TestOutputTopic<String, Incident> incidents) {
        static Driven of(TopologyTestDriver driver) {
            return new Driven(
                    driver.createInputTopic(TOPICS.decisions().name(), new StringSerializer(),
                            TOPICS.decisions().valueSerde().serializer()),
                    driver.createInputTopic(TOPICS.feedback().name(), new StringSerializer(),
                            TOPICS.feedback().valueSerde().serializer()),
                    driver.createOutputTopic(TOPICS.incidents().name(), TOPICS.incidents().keySerde().deserializer(),
                            TOPICS.incidents().valueSerde().deserializer()));
        }
    }

    /** A driver of the incident steps alone, with a state directory of its own. */
    private static TopologyTestDriver incidentStepsDriver() {
        SwarmConfig ownState = CONFIG.with("swarm.state.dir", tempStateDir());
        return new TopologyTestDriver(IncidentTopology.buildIncidentStepsTopology(ownState, POLICY),
                StreamsApps.properties(IncidentTopology.APPLICATION_ID, ownState), WALL_CLOCK);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    // ---- building decisions from real votes ----

    private static Vote finding(String eventId, String agent, Verdict verdict, double confidence, String suspectIp,
            String finding, String... reasons) {
        return new Vote(eventId, agent, verdict, confidence, List.of(reasons), Map.of("n", 1), START,
                suspectIp == null ? null : Suspect.ip(suspectIp), finding);
    }

    private static Vote safe(String eventId, String agent) {
        return new Vote(eventId, agent, Verdict.SAFE, 0.9, List.of("nothing found"), Map.of(), START);
    }

    private static EventSummary event(Instant at, String sourceIp, String targetIp) {
        return new EventSummary(at, "network", "connection", "unknown", sourceIp, 40000, targetIp, 22, null, null,
                "web-1", "zeek");
    }

    private static Decision decision(String id, Instant at, String sourceIp, String targetIp, List<Vote> votes,
            List<String> missing) {
        int score = 0;
        for (Vote v : votes) {
            score += v.verdict() == Verdict.MALICIOUS ? 2 : v.verdict() == Verdict.SUSPICIOUS ? 1 : 0;
        }
        score += missing.size();
        Severity severity = score >= 3 ? Severity.CRITICAL : score >= 1 ? Severity.WARNING : Severity.SAFE;
        Action action = score >= 3 ? Action.BLOCK_IP : score >= 1 ? Action.FLAG_FOR_REVIEW : Action.MONITOR;
        return new Decision(id, severity, action, score, votes, missing, POLICY.id(), event(at, sourceIp, targetIp),
                Map.of(), at.plusSeconds(2));
    }

    /** A decision on which network suspects the source of port scanning the target (WARNING). */
    private static Decision scan(String id, Instant at, String sourceIp, String targetIp, String... reasons) {
        String[] why = reasons.length == 0 ? new String[] {"many ports probed"} : reasons;
        return decision(id, at, sourceIp, targetIp, List.of(
                finding(id, "network", Verdict.SUSPICIOUS, 0.6, sourceIp, "port_scan", why),
                safe(id, "identity")), List.of());
    }

    /** The same, with threat-intel also calling the source MALICIOUS: CRITICAL. */
    private static Decision criticalScan(String id, Instant at, String sourceIp, String targetIp) {
        return decision(id, at, sourceIp, targetIp, List.of(
                finding(id, "network", Verdict.SUSPICIOUS, 0.6, sourceIp, "port_scan", "many ports probed"),
                finding(id, "threat-intel", Verdict.MALICIOUS, 0.95, sourceIp, "known_scanner",
                        "source is a listed scanner")), List.of());
    }

    private void send(Decision d) {
        decisions.pipeInput(d.eventId(), d, d.event().timestamp());
    }

    private static Instant at(Duration after) {
        return START.plus(after);
    }

    private static Duration min(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private void flush() {
        driver.advanceWallClockTime(Duration.ofSeconds(6));
    }

    // ---- tests ----

    @Test
    void shouldGroupOneSuspectsDecisionsAndOpenANewIncidentAfterTheGap() {
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("e2", at(min(10)), "45.1.2.3", "10.0.0.5"));
        send(scan("e3", at(min(20)), "45.1.2.3", "10.0.0.5"));
        // Over an hour after the last: a second burst.
        send(scan("e4", at(min(20).plus(GAP).plus(min(1))), "45.1.2.3", "10.0.0.5"));

        String first = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(0)).toEpochMilli());
        String second = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(81)).toEpochMilli());
        List<Incident> out = incidents.readValuesToList();
        assertThat(out).extracting(Incident::id, Incident::version, Incident::status, Incident::decisions)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first, 1L, Status.OPEN, 1L),
                        org.assertj.core.groups.Tuple.tuple(second, 1L, Status.OPEN, 1L),
                        // The second burst moved event time past the first's lastSeen + gap: closed, with its counts.
                        org.assertj.core.groups.Tuple.tuple(first, 2L, Status.CLOSED, 3L));
        Incident closed = out.get(2);
        assertThat(closed.firstSeen()).isEqualTo(at(min(0)));
        assertThat(closed.lastSeen()).isEqualTo(at(min(20)));
        assertThat(closed.sampleEventIds()).containsExactly("e1", "e2", "e3");
        assertThat(closed.suspects()).containsExactly(Suspect.ip("45.1.2.3"));
        assertThat(closed.targets()).containsExactly("10.0.0.5");
        assertThat(closed.classes()).containsExactly("port_scan");
        assertThat(closed.agents()).containsExactly("network");
        assertThat(closed.policy()).isEqualTo(POLICY.id());
        // updatedAt is the decidedAt of the decision that closed it, never the wall clock.
        assertThat(closed.updatedAt()).isEqualTo(at(min(81)).plusSeconds(2));
        assertThat(incidents.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteOnlyMaterialChangesAtOnceAndFlushMereGrowthOnTheWallClock() {
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("e2", at(min(1)), "45.1.2.3", "10.0.0.5"));
        assertThat(incidents.readValuesToList()).extracting(Incident::version).containsExactly(1L);

        send(scan("e3", at(min(2)), "45.1.2.3", "10.0.0.6"));
        Incident newTarget = incidents.readValue();
        assertThat(newTarget.version()).isEqualTo(2L);
        assertThat(newTarget.decisions()).isEqualTo(3L);
        assertThat(newTarget.targets()).containsExactly("10.0.0.5", "10.0.0.6");

        send(scan("e4", at(min(3)), "45.1.2.3", "10.0.0.5"));
        assertThat(incidents.isEmpty()).isTrue();
        flush();
        Incident flushed = incidents.readValue();
        assertThat(flushed.version()).isEqualTo(3L);
        assertThat(flushed.decisions()).isEqualTo(4L);
        flush();
        assertThat(incidents.isEmpty()).isTrue();
    }

    @Test
    void shouldGroupManySourcesDoingTheSameToOneTargetIntoOneCampaign() {
        for (int i = 1; i <= 6; i++) {
            send(scan("e" + i, at(min(i)), "45.0.0." + i, "10.0.0.5"));
        }
        flush();
        Map<String, Incident> latest = latestById(incidents.readValuesToList());

        List<Incident> campaigns = latest.values().stream().filter(Incident::campaign).toList();
        assertThat(campaigns).hasSize(1);
        Incident campaign = campaigns.get(0);
        assertThat(campaign.id()).isEqualTo(TrackedIncident.idFor("campaign:reconnaissance|10.0.0.5", at(min(3)).toEpochMilli()));
        // The third distinct source makes it a campaign; from then on every source joins it.
        assertThat(campaign.suspects()).containsExactly(Suspect.ip("45.0.0.3"), Suspect.ip("45.0.0.4"),
                Suspect.ip("45.0.0.5"), Suspect.ip("45.0.0.6"));
        assertThat(campaign.suspectCount()).isEqualTo(4);
        assertThat(campaign.decisions()).isEqualTo(4L);
        assertThat(campaign.targets()).containsExactly("10.0.0.5");
        // The two sources seen before it are incidents of their own.
        assertThat(latest.values().stream().filter(i -> !i.campaign()).map(i -> i.suspects().get(0)))
                .containsExactlyInAnyOrder(Suspect.ip("45.0.0.1"), Suspect.ip("45.0.0.2"));
        // A source doing the same to another target is no part of it.
        send(scan("e7", at(min(7)), "45.0.0.7", "10.0.0.99"));
        Incident other = incidents.readValue();
        assertThat(other.campaign()).isFalse();
        assertThat(other.suspects()).containsExactly(Suspect.ip("45.0.0.7"));
    }

    @Test
    void shouldGroupSourcesGuessingDifferentAccountsOnOneServerIntoOneCampaign() {
        // As sshd logs it: no server address, the account each source tried, the host that logged it.
        String[] accounts = {"root", "support", "uucp", "admin"};
        for (int i = 1; i <= 4; i++) {
            String id = "g" + i;
            String source = "45.0.0." + i;
            Decision d = decision(id, at(min(i)), source, null, List.of(
                    finding(id, "identity", Verdict.SUSPICIOUS, 0.55, source, "external_login_failure",
                            "Failed login for " + accounts[i - 1]),
                    safe(id, "network")), List.of());
            send(new Decision(id, d.verdict(), d.action(), d.score(), d.votes(), d.missingAgents(), d.policy(),
                    new EventSummary(at(min(i)), "authentication", "ssh_login", "failure", source, 40000, null, null,
                            null, accounts[i - 1], "LabSZ", "syslog"), Map.of(), d.decidedAt()));
        }
        flush();
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        Incident campaign = latest.values().stream().filter(Incident::campaign).findFirst().orElseThrow();
        assertThat(campaign.targets()).containsExactly("LabSZ");
        assertThat(campaign.suspects()).containsExactly(Suspect.ip("45.0.0.3"), Suspect.ip("45.0.0.4"));
        // The first two, each a lone failed login, were held back until the campaign was recognised.
        assertThat(latest.values().stream().filter(i -> !i.campaign()).map(i -> i.suspects().get(0)))
                .containsExactlyInAnyOrder(Suspect.ip("45.0.0.1"), Suspect.ip("45.0.0.2"));
        assertThat(IncidentTopology.heldBackDecisions(driver.metrics())).isZero();
    }

    /** A decision on which only a precursor class was found: one failed login from outside (WARNING). */
    private static Decision failedLogin(String id, Instant at, String sourceIp, String targetIp) {
        return decision(id, at, sourceIp, targetIp, List.of(
                finding(id, "identity", Verdict.SUSPICIOUS, 0.5, sourceIp, "external_login_failure",
                        "failed login from outside"),
                safe(id, "network")), List.of());
    }

    private static Decision bruteForce(String id, Instant at, String sourceIp, String targetIp) {
        return decision(id, at, sourceIp, targetIp, List.of(
                finding(id, "identity", Verdict.SUSPICIOUS, 0.7, sourceIp, "brute_force", "many failed logins"),
                safe(id, "network")), List.of());
    }

    @Test
    void shouldHoldBackASuspectWithOnlyPrecursorFindingsAndOpenWithThemWhenAStrongerFindingFollows() {
        // One failed login from outside, then nothing more from there: never an incident, not even a closed one.
        send(failedLogin("lone", at(min(0)), "45.9.9.9", "10.0.0.5"));
        // Another source fails twice and then brute-forces within the gap.
        send(failedLogin("f1", at(min(5)), "45.7.7.7", "10.0.0.5"));
        send(failedLogin("f2", at(min(9)), "45.7.7.7", "10.0.0.5"));
        flush();
        assertThat(incidents.isEmpty()).isTrue();
        assertThat(IncidentTopology.heldBackDecisions(driver.metrics())).isEqualTo(3);

        send(bruteForce("b1", at(min(12)), "45.7.7.7", "10.0.0.5"));
        assertThat(IncidentTopology.heldBackDecisions(driver.metrics())).isEqualTo(1);
        Incident opened = incidents.readValue();
        assertThat(opened.id()).isEqualTo(TrackedIncident.idFor("suspect:ip:45.7.7.7", at(min(5)).toEpochMilli()));
        assertThat(opened.version()).isEqualTo(1L);
        assertThat(opened.decisions()).isEqualTo(3L);
        assertThat(opened.firstSeen()).isEqualTo(at(min(5)));
        assertThat(opened.sampleEventIds()).containsExactly("f1", "f2", "b1");
        assertThat(opened.classes()).containsExactly("external_login_failure", "brute_force");
        // Once open, a precursor joins it like any decision.
        send(failedLogin("f3", at(min(14)), "45.7.7.7", "10.0.0.5"));
        flush();
        assertThat(incidents.readValue().decisions()).isEqualTo(4L);

        // Event time moves hours on: the open incident closes; the held-back one is forgotten unwritten.
        send(scan("later", at(min(300)), "45.1.2.3", "10.0.0.6"));
        flush();
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        assertThat(latest.values()).extracting(i -> i.suspects().get(0))
                .containsExactlyInAnyOrder(Suspect.ip("45.7.7.7"), Suspect.ip("45.1.2.3"));
        assertThat(latest.get(opened.id()).status()).isEqualTo(Status.CLOSED);
        assertThat(incidents.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteTheHeldBackIncidentsOfACampaignsFirstSuspectsWhenTheCampaignIsRecognised() {
        for (int i = 1; i <= 5; i++) {
            String id = "u" + i;
            String source = "45.0.0." + i;
            send(decision(id, at(min(i)), source, "10.0.0.5", List.of(
                    finding(id, "network", Verdict.SUSPICIOUS, 0.5, source, "unsolicited_inbound", "probe refused"),
                    safe(id, "identity")), List.of()));
        }
        flush();
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        Incident campaign = latest.values().stream().filter(Incident::campaign).findFirst().orElseThrow();
        assertThat(campaign.suspects()).containsExactly(Suspect.ip("45.0.0.3"), Suspect.ip("45.0.0.4"),
                Suspect.ip("45.0.0.5"));
        // The first two were lone precursors, held back; the campaign's recognition wrote them.
        assertThat(latest.values().stream().filter(i -> !i.campaign()).map(i -> i.suspects().get(0)))
                .containsExactlyInAnyOrder(Suspect.ip("45.0.0.1"), Suspect.ip("45.0.0.2"));
        assertThat(IncidentTopology.heldBackDecisions(driver.metrics())).isZero();
    }

    @Test
    void shouldOpenAPrecursorAtOnceWhenItIsCriticalOrThePolicyListsNoPrecursors() {
        // CRITICAL: a listed source's failed login is no precursor.
        send(decision("c1", at(min(0)), "45.9.9.9", "10.0.0.5", List.of(
                finding("c1", "identity", Verdict.SUSPICIOUS, 0.5, "45.9.9.9", "external_login_failure", "failed"),
                finding("c1", "threat-intel", Verdict.MALICIOUS, 0.95, "45.9.9.9", "bad_source", "listed")),
                List.of()));
        assertThat(incidents.readValue().suspects()).containsExactly(Suspect.ip("45.9.9.9"));

        SwarmPolicy.Incidents none = new SwarmPolicy.Incidents(GAP, GAP, 3, java.util.Set.of());
        SwarmPolicy policy = new SwarmPolicy("no-precursors", "1", POLICY.scoring(), POLICY.neverBlock(), POLICY.assets(),
                none, POLICY.autonomy());
        driver.close();
        start(policy, IncidentTopology.APPLICATION_ID + "-none");
        send(failedLogin("lone", at(min(0)), "45.8.8.8", "10.0.0.5"));
        assertThat(incidents.readValue().suspects()).containsExactly(Suspect.ip("45.8.8.8"));
    }

    @Test
    void shouldPassOverADecisionHeaderedSafeUnparsedAndDeadLetterARecordThatIsNoDecision() {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(TOPICS.decisions().name(), new StringSerializer(),
                new ByteArraySerializer());
        byte[] garbage = "{not a decision".getBytes(StandardCharsets.UTF_8);
        RecordHeaders safeHeader = new RecordHeaders();
        safeHeader.add(DecisionSerde.SEVERITY_HEADER, "SAFE".getBytes(StandardCharsets.UTF_8));
        // Said SAFE: passed over without a parse, so not even garbage is noticed.
        raw.pipeInput(new TestRecord<>("k1", garbage, safeHeader, START));
        assertThat(deadLetters.isEmpty()).isTrue();
        // Without the header (or saying anything else) it is parsed, and garbage goes to dead-letters.
        raw.pipeInput(new TestRecord<>("k2", garbage, null, START));
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
        assertThat(incidents.isEmpty()).isTrue();
        // A real alerting decision written by the decisions serde (with its WARNING header) is grouped.
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        assertThat(incidents.readValue().decisions()).isEqualTo(1L);
    }

    @Test
    void shouldRaiseSeverityButNeverLowerItAndGrowTheVersionWithEveryWrite() {
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(criticalScan("e2", at(min(1)), "45.1.2.3", "10.0.0.5"));
        send(scan("e3", at(min(2)), "45.1.2.3", "10.0.0.5"));
        flush();

        List<Incident> out = incidents.readValuesToList();
        assertThat(out).extracting(Incident::version).containsExactly(1L, 2L, 3L);
        assertThat(out).extracting(Incident::severity)
                .containsExactly(Severity.WARNING, Severity.CRITICAL, Severity.CRITICAL);
        assertThat(out).extracting(Incident::action)
                .containsExactly(Action.FLAG_FOR_REVIEW, Action.BLOCK_IP, Action.BLOCK_IP);
        Incident last = out.get(2);
        assertThat(last.decisions()).isEqualTo(3L);
        assertThat(last.confidence()).isEqualTo(0.95);
        // The MALICIOUS finding's reason comes first, though it came second.
        assertThat(last.reasons()).containsExactly("source is a listed scanner", "many ports probed");
        assertThat(last.classes()).containsExactly("port_scan", "known_scanner");
        assertThat(last.agents()).containsExactly("network", "threat-intel");
    }

    @Test
    void shouldStayBoundedThroughALongAttackAndNotWriteOncePerDecision() {
        int n = 400;
        for (int i = 0; i < n; i++) {
            // Every source new, every reason new: the worst case for an incident's lists.
            String ip = "45.0." + (i / 200) + "." + (i % 200);
            send(scan("e" + i, START.plusSeconds(i), ip, "10.0.0.5", "probe " + i, "sweep " + i));
        }
        flush();
        List<Incident> out = incidents.readValuesToList();
        String campaignId = TrackedIncident.idFor("campaign:reconnaissance|10.0.0.5", START.plusSeconds(2).toEpochMilli());
        List<Incident> writes = out.stream().filter(i -> i.id().equals(campaignId)).toList();
        Incident last = writes.get(writes.size() - 1);

        assertThat(last.decisions()).isEqualTo(n - 2L);
        assertThat(last.sampleEventIds()).hasSize(Incident.MAX_SAMPLE);
        // The first half is kept, the second rolls: the first ids and the latest ones.
        assertThat(last.sampleEventIds().subList(0, 25)).isEqualTo(IntStream.range(2, 27).mapToObj(i -> "e" + i).toList());
        assertThat(last.sampleEventIds().subList(25, 50))
                .isEqualTo(IntStream.range(n - 25, n).mapToObj(i -> "e" + i).toList());
        assertThat(last.reasons()).hasSize(Incident.MAX_REASONS).doesNotHaveDuplicates();
        assertThat(last.suspects()).hasSize(Incident.MAX_SUSPECTS);
        // Distinct sources beyond the named fifty are still counted (an estimate past fifty, within a few percent).
        assertThat(last.suspectCount()).isBetween((int) ((n - 2) * 0.97), (int) ((n - 2) * 1.03));
        // Writes: the open, one per suspect named, one per 100 decisions of growth, the flush; not one per decision.
        assertThat(writes.size()).isLessThan(60);
        assertThat(writes).extracting(Incident::version)
                .isEqualTo(IntStream.rangeClosed(1, writes.size()).mapToObj(v -> (long) v).toList());
    }

    @Test
    void shouldPutLateAndOutOfOrderDecisionsInTheIncidentTheyBelongTo() {
        send(scan("late-2h", at(min(120)), "45.1.2.3", "10.0.0.5"));
        // Two hours earlier: too far from the first incident. It arrived when the clock read two hours, and
        // stays open a gap of that clock, as a recording's late partition keeps coming.
        send(scan("early", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("early+30", at(min(30)), "45.1.2.3", "10.0.0.5"));
        // Within the gap of both; nearer the later one.
        send(scan("mid", at(min(100)), "45.1.2.3", "10.0.0.5"));
        flush();

        String later = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(120)).toEpochMilli());
        String earlier = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(0)).toEpochMilli());
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        assertThat(latest).containsOnlyKeys(later, earlier);
        Incident e = latest.get(earlier);
        assertThat(e.status()).isEqualTo(Status.OPEN);
        assertThat(e.sampleEventIds()).containsExactly("early", "early+30");
        assertThat(e.firstSeen()).isEqualTo(at(min(0)));
        assertThat(e.lastSeen()).isEqualTo(at(min(30)));
        Incident l = latest.get(later);
        assertThat(l.status()).isEqualTo(Status.OPEN);
        assertThat(l.sampleEventIds()).containsExactly("late-2h", "mid");
        assertThat(l.firstSeen()).isEqualTo(at(min(100)));
        assertThat(l.lastSeen()).isEqualTo(at(min(120)));

        // Once the clock has moved a gap past the last arrival, both close.
        send(scan("other", at(min(120)).plus(GAP).plus(min(1)), "198.51.100.7", "10.0.0.9"));
        Map<String, Incident> closed = latestById(incidents.readValuesToList());
        assertThat(closed.get(earlier).status()).isEqualTo(Status.CLOSED);
        assertThat(closed.get(later).status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void shouldMergeTwoIncidentsOfOneActivityWhenADecisionBridgesThem() {
        // A later stretch arrives first (a faster partition), then the earlier one, then what joins them.
        send(scan("at-10h", at(min(600)), "45.1.2.3", "10.0.0.5"));
        send(scan("at-8h", at(min(480)), "45.1.2.3", "10.0.0.5"));
        send(scan("at-9h", at(min(540)), "45.1.2.3", "10.0.0.5"));
        flush();

        String earlier = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(480)).toEpochMilli());
        String later = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(600)).toEpochMilli());
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        assertThat(latest).containsOnlyKeys(earlier, later);
        Incident survivor = latest.get(earlier);
        assertThat(survivor.standsAlone()).isTrue();
        // Open: its later piece was, and the activity goes on.
        assertThat(survivor.status()).isEqualTo(Status.OPEN);
        assertThat(survivor.decisions()).isEqualTo(3);
        assertThat(survivor.sampleEventIds()).containsExactlyInAnyOrder("at-8h", "at-10h", "at-9h");
        assertThat(survivor.firstSeen()).isEqualTo(at(min(480)));
        assertThat(survivor.lastSeen()).isEqualTo(at(min(600)));
        Incident merged = latest.get(later);
        assertThat(merged.mergedInto()).isEqualTo(earlier);
        assertThat(merged.status()).isEqualTo(Status.CLOSED);
        // The next decision of the activity joins the survivor alone.
        send(scan("at-10h30", at(min(630)), "45.1.2.3", "10.0.0.5"));
        flush();
        assertThat(latestById(incidents.readValuesToList())).containsOnlyKeys(earlier);
    }

    @Test
    void shouldLetADecisionHoursLateStillJoinItsClosedIncident() {
        // A replay at full speed runs hours of event time per second, and partitions run apart: another
        // source's decisions move event time on before this source's late one arrives.
        send(scan("first", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("other", at(min(600)), "198.51.100.7", "10.0.0.9"));
        send(scan("late", at(min(20)), "45.1.2.3", "10.0.0.5"));
        flush();

        String id = TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(0)).toEpochMilli());
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        assertThat(latest).hasSize(2).containsKey(id);
        assertThat(latest.get(id).sampleEventIds()).containsExactly("first", "late");
        assertThat(latest.get(id).status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void shouldNotLetADecisionStampedHoursAheadOfTheWallClockCloseTheIncidentsOfItsTask() {
        // Live: a scanner's decisions up to now, then a log line whose event claims a time two hours on.
        Instant now = WALL_CLOCK;
        send(scan("s1", now.minus(min(20)), "45.1.2.3", "10.0.0.5"));
        send(scan("s2", now.minus(min(10)), "45.1.2.3", "10.0.0.5"));
        Decision forged = scan("forged", now.plus(Duration.ofHours(2)), "203.0.113.9", "10.0.0.7");
        decisions.pipeInput(forged.eventId(), forged, now);
        send(scan("s3", now, "45.1.2.3", "10.0.0.5"));
        flush();

        String scanner = TrackedIncident.idFor("suspect:ip:45.1.2.3", now.minus(min(20)).toEpochMilli());
        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        // The scanner's incident is one, open, with all three decisions: the forged time closed nothing.
        assertThat(latest.get(scanner).status()).isEqualTo(Status.OPEN);
        assertThat(latest.get(scanner).sampleEventIds()).containsExactly("s1", "s2", "s3");
        // The forged decision has its incident, counted, placed a minute after the wall clock.
        Incident placed = latest.values().stream().filter(i -> i.sampleEventIds().contains("forged")).findFirst()
                .orElseThrow();
        assertThat(placed.lastSeen()).isEqualTo(now.plus(DecisionSighter.FUTURE_TOLERANCE));
        assertThat(latest).hasSize(2);
        assertThat(driver.metrics().entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo(DecisionSighter.FUTURE_STAMPED_METRIC + "-total");
            assertThat(e.getValue().metricValue()).isEqualTo(1.0);
        });
    }

    @Test
    void shouldGroupARecordingOfAnotherEraReplayedBesideThisOneAsIfAlone() {
        // ./swarm up --replay of two recordings years apart: one task takes both, interleaved.
        Instant then = START.minus(Duration.ofDays(3 * 365));
        for (int i = 0; i < 6; i++) {
            send(scan("now-" + i, at(min(i)), "45.1.2.3", "10.0.0.5"));
            send(scan("then-" + i, then.plus(min(i)), "198.51.100.7", "10.0.0.9"));
        }
        flush();

        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        assertThat(latest.values()).extracting(Incident::suspects, Incident::decisions).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of(Suspect.ip("45.1.2.3")), 6L),
                org.assertj.core.groups.Tuple.tuple(List.of(Suspect.ip("198.51.100.7")), 6L));
    }

    @Test
    void shouldRecogniseACampaignOfAnotherEraWhileThisOnesStreamTimeMovesHoursOn() {
        // Six sources scan one target within minutes, three years ago; beside them, a scanner of today whose
        // decisions move stream time on by half an hour each.
        Instant then = START.minus(Duration.ofDays(3 * 365));
        for (int i = 1; i <= 6; i++) {
            send(scan("now-" + i, at(min(30L * i)), "203.0.113.77", "10.0.0.70"));
            send(scan("then-" + i, then.plus(min(i)), "45.0.0." + i, "10.0.0.5"));
        }
        flush();

        Map<String, Incident> latest = latestById(incidents.readValuesToList());
        // As alone: the third source makes the campaign, the two before it keep their own incidents.
        List<Incident> campaigns = latest.values().stream().filter(Incident::campaign).toList();
        assertThat(campaigns).hasSize(1);
        assertThat(campaigns.get(0).suspects()).containsExactly(Suspect.ip("45.0.0.3"), Suspect.ip("45.0.0.4"),
                Suspect.ip("45.0.0.5"), Suspect.ip("45.0.0.6"));
        assertThat(latest.values().stream().filter(i -> !i.campaign()).map(i -> i.suspects().get(0)))
                .containsExactlyInAnyOrder(Suspect.ip("45.0.0.1"), Suspect.ip("45.0.0.2"), Suspect.ip("203.0.113.77"));
    }

    @Test
    void shouldOpenNoIncidentForADecisionThatAlertedOnlyForMissingVotes() {
        send(decision("e1", START, "45.1.2.3", "10.0.0.5", List.of(safe("e1", "network"), safe("e1", "identity")),
                List.of("threat-intel")));
        flush();
        assertThat(incidents.isEmpty()).isTrue();
        assertThat(driver.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("missing-only-decisions-total"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum()).isEqualTo(1.0);
    }

    @Test
    void shouldOpenNoIncidentForSafeDecisions() {
        send(decision("e1", START, "45.1.2.3", "10.0.0.5", List.of(safe("e1", "network"), safe("e1", "identity")),
                List.of()));
        // SAFE overall, though one agent had a weak finding (a weighted policy may score it so).
        send(new Decision("e2", Severity.SAFE, Action.MONITOR, 0, List.of(
                finding("e2", "network", Verdict.SUSPICIOUS, 0.2, "45.1.2.3", "port_scan", "a few ports")),
                List.of(), POLICY.id(), event(START, "45.1.2.3", "10.0.0.5"), Map.of(), START));
        flush();
        assertThat(incidents.isEmpty()).isTrue();
    }

    private static Feedback suppression(String id, Map<String, String> match, Instant expiresAt) {
        return new Feedback(id, Feedback.Kind.VERDICT, "INC-x", null, Feedback.Verdict.BENIGN,
                new Feedback.Suppression(match, expiresAt), List.of("network"), List.of("port_scan"),
                "our own scanner", "alice", START);
    }

    @Test
    void shouldTurnMatchingDecisionsIntoSuppressedIncidentsUntilTheSuppressionExpires() {
        feedback.pipeInput("INC-x", suppression("fb-1", Map.of("source.ip", "45.1.0.0/16", "destination.port", "22"),
                WALL_CLOCK.plus(Duration.ofHours(1))), START);
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("e2", at(min(1)), "45.1.9.9", "10.0.0.5"));
        // Another target: three sources on one would be a campaign, which is not what this test is about.
        send(scan("e3", at(min(2)), "45.2.0.1", "10.0.0.7"));

        List<Incident> out = incidents.readValuesToList();
        assertThat(out).extracting(Incident::status, Incident::suppressedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Status.SUPPRESSED, "fb-1"),
                        org.assertj.core.groups.Tuple.tuple(Status.SUPPRESSED, "fb-1"),
                        org.assertj.core.groups.Tuple.tuple(Status.OPEN, null));
        assertThat(out.get(0).id()).isEqualTo(
                TrackedIncident.idFor("suppressed:fb-1|suspect:ip:45.1.2.3", at(min(0)).toEpochMilli()));
        assertThat(out.get(2).suspects()).containsExactly(Suspect.ip("45.2.0.1"));

        // Counted, never dropped.
        send(scan("e4", at(min(3)), "45.1.2.3", "10.0.0.5"));
        flush();
        Incident counted = incidents.readValue();
        assertThat(counted.id()).isEqualTo(out.get(0).id());
        assertThat(counted.decisions()).isEqualTo(2L);
        assertThat(counted.status()).isEqualTo(Status.SUPPRESSED);

        driver.advanceWallClockTime(Duration.ofHours(1));
        send(scan("e5", at(min(4)), "45.1.2.3", "10.0.0.5"));
        Incident afterExpiry = incidents.readValue();
        assertThat(afterExpiry.status()).isEqualTo(Status.OPEN);
        assertThat(afterExpiry.suppressedBy()).isNull();
        assertThat(afterExpiry.id()).isEqualTo(TrackedIncident.idFor("suspect:ip:45.1.2.3", at(min(4)).toEpochMilli()));
        assertThat(incidents.isEmpty()).isTrue();
    }

    @Test
    void shouldMatchASuppressionOnlyWhenEveryEntryHolds() {
        feedback.pipeInput("INC-x", suppression("fb-2", Map.of("suspect", "ip:45.1.2.3", "destination.ip", "10.0.0.6"),
                WALL_CLOCK.plus(Duration.ofHours(1))), START);
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        send(scan("e2", at(min(1)), "45.1.2.3", "10.0.0.6"));
        assertThat(incidents.readValuesToList()).extracting(Incident::status)
                .containsExactly(Status.OPEN, Status.SUPPRESSED);
    }

    @Test
    void shouldSendASuppressionNamingAnUnknownFieldToDeadLettersOnce() {
        feedback.pipeInput("INC-x", suppression("fb-3", Map.of("process.name", "nmap"), WALL_CLOCK.plus(Duration.ofHours(1))),
                START);
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
        send(scan("e1", at(min(0)), "45.1.2.3", "10.0.0.5"));
        assertThat(incidents.readValue().status()).isEqualTo(Status.OPEN);
    }

    @Test
    void shouldNameEveryStoreProcessorAndTopicExplicitly() {
        String description = IncidentTopology.buildTopology(CONFIG, POLICY).describe().toString();
        assertThat(description)
                .contains(IncidentTopology.CAMPAIGN_STORE, IncidentTopology.GROUPS_STORE,
                        IncidentTopology.SUPPRESSIONS_STORE, IncidentTopology.BY_TARGET_TOPIC + "-repartition",
                        IncidentTopology.BY_GROUP_TOPIC + "-repartition", IncidentTopology.DECISIONS_SOURCE,
                        IncidentTopology.FEEDBACK_SOURCE, IncidentTopology.SIGHTER, IncidentTopology.CAMPAIGNS,
                        IncidentTopology.SUPPRESSIONS, IncidentTopology.MERGE, IncidentTopology.BUILDER,
                        IncidentTopology.SINK, AuditChain.HEADS_STORE, AuditChain.SOURCE, AuditChain.CHAIN,
                        AuditChain.SINK)
                .doesNotContain("KSTREAM-", "KTABLE-", "STATE-STORE-");
    }

    @Test
    void shouldWriteFromTheIncidentStepsAloneTheSameIncidentsAsTheWholeApp() {
        List<Incident> whole = groupScenario(driver, new Driven(decisions, feedback, incidents));
        assertThat(whole).hasSizeGreaterThan(5);

        try (TopologyTestDriver steps = incidentStepsDriver()) {
            assertThat(groupScenario(steps, Driven.of(steps))).isEqualTo(whole);
        }
        String description = IncidentTopology.buildIncidentStepsTopology(CONFIG, POLICY).describe().toString();
        assertThat(description).contains(IncidentTopology.SIGHTER, IncidentTopology.CAMPAIGNS,
                        IncidentTopology.BUILDER, IncidentTopology.SINK)
                .doesNotContain(AuditChain.CHAIN, AuditChain.SOURCE);
    }

    @Test
    void shouldKeepACampaignInTheIncidentStepsAloneWhenItsActionIsProposedLongAfterItsEvents() {
        // As when a recording is replayed: decided today, about events of long ago. The proposal to block
        // is stamped when it was decided; run in one task with the campaign tracker, it would move the
        // tracker's stream time a year on, and the tracker would forget the campaign's suspects.
        try (TopologyTestDriver steps = incidentStepsDriver()) {
            Driven driven = Driven.of(steps);
            List<Decision> sent = List.of(scan("c1", at(min(1)), "45.0.0.1", "10.0.0.5"),
                    scan("c2", at(min(2)), "45.0.0.2", "10.0.0.5"), scan("c3", at(min(3)), "45.0.0.3", "10.0.0.5"),
                    criticalScan("c4", at(min(4)), "45.0.0.4", "10.0.0.5"),
                    scan("c5", at(min(5)), "45.0.0.5", "10.0.0.5"));
            for (Decision d : sent) {
                Decision decidedAYearLater = new Decision(d.eventId(), d.verdict(), d.action(), d.score(), d.votes(),
                        d.missingAgents(), d.policy(), d.event(), d.labels(), d.decidedAt().plus(Duration.ofDays(365)));
                driven.decisions().pipeInput(d.eventId(), decidedAYearLater, d.event().timestamp());
            }
            steps.advanceWallClockTime(Duration.ofSeconds(6));
            Map<String, Incident> latest = latestById(driven.incidents().readValuesToList());
            // The listed scanner is an incident of its own (another class), one whose action is to block.
            assertThat(latest.values()).filteredOn(i -> i.action() == Action.BLOCK_IP)
                    .extracting(Incident::suspects).containsExactly(List.of(Suspect.ip("45.0.0.4")));
            // The scan after it still joins the campaign that the third source formed.
            List<Incident> campaigns = latest.values().stream().filter(Incident::campaign).toList();
            assertThat(campaigns).hasSize(1);
            assertThat(campaigns.get(0).suspects()).containsExactly(Suspect.ip("45.0.0.3"), Suspect.ip("45.0.0.5"));
        }
    }

    /** A campaign, a suspect of its own with a burst after the gap, a suppression and a brute force. */
    private static List<Incident> groupScenario(TopologyTestDriver driver, Driven driven) {
        driven.feedback().pipeInput("INC-x", suppression("fb-1", Map.of("source.ip", "45.9.0.0/16"),
                WALL_CLOCK.plus(Duration.ofHours(1))), START);
        List<Decision> sent = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(scan("c" + i, at(min(i)), "45.0.0." + i, "10.0.0.5"));
        }
        sent.add(scan("s1", at(min(2)), "45.1.2.3", "10.0.0.6"));
        sent.add(scan("x1", at(min(6)), "45.9.1.1", "10.0.0.7"));
        sent.add(bruteForce("b1", at(min(7)), "45.3.3.3", "10.0.0.8"));
        sent.add(criticalScan("k1", at(min(8)), "45.4.4.4", "10.0.0.9"));
        sent.add(scan("s2", at(min(5).plus(GAP).plus(min(1))), "45.1.2.3", "10.0.0.6"));
        for (Decision d : sent) {
            driven.decisions().pipeInput(d.eventId(), d, d.event().timestamp());
        }
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        return driven.incidents().readValuesToList();
    }

    private static Map<String, Incident> latestById(List<Incident> out) {
        Map<String, Incident> latest = new java.util.LinkedHashMap<>();
        for (Incident i : out) {
            Incident before = latest.get(i.id());
            assertThat(before == null || before.version() < i.version())
                    .as("versions of %s grow", i.id()).isTrue();
            latest.put(i.id(), i);
        }
        return latest;
    }
}
