package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.ActionRequest.Mode;
import io.socswarm.model.ActionRequest.State;
import io.socswarm.model.ActionRequest.Type;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import io.socswarm.runtime.policy.SwarmPolicy.Allowlist;
import io.socswarm.runtime.policy.SwarmPolicy.Asset;
import io.socswarm.runtime.policy.SwarmPolicy.Autonomy;
import io.socswarm.runtime.policy.SwarmPolicy.Criticality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionDeskTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final Topics TOPICS = Topics.defaults();
    private static final String APP = "soc-incidents-action-desk-test";
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of(
            "bootstrap.servers", "unused:9092",
            // A directory of its own: test runs elsewhere on this machine must not share RocksDB locks.
            "swarm.state.dir", tempStateDir()));

    private static final Duration BLOCK_TTL = Duration.ofHours(1);
    private static final Duration DISABLE_TTL = Duration.ofHours(4);
    private static final Allowlist NEVER_BLOCK = new Allowlist(List.of("10.0.0.0/8"), List.of("svc-backup"));
    private static final List<Asset> ASSETS = List.of(new Asset("198.51.100.7", Criticality.critical),
            new Asset("198.51.100.8", Criticality.high));
    /** People decide: BLOCK_IP and DISABLE_ACCOUNT wait for approval. */
    private static final SwarmPolicy APPROVE = policy("people-decide", Mode.approve);
    /** Policy blocks addresses itself at confidence 0.90 or more. */
    private static final SwarmPolicy AUTO = policy("auto-block", Mode.auto);
    private static final String AUTO_RULE = "autonomy.BLOCK_IP: auto at confidence ≥ 0.90";

    private static SwarmPolicy policy(String name, Mode blockMode) {
        return new SwarmPolicy(name, "7", SwarmPolicy.Scoring.PROTOTYPE, NEVER_BLOCK, ASSETS,
                SwarmPolicy.Incidents.DEFAULTS, Map.of(
                        Type.BLOCK_IP, new Autonomy(blockMode, 0.9, BLOCK_TTL),
                        Type.DISABLE_ACCOUNT, new Autonomy(Mode.approve, 1.0, DISABLE_TTL)));
    }

    private static String tempStateDir() {
        try {
            return Files.createTempDirectory("action-desk-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SwarmPolicy policy;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Incident> incidents;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, ActionRequest> actions;
    private TestOutputTopic<String, AuditEntry> audit;

    @BeforeEach
    void setUp() {
        start(APPROVE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** The desk alone on the two input topics, built with the checks production runs with. */
    static Topology topology(Properties properties, SwarmPolicy policy) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        KStream<String, Incident> incidents = builder.stream(TOPICS.incidents().name(),
                Consumed.with(TOPICS.incidents().keySerde(), TOPICS.incidents().valueSerde())
                        .withName("test-read-incidents"));
        KStream<String, Feedback> feedback = builder.stream(TOPICS.feedback().name(),
                Consumed.with(TOPICS.feedback().keySerde(), TOPICS.feedback().valueSerde())
                        .withName("test-read-feedback"));
        ActionDesk.addTo(incidents, feedback, TOPICS, policy);
        return builder.build(properties);
    }

    private void start(SwarmPolicy policy) {
        if (driver != null) {
            driver.close();
        }
        this.policy = policy;
        Properties properties = StreamsApps.properties(APP, CONFIG);
        driver = new TopologyTestDriver(topology(properties, policy), properties, START);
        incidents = driver.createInputTopic(TOPICS.incidents().name(), new StringSerializer(),
                TOPICS.incidents().valueSerde().serializer());
        feedback = driver.createInputTopic(TOPICS.feedback().name(), new StringSerializer(),
                TOPICS.feedback().valueSerde().serializer());
        actions = driver.createOutputTopic(TOPICS.actions().name(), TOPICS.actions().keySerde().deserializer(),
                TOPICS.actions().valueSerde().deserializer());
        audit = driver.createOutputTopic(TOPICS.auditRequests().name(), TOPICS.auditRequests().keySerde().deserializer(),
                TOPICS.auditRequests().valueSerde().deserializer());
    }

    private static Incident incident(String id, long version, Severity severity, Action action, double confidence,
            Instant updatedAt, Suspect... suspects) {
        return incident(id, version, Incident.Status.OPEN, severity, action, confidence, updatedAt, suspects);
    }

    private static Incident incident(String id, long version, Incident.Status status, Severity severity, Action action,
            double confidence, Instant updatedAt, Suspect... suspects) {
        return new Incident(id, version, status, false, severity, confidence, Arrays.asList(suspects), suspects.length,
                List.of("10.0.0.10"), List.of("brute_force"), START.minusSeconds(600), updatedAt, version,
                List.of("e1", "e2"), List.of("Ten failed logins in a minute."), List.of("identity", "network"),
                action, null, APPROVE.id(), updatedAt);
    }

    private void send(Incident incident) {
        incidents.pipeInput(incident.id(), incident, incident.updatedAt());
    }

    private static Feedback answer(String id, Feedback.Kind kind, String actionId, String by, String note,
            Instant at) {
        return new Feedback(id, kind, "inc-1", actionId, null, null, null, null, note, by, at);
    }

    private void send(Feedback f) {
        feedback.pipeInput("inc-1", f, f.at());
    }

    private static String reason(String incidentId, Severity severity, double confidence, Type type, Suspect target) {
        return String.format(Locale.ROOT, "Incident %s (%s, confidence %.2f, brute_force) recommends %s against %s.",
                incidentId, severity, confidence, type, target.key());
    }

    /** The request as first proposed under the current policy. */
    private ActionRequest proposed(String incidentId, Severity severity, Type type, Suspect target, double confidence,
            Instant at) {
        Autonomy autonomy = policy.autonomy(type);
        return new ActionRequest(incidentId + "/" + type + "/" + target.value(), 1, incidentId, type, target.value(),
                State.PROPOSED, autonomy.mode(), confidence, reason(incidentId, severity, confidence, type, target), at,
                null, null, null, at.plus(autonomy.ttl()), policy.id());
    }

    private static ActionRequest decided(ActionRequest from, State state, String by, String reason, String rule,
            Instant at, Instant expiresAt) {
        return new ActionRequest(from.id(), from.version() + 1, from.incidentId(), from.type(), from.target(), state,
                from.mode(), from.confidence(), reason, from.proposedAt(), at, by, rule, expiresAt, from.policy());
    }

    private static Map<String, String> details(String from, String to, ActionRequest request) {
        return Map.of("from", from, "to", to, "type", request.type().toString(), "target", request.target(),
                "incident", request.incidentId());
    }

    private AuditEntry proposedEntry(ActionRequest request) {
        return new AuditEntry("policy:" + policy.name(), "action.proposed", request.id(), request.reason(),
                details("NEW", "PROPOSED", request), request.proposedAt());
    }

    private AuditEntry heldEntry(ActionRequest request, String held) {
        Map<String, String> details = new HashMap<>(details("NEW", "PROPOSED", request));
        details.put("held", held);
        return new AuditEntry("policy:" + policy.name(), "action.proposed", request.id(), request.reason(), details,
                request.proposedAt());
    }

    /** A CRITICAL incident recommending a block of 45.1.2.3, sent: its proposal, read off both topics. */
    private ActionRequest blockProposed() {
        Suspect ip = Suspect.ip("45.1.2.3");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.8, START, ip));
        ActionRequest proposed = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.8, START);
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(proposed));
        audit.readKeyValuesToList();
        return proposed;
    }

    private static KeyValue<String, ActionRequest> kv(ActionRequest request) {
        return KeyValue.pair(request.id(), request);
    }

    private static KeyValue<String, AuditEntry> kv(AuditEntry entry) {
        return KeyValue.pair(entry.principal(), entry);
    }

    @Test
    void shouldProposeBlockingEachAddressOfABlockIpIncident() {
        Suspect first = Suspect.ip("45.1.2.3");
        Suspect second = Suspect.ip("45.1.2.4");
        send(incident("inc-1", 1, Severity.WARNING, Action.BLOCK_IP, 0.8, START, first, Suspect.host("ws-7"), second));

        ActionRequest one = proposed("inc-1", Severity.WARNING, Type.BLOCK_IP, first, 0.8, START);
        ActionRequest two = proposed("inc-1", Severity.WARNING, Type.BLOCK_IP, second, 0.8, START);
        assertThat(one.id()).isEqualTo("inc-1/BLOCK_IP/45.1.2.3");
        assertThat(one.expiresAt()).isEqualTo(START.plus(BLOCK_TTL));
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(one), kv(two));
        assertThat(audit.readKeyValuesToList()).containsExactly(kv(proposedEntry(one)), kv(proposedEntry(two)));
    }

    @Test
    void shouldProposeNothingForAnIncidentThatOnlyFlagsForReviewOrIsNotOpen() {
        send(incident("inc-1", 1, Severity.WARNING, Action.FLAG_FOR_REVIEW, 0.99, START, Suspect.ip("45.1.2.3"),
                Suspect.user("root")));
        send(incident("inc-2", 4, Incident.Status.SUPPRESSED, Severity.CRITICAL, Action.BLOCK_IP, 0.99, START,
                Suspect.ip("45.1.2.3"), Suspect.user("root")));
        send(incident("inc-3", 9, Incident.Status.CLOSED, Severity.CRITICAL, Action.BLOCK_IP, 0.99, START,
                Suspect.ip("45.1.2.3")));

        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void shouldNotProposeTheSameActionAgainWhenTheIncidentIsUpdated() {
        Suspect first = Suspect.ip("45.1.2.3");
        Suspect second = Suspect.ip("45.1.2.4");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.8, START, first));
        send(incident("inc-1", 2, Severity.CRITICAL, Action.BLOCK_IP, 0.85, START.plusSeconds(30), first));
        send(incident("inc-1", 3, Severity.CRITICAL, Action.BLOCK_IP, 0.85, START.plusSeconds(60), first, second));

        ActionRequest one = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, first, 0.8, START);
        ActionRequest two = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, second, 0.85, START.plusSeconds(60));
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(one), kv(two));
        assertThat(audit.readKeyValuesToList()).containsExactly(kv(proposedEntry(one)), kv(proposedEntry(two)));
    }

    @Test
    void shouldWithdrawTheProposalOfAnIncidentMergedIntoAnotherWhichProposesTheActItself() {
        Suspect ip = Suspect.ip("45.1.2.3");
        send(incident("inc-2", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.8, START, ip));
        ActionRequest later = proposed("inc-2", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.8, START);
        assertThat(actions.readValuesToList()).containsExactly(later);
        audit.readValuesToList();

        // A late decision showed inc-2 to be the second half of inc-1: it is written once more, merged.
        Instant mergedAt = START.plusSeconds(90);
        Incident open = incident("inc-2", 2, Incident.Status.CLOSED, Severity.CRITICAL, Action.BLOCK_IP, 0.8, mergedAt,
                ip);
        send(new Incident(open.id(), open.version(), open.status(), open.campaign(), open.severity(),
                open.confidence(), open.suspects(), open.suspectCount(), open.targets(), open.classes(),
                open.firstSeen(), open.lastSeen(), open.decisions(), open.sampleEventIds(), open.reasons(),
                open.agents(), open.action(), open.suppressedBy(), open.policy(), open.updatedAt(), "inc-1"));
        send(incident("inc-1", 3, Severity.CRITICAL, Action.BLOCK_IP, 0.8, mergedAt, ip));

        String why = "Incident inc-2 was merged into inc-1, which proposes this act itself.";
        ActionRequest withdrawn = decided(later, State.WITHDRAWN, "policy:people-decide", why, null, mergedAt,
                later.expiresAt());
        ActionRequest kept = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.8, mergedAt);
        assertThat(actions.readValuesToList()).containsExactly(withdrawn, kept);
        assertThat(audit.readValuesToList()).containsExactly(
                new AuditEntry("policy:people-decide", "action.withdrawn", later.id(), why,
                        details("PROPOSED", "WITHDRAWN", withdrawn), mergedAt),
                proposedEntry(kept));
        // One act, one question: answering the withdrawn proposal changes nothing.
        send(answer("f-1", Feedback.Kind.APPROVE, later.id(), "alice", "block it", mergedAt.plusSeconds(5)));
        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.readValue().act()).isEqualTo("action.refused");
    }

    @Test
    void shouldApproveOnAPersonsApprovalAndAuditItUnderTheirName() {
        ActionRequest proposed = blockProposed();

        Instant at = START.plus(Duration.ofMinutes(20));
        send(answer("fb-1", Feedback.Kind.APPROVE, proposed.id(), "alice", "Seen in three other alerts.", at));

        // It lapses a TTL after the approval, not after the proposal.
        ActionRequest approved = decided(proposed, State.APPROVED, "alice", "Seen in three other alerts.", null, at,
                at.plus(BLOCK_TTL));
        Map<String, String> details = new HashMap<>(details("PROPOSED", "APPROVED", proposed));
        details.put("feedback", "fb-1");
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(approved));
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("alice", new AuditEntry("alice",
                "action.approved", proposed.id(), "Seen in three other alerts.", details, at)));
    }

    @Test
    void shouldStampTheRecordsOfAnAnswerDatedAheadAtMostAMinuteAfterTheWallClock() {
        // The broker refuses a record stamped more than an hour ahead, and a refused write stops the app.
        ActionRequest proposed = blockProposed();
        Instant latest = START.plus(DecisionSighter.FUTURE_TOLERANCE);

        Instant at = START.plus(Duration.ofMinutes(50));
        send(answer("fb-1", Feedback.Kind.APPROVE, proposed.id(), "alice", "Block.", at));
        var action = actions.readRecord();
        assertThat(action.getValue().decidedAt()).isEqualTo(at);
        assertThat(action.getRecordTime()).isEqualTo(latest);
        var entry = audit.readRecord();
        assertThat(entry.getValue().at()).isEqualTo(at);
        assertThat(entry.getRecordTime()).isEqualTo(latest);

        // A refusal too: this action is decided already.
        Instant later = START.plus(Duration.ofHours(3));
        send(answer("fb-2", Feedback.Kind.REJECT, proposed.id(), "bob", "No.", later));
        var refused = audit.readRecord();
        assertThat(refused.getValue().act()).isEqualTo("action.refused");
        assertThat(refused.getValue().at()).isEqualTo(later);
        assertThat(refused.getRecordTime()).isEqualTo(latest);
    }

    @Test
    void shouldRejectWithThePersonsReason() {
        ActionRequest proposed = blockProposed();

        Instant at = START.plus(Duration.ofMinutes(5));
        send(answer("fb-1", Feedback.Kind.REJECT, proposed.id(), "bob", "Our partner's scanner.", at));

        ActionRequest rejected = decided(proposed, State.REJECTED, "bob", "Our partner's scanner.", null, at,
                proposed.expiresAt());
        Map<String, String> details = new HashMap<>(details("PROPOSED", "REJECTED", proposed));
        details.put("feedback", "fb-1");
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(rejected));
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("bob", new AuditEntry("bob",
                "action.rejected", proposed.id(), "Our partner's scanner.", details, at)));
    }

    @Test
    void shouldRefuseAnAnswerToAnUnknownAction() {
        Instant at = START.plusSeconds(10);
        send(answer("fb-1", Feedback.Kind.APPROVE, "inc-9/BLOCK_IP/45.1.2.3", "mallory", "Block it.", at));

        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("mallory", new AuditEntry("mallory",
                "action.refused", "inc-9/BLOCK_IP/45.1.2.3",
                "APPROVE refused: no action inc-9/BLOCK_IP/45.1.2.3 has been proposed.",
                Map.of("answer", "APPROVE", "state", "UNKNOWN", "feedback", "fb-1"), at)));
    }

    @Test
    void shouldRefuseAnAnswerToAnActionDecidedAlready() {
        Suspect ip = Suspect.ip("45.1.2.3");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.8, START, ip));
        ActionRequest proposed = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.8, START);
        Instant approvedAt = START.plusSeconds(60);
        send(answer("fb-1", Feedback.Kind.APPROVE, proposed.id(), "alice", "Block.", approvedAt));
        actions.readKeyValuesToList();
        audit.readKeyValuesToList();

        Instant at = START.plusSeconds(120);
        send(answer("fb-2", Feedback.Kind.REJECT, proposed.id(), "bob", "Not this one.", at));

        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("bob", new AuditEntry("bob",
                "action.refused", proposed.id(),
                "REJECT refused: it is APPROVED already (by alice at " + approvedAt + ").",
                Map.of("answer", "REJECT", "state", "APPROVED", "type", "BLOCK_IP", "target", "45.1.2.3",
                        "feedback", "fb-2"), at)));
    }

    @Test
    void shouldRefuseAnApprovalGivenAfterTheProposalLapsed() {
        ActionRequest proposed = blockProposed();

        Instant at = proposed.expiresAt();
        send(answer("fb-1", Feedback.Kind.APPROVE, proposed.id(), "alice", "Block.", at));

        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("alice", new AuditEntry("alice",
                "action.refused", proposed.id(),
                "APPROVE refused: the proposal lapsed at " + at + ", before the answer at " + at + ".",
                Map.of("answer", "APPROVE", "state", "PROPOSED", "type", "BLOCK_IP", "target", "45.1.2.3",
                        "feedback", "fb-1"), at)));
    }

    @Test
    void shouldExpireAnUnansweredProposalOnTheWallClockAndNotAnApprovedOne() {
        Suspect waits = Suspect.ip("45.1.2.3");
        Suspect approvedIp = Suspect.ip("45.1.2.4");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.8, START, waits, approvedIp));
        ActionRequest proposed = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, waits, 0.8, START);
        ActionRequest other = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, approvedIp, 0.8, START);
        send(answer("fb-1", Feedback.Kind.APPROVE, other.id(), "alice", "Block.", START.plusSeconds(30)));
        actions.readKeyValuesToList();
        audit.readKeyValuesToList();

        driver.advanceWallClockTime(BLOCK_TTL.minusSeconds(10));
        assertThat(actions.isEmpty()).isTrue();

        // The approved one (which lapses at START + 30 s + TTL) stays APPROVED.
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        Instant now = START.plus(BLOCK_TTL).plus(Duration.ofMinutes(2)).minusSeconds(10);
        ActionRequest expired = decided(proposed, State.EXPIRED, "policy:people-decide", proposed.reason(), null, now,
                proposed.expiresAt());
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(expired));
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("policy:people-decide",
                new AuditEntry("policy:people-decide", "action.expired", proposed.id(),
                        "No answer before " + proposed.expiresAt() + ".", details("PROPOSED", "EXPIRED", proposed),
                        now)));

        driver.advanceWallClockTime(Duration.ofHours(2));
        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void shouldApproveByPolicyInAutoModeAtOrAboveTheConfidence() {
        start(AUTO);
        Suspect ip = Suspect.ip("45.1.2.3");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.9, START, ip));

        ActionRequest proposed = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.9, START);
        ActionRequest approved = decided(proposed, State.APPROVED, "policy:auto-block", proposed.reason(), AUTO_RULE,
                START, START.plus(BLOCK_TTL));
        assertThat(proposed.mode()).isEqualTo(Mode.auto);
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(proposed), kv(approved));
        assertThat(audit.readKeyValuesToList()).containsExactly(kv(proposedEntry(proposed)),
                kv(new AuditEntry("policy:auto-block", "action.approved", proposed.id(), AUTO_RULE,
                        details("PROPOSED", "APPROVED", proposed), START)));

        // Approved by policy, it is final: a person's later answer is refused.
        send(answer("fb-1", Feedback.Kind.REJECT, proposed.id(), "bob", "No.", START.plusSeconds(5)));
        assertThat(actions.isEmpty()).isTrue();
        assertThat(audit.readValuesToList()).extracting(AuditEntry::act).containsExactly("action.refused");
    }

    @Test
    void shouldLeaveAPersonToDecideInAutoModeBelowTheConfidenceOrForAllowlistedOrCriticalTargets() {
        start(AUTO);
        Suspect unsure = Suspect.ip("45.1.2.3");
        Suspect allowlisted = Suspect.ip("10.20.30.40");
        Suspect critical = Suspect.ip("198.51.100.7");
        Suspect high = Suspect.ip("198.51.100.8");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.89, START, unsure));
        send(incident("inc-2", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.99, START, allowlisted, critical, high));

        ActionRequest p1 = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, unsure, 0.89, START);
        ActionRequest p2 = proposed("inc-2", Severity.CRITICAL, Type.BLOCK_IP, allowlisted, 0.99, START);
        ActionRequest p3 = proposed("inc-2", Severity.CRITICAL, Type.BLOCK_IP, critical, 0.99, START);
        ActionRequest p4 = proposed("inc-2", Severity.CRITICAL, Type.BLOCK_IP, high, 0.99, START);
        // Only a critical asset is kept from policy; a merely high one is approved like any other.
        ActionRequest a4 = decided(p4, State.APPROVED, "policy:auto-block", p4.reason(), AUTO_RULE, START,
                START.plus(BLOCK_TTL));
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(p1), kv(p2), kv(p3), kv(p4), kv(a4));
        assertThat(audit.readKeyValuesToList()).containsExactly(
                kv(heldEntry(p1, "confidence 0.89 is below the 0.90 that auto needs; a person decides")),
                kv(heldEntry(p2, "the target is on the never-block allowlist; a person decides")),
                kv(heldEntry(p3, "the target is a critical asset; a person decides")),
                kv(proposedEntry(p4)),
                kv(new AuditEntry("policy:auto-block", "action.approved", p4.id(), AUTO_RULE,
                        details("PROPOSED", "APPROVED", p4), START)));
    }

    @Test
    void shouldProposeDisablingTheAccountOfACriticalIncident() {
        Suspect ip = Suspect.ip("45.1.2.3");
        Suspect account = Suspect.user("jdoe");
        send(incident("inc-1", 1, Severity.CRITICAL, Action.BLOCK_IP, 0.95, START, account, ip));
        // A warning about an account proposes nothing against it.
        send(incident("inc-2", 1, Severity.WARNING, Action.FLAG_FOR_REVIEW, 0.95, START, Suspect.user("asmith")));

        ActionRequest disable = proposed("inc-1", Severity.CRITICAL, Type.DISABLE_ACCOUNT, account, 0.95, START);
        ActionRequest block = proposed("inc-1", Severity.CRITICAL, Type.BLOCK_IP, ip, 0.95, START);
        assertThat(disable.id()).isEqualTo("inc-1/DISABLE_ACCOUNT/jdoe");
        assertThat(disable.expiresAt()).isEqualTo(START.plus(DISABLE_TTL));
        assertThat(actions.readKeyValuesToList()).containsExactly(kv(disable), kv(block));
        assertThat(audit.readKeyValuesToList()).containsExactly(kv(proposedEntry(disable)), kv(proposedEntry(block)));
    }

    @Test
    void shouldNameEveryStoreAndInternalTopic() {
        String described = topology(StreamsApps.properties(APP, CONFIG), APPROVE).describe().toString();

        assertThat(described).contains("stores: [" + ActionDesk.ACTIONS_STORE + "]",
                "topic: " + ActionDesk.REQUESTS_REPARTITION + "-repartition", ActionDesk.DESK, ActionDesk.PROPOSE,
                ActionDesk.WRITE_ACTIONS, ActionDesk.WRITE_AUDIT);
        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-");
    }
}
