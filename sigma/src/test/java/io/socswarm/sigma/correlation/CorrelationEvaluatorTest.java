package io.socswarm.sigma.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.sigma.MapSigmaEvent;
import io.socswarm.sigma.SigmaLoader;
import io.socswarm.sigma.SigmaRuleException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationEvaluatorTest {

    private static final long MIN = 60_000L;

    private static final String FAILED_LOGON = """
            title: Failed logon
            id: 5638f7c0-0000-0000-0000-000000000001
            name: failed_logon
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 4625
                condition: selection
            """;

    private static final String SUCCESSFUL_LOGON = """
            title: Successful logon
            id: 5638f7c0-0000-0000-0000-000000000002
            name: successful_logon
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 4624
                condition: selection
            """;

    private static final String PASSWORD_SPRAY = """
            title: Password spray
            id: aaaaaaaa-0000-0000-0000-000000000001
            level: high
            correlation:
                type: value_count
                rules:
                    - failed_logon
                group-by:
                    - IpAddress
                timespan: 10m
                condition:
                    field: TargetUserName
                    gte: 4
            """;

    private static final String BRUTE_FORCE = """
            title: Brute force
            id: aaaaaaaa-0000-0000-0000-000000000002
            name: brute_force
            correlation:
                type: event_count
                rules:
                    - 5638f7c0-0000-0000-0000-000000000001
                group-by:
                    - IpAddress
                    - TargetUserName
                timespan: 5m
                condition:
                    gte: 3
            """;

    private static final String BRUTE_FORCE_THEN_SUCCESS = """
            title: Brute force followed by success
            id: aaaaaaaa-0000-0000-0000-000000000003
            correlation:
                type: temporal_ordered
                rules:
                    - brute_force
                    - successful_logon
                group-by:
                    - TargetUserName
                timespan: 1h
            """;

    private static SigmaLoader.LoadResult load() {
        return new SigmaLoader().load(String.join("---\n",
                FAILED_LOGON, SUCCESSFUL_LOGON, PASSWORD_SPRAY, BRUTE_FORCE, BRUTE_FORCE_THEN_SUCCESS), "mr_logons.yml");
    }

    private static CorrelationEvaluator evaluator(String id) {
        SigmaLoader.LoadResult result = load();
        CorrelationRule rule = result.correlations().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        return CorrelationEvaluator.of(rule, result.ruleIdsByName());
    }

    private static MapSigmaEvent logon(String ip, String user) {
        return MapSigmaEvent.of(Map.of("EventID", 4625, "IpAddress", ip, "TargetUserName", user));
    }

    @Test
    void shouldParseCorrelationDocumentsAlongsideTheirRules() {
        SigmaLoader.LoadResult result = load();
        assertThat(result.report().issues()).isEmpty();
        assertThat(result.rules()).hasSize(2);
        CorrelationRule spray = result.correlations().get(0);
        assertThat(spray.type()).isEqualTo(CorrelationType.VALUE_COUNT);
        assertThat(spray.groupBy()).containsExactly("IpAddress");
        assertThat(spray.timespan()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spray.condition().field()).isEqualTo("TargetUserName");
        assertThat(spray.condition().bounds()).containsExactly(
                new CorrelationCondition.Bound(CorrelationCondition.Operator.GTE, 4));
        assertThat(spray.level()).isEqualTo("high");
        assertThat(evaluator(spray.id()).ruleIds()).containsExactly("5638f7c0-0000-0000-0000-000000000001");
    }

    @Test
    void shouldFirePasswordSprayOnDistinctUsersFromOneSourceWithinTenMinutes() {
        CorrelationEvaluator spray = evaluator("aaaaaaaa-0000-0000-0000-000000000001");
        String rule = "failed_logon";
        assertThat(spray.groupKey(rule, logon("10.0.0.9", "alice"))).contains(List.of("10.0.0.9"));

        WindowState state = WindowState.empty();
        // the same user again does not count twice
        for (String user : List.of("alice", "ALICE2", "alice", "bob")) {
            CorrelationEvaluator.Outcome outcome = spray.observe(state, rule, 0, logon("10.0.0.9", user));
            assertThat(outcome.fired()).isFalse();
            state = outcome.state();
        }
        CorrelationEvaluator.Outcome fourth = spray.observe(state, rule, 9 * MIN, logon("10.0.0.9", "carol"));
        assertThat(fourth.fired()).isTrue();
        assertThat(fourth.hit().orElseThrow().count()).isEqualTo(4);
        assertThat(fourth.hit().orElseThrow().observations()).extracting(Observation::value)
                .containsExactly("alice", "ALICE2", "alice", "bob", "carol");
        // firing restarts the window, so the next failure alone does not fire again
        assertThat(fourth.state().isEmpty()).isTrue();
        assertThat(spray.observe(fourth.state(), rule, 9 * MIN + 1, logon("10.0.0.9", "dave")).fired()).isFalse();
    }

    @Test
    void shouldNotFirePasswordSprayWhenUsersSpreadBeyondTheTimespan() {
        CorrelationEvaluator spray = evaluator("aaaaaaaa-0000-0000-0000-000000000001");
        WindowState state = WindowState.empty();
        long[] times = {0, 4 * MIN, 8 * MIN, 11 * MIN};
        String[] users = {"u1", "u2", "u3", "u4"};
        for (int i = 0; i < 4; i++) {
            CorrelationEvaluator.Outcome outcome = spray.observe(state, "failed_logon", times[i], users[i]);
            assertThat(outcome.fired()).isFalse();
            state = outcome.state();
        }
        // u1 at 0 expired when the 11-minute event arrived
        assertThat(state.observations()).extracting(Observation::value).containsExactly("u2", "u3", "u4");
        assertThat(spray.observe(state, "failed_logon", 12 * MIN, "u5").fired()).isTrue();
    }

    @Test
    void shouldIgnoreEventsWithoutTheCountedFieldOrGroupFields() {
        CorrelationEvaluator spray = evaluator("aaaaaaaa-0000-0000-0000-000000000001");
        MapSigmaEvent noUser = MapSigmaEvent.of(Map.of("IpAddress", "10.0.0.9"));
        assertThat(spray.countedValue("failed_logon", noUser)).isNull();
        assertThat(spray.observe(WindowState.empty(), "failed_logon", 0, noUser).state().isEmpty()).isTrue();
        assertThat(spray.groupKey("failed_logon", MapSigmaEvent.of(Map.of("TargetUserName", "x")))).isEmpty();
    }

    @Test
    void shouldFireBruteForceOnFailedLogonCountPerSourceAndUser() {
        CorrelationEvaluator brute = evaluator("aaaaaaaa-0000-0000-0000-000000000002");
        String failed = "5638f7c0-0000-0000-0000-000000000001";
        assertThat(brute.groupKey(failed, logon("10.1.1.1", "admin"))).contains(List.of("10.1.1.1", "admin"));
        assertThat(brute.accepts("failed_logon")).isTrue();
        assertThat(brute.accepts("successful_logon")).isFalse();

        WindowState state = WindowState.empty();
        state = brute.observe(state, failed, 0, (String) null).state();
        state = brute.observe(state, failed, MIN, (String) null).state();
        CorrelationEvaluator.Outcome third = brute.observe(state, failed, 4 * MIN, (String) null);
        assertThat(third.fired()).isTrue();
        assertThat(third.hit().orElseThrow().firstMillis()).isZero();
        assertThat(third.hit().orElseThrow().lastMillis()).isEqualTo(4 * MIN);
    }

    @Test
    void shouldExpireBruteForceWindowByEventTime() {
        CorrelationEvaluator brute = evaluator("aaaaaaaa-0000-0000-0000-000000000002");
        String failed = "failed_logon";
        WindowState state = WindowState.empty();
        state = brute.observe(state, failed, 0, (String) null).state();
        state = brute.observe(state, failed, MIN, (String) null).state();
        // 5 minutes after the first: the first has left the [t-5m, t] window (exclusive start)
        CorrelationEvaluator.Outcome late = brute.observe(state, failed, 5 * MIN, (String) null);
        assertThat(late.fired()).isFalse();
        assertThat(late.state().observations()).hasSize(2);
        // expiry without a new event, e.g. from a punctuator, lets the caller drop idle groups
        assertThat(brute.expire(late.state(), 6 * MIN - 1).observations()).hasSize(2);
        assertThat(brute.expire(late.state(), 6 * MIN).observations()).hasSize(1);
        assertThat(brute.expire(late.state(), 20 * MIN).isEmpty()).isTrue();
        // an event older than the window of the latest one is ignored
        CorrelationEvaluator.Outcome tooOld = brute.observe(late.state(), failed, -10 * MIN, (String) null);
        assertThat(tooOld.fired()).isFalse();
        assertThat(tooOld.state().observations()).hasSize(2);
    }

    @Test
    void shouldFireTemporalOrderedOnlyWhenRulesOccurInOrder() {
        CorrelationEvaluator ordered = evaluator("aaaaaaaa-0000-0000-0000-000000000003");
        assertThat(ordered.ruleIds()).containsExactly(
                "aaaaaaaa-0000-0000-0000-000000000002", "5638f7c0-0000-0000-0000-000000000002");

        // success first, brute force after: wrong order, no hit
        WindowState state = WindowState.empty();
        state = ordered.observe(state, "successful_logon", 0, (String) null).state();
        CorrelationEvaluator.Outcome wrongOrder = ordered.observe(state, "brute_force", MIN, (String) null);
        assertThat(wrongOrder.fired()).isFalse();

        // a later success completes the sequence
        CorrelationEvaluator.Outcome rightOrder = ordered.observe(wrongOrder.state(), "successful_logon", 2 * MIN, (String) null);
        assertThat(rightOrder.fired()).isTrue();
        assertThat(rightOrder.hit().orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void shouldOrderTemporalOrderedByEventTimeNotArrival() {
        CorrelationEvaluator ordered = evaluator("aaaaaaaa-0000-0000-0000-000000000003");
        WindowState state = WindowState.empty();
        // the success arrives first but happened after the brute force: in order by event time
        state = ordered.observe(state, "successful_logon", 5 * MIN, (String) null).state();
        assertThat(ordered.observe(state, "brute_force", 3 * MIN, (String) null).fired()).isTrue();

        WindowState other = ordered.observe(WindowState.empty(), "successful_logon", 3 * MIN, (String) null).state();
        assertThat(ordered.observe(other, "brute_force", 5 * MIN, (String) null).fired()).isFalse();
    }

    @Test
    void shouldFireTemporalWhenAllRulesOccurInAnyOrder() {
        CorrelationRule temporal = new CorrelationRule("recon", "t-1", null, null, "medium", null,
                CorrelationType.TEMPORAL, List.of("a", "b", "c"), List.of("Host"), Duration.ofMinutes(5), null,
                Map.of(), false, "test");
        CorrelationEvaluator evaluator = CorrelationEvaluator.of(temporal);
        WindowState state = WindowState.empty();
        state = evaluator.observe(state, "c", 0, (String) null).state();
        state = evaluator.observe(state, "a", MIN, (String) null).state();
        CorrelationEvaluator.Outcome again = evaluator.observe(state, "a", 2 * MIN, (String) null);
        assertThat(again.fired()).isFalse();
        assertThat(evaluator.observe(again.state(), "b", 3 * MIN, (String) null).fired()).isTrue();
        // the same three, but "c" has expired by the time "b" arrives
        assertThat(evaluator.observe(again.state(), "b", 6 * MIN, (String) null).fired()).isFalse();
        assertThatThrownBy(() -> evaluator.observe(WindowState.empty(), "zzz", 0, (String) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGroupByAliasesPerReferencedRule() {
        CorrelationRule aliased = new CorrelationRule("alias", "al-1", null, null, null, null,
                CorrelationType.TEMPORAL, List.of("internal_error", "new_connection"), List.of("internal_ip"),
                Duration.ofSeconds(10), null,
                Map.of("internal_ip", Map.of("internal_error", "destination.ip", "new_connection", "source.ip")),
                false, "test");
        CorrelationEvaluator evaluator = CorrelationEvaluator.of(aliased,
                Map.of("internal_error", "id-error", "new_connection", "id-conn"));
        assertThat(evaluator.groupKey("id-error", MapSigmaEvent.of(Map.of("destination.ip", "10.0.0.1"))))
                .contains(List.of("10.0.0.1"));
        assertThat(evaluator.groupKey("new_connection", MapSigmaEvent.of(Map.of("source", Map.of("ip", "10.0.0.1")))))
                .contains(List.of("10.0.0.1"));
    }

    @Test
    void shouldRejectConditionsWithoutLowerBoundAndUnsupportedTypes() {
        CorrelationRule fewEvents = new CorrelationRule("few", "f-1", null, null, null, null,
                CorrelationType.EVENT_COUNT, List.of("a"), List.of("Host"), Duration.ofMinutes(5),
                new CorrelationCondition(List.of(new CorrelationCondition.Bound(CorrelationCondition.Operator.LT, 3)), null),
                Map.of(), false, "test");
        assertThatThrownBy(() -> CorrelationEvaluator.of(fewEvents)).isInstanceOf(SigmaRuleException.class);
        SigmaLoader.LoadResult result = new SigmaLoader().load("""
                title: sum
                id: s-1
                correlation:
                    type: value_sum
                    rules: [a]
                    group-by: [Host]
                    timespan: 1h
                    condition:
                        field: bytes
                        gt: 100
                """, "sum.yml");
        assertThat(result.report().issues()).singleElement()
                .satisfies(issue -> assertThat(issue.construct()).isEqualTo("correlation type value_sum"));
    }

    @Test
    void shouldSerialiseWindowStateForAStateStore() throws Exception {
        WindowState state = new WindowState(List.of(new Observation("r", 42L, "alice")), 42L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(state);
        }
    }
}
