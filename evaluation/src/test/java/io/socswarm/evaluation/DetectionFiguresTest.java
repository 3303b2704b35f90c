package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scorer on hand-built decisions. Every expected number is worked out by hand in the comments
 * from the events below.
 */
class DetectionFiguresTest {
    private static final List<String> AGENTS = List.of("network", "identity", "threat-intel");
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static final String A = "172.16.1.11";
    private static final String D = "198.51.100.1";
    private static final String C = "203.0.113.9";
    private static final String HOST = "10.0.0.9";

    /**
     * Attacks: port_scan by A (a1 SAFE at 0 s, a2 WARNING at 10 s, u1 undecided at 15 s, a3 BLOCK at 20 s),
     * port_scan by D (d1 WARNING at 5 s), brute_force by root (b1 SAFE at 100 s, b2 WARNING at 130 s),
     * brute_force by C (c1 SAFE at 50 s). Benign: n1 WARNING, n2 BLOCK, n3..n6 SAFE (identity alone
     * alerted on n6). Ignored: i1, a BLOCK with a missing agent.
     */
    private static DetectionFigures datasetA() {
        DetectionFigures tally = new DetectionFigures(AGENTS);
        tally.add(attack("port_scan", A, 0, A, safe()));
        tally.add(attack("port_scan", A, 10, A, warning("network")));
        tally.add(attack("port_scan", A, 15, A, null));
        tally.add(attack("port_scan", A, 20, A, block("network", "threat-intel")));
        tally.add(attack("port_scan", D, 5, D, warning("network")));
        tally.add(attack("brute_force", "root", 100, "root", safe()));
        tally.add(attack("brute_force", "root", 130, "root", warning("identity")));
        tally.add(attack("brute_force", C, 50, C, safe()));
        tally.add(benign(HOST, warning("network")));
        tally.add(benign(HOST, block("network", "threat-intel")));
        tally.add(benign("10.0.0.10", safe()));
        tally.add(benign("10.0.0.11", safe()));
        tally.add(benign("10.0.0.12", safe()));
        tally.add(benign("10.0.0.13", new Outcome(false, false, Set.of("identity"), false)));
        tally.add(new Scored(Label.ignore(), T0, "10.9.9.9", new Outcome(true, true, Set.of("threat-intel"), true)));
        return tally;
    }

    @Test
    void shouldScoreEachEventAgainstItsTruth() {
        Report.Dataset d = datasetA().dataset("a", 12.34);

        // 15 events, 1 undecided (u1), 1 ignored (i1, the only decision with a missing agent).
        assertThat(d.events()).isEqualTo(15);
        assertThat(d.decided()).isEqualTo(14);
        assertThat(d.undecided()).isEqualTo(1);
        assertThat(d.ignored()).isEqualTo(1);
        assertThat(d.withMissingAgents()).isEqualTo(1);
        // 8 attacks, 4 alerted (a2 a3 d1 b2; u1 counts as missed); 6 benign, 2 alerted (n1 n2).
        // precision 4/6, recall 4/8, F1 = 2·4/(2·4+2+4) = 8/14, FPR 2/6.
        assertThat(d.perEvent()).isEqualTo(new Report.Rates(0.6667, 0.5, 0.5714, 0.3333));
        assertThat(d.alerts()).isEqualTo(6);
        // 6 alerts among 14 scored events.
        assertThat(d.alertsPer1000()).isEqualTo(428.6);
        // 172.16.1.11, 198.51.100.1, root, 10.0.0.9; the ignored event's 10.9.9.9 is not an analyst's case here.
        assertThat(d.alertedEntities()).isEqualTo(4);
        assertThat(d.seconds()).isEqualTo(12.3);
    }

    @Test
    void shouldGiveRecallPerAttackClass() {
        Report.Dataset d = datasetA().dataset("a", null);

        assertThat(d.perClass()).containsOnlyKeys("brute_force", "port_scan");
        // port_scan: a1 a2 u1 a3 d1 = 5 events, 3 alerted; brute_force: b1 b2 c1 = 3 events, 1 alerted.
        assertThat(d.perClass().get("port_scan")).isEqualTo(new Report.ClassFigures(5, 3, 0.6));
        assertThat(d.perClass().get("brute_force")).isEqualTo(new Report.ClassFigures(3, 1, 0.3333));
    }

    @Test
    void shouldCountAttackersDetectedAndTheMedianTimeFromFirstAttackToFirstAlert() {
        Report.Attackers attackers = datasetA().dataset("a", null).attackers();

        // A: first attack 0 s, first alert 10 s; D: 5 s → 5 s; root: 100 s → 130 s; C never alerted.
        // Median of 10, 0 and 30 seconds is 10.
        assertThat(attackers).isEqualTo(new Report.Attackers(4, 3, 10.0));
    }

    @Test
    void shouldMeasureBlockPrecisionWithoutTheIgnoredBlock() {
        Report.Dataset d = datasetA().dataset("a", null);

        // a3 (attack) and n2 (benign) were blocked; i1's block is ignored.
        assertThat(d.blocks()).isEqualTo(2);
        assertThat(d.blockPrecision()).isEqualTo(0.5);
    }

    @Test
    void shouldScoreEachAgentAloneFromItsOwnVote() {
        Report.Dataset d = datasetA().dataset("a", null);

        assertThat(d.agents()).containsOnlyKeys(AGENTS);
        // network alerted on a2 a3 d1 (TP 3, FN 5) and n1 n2 (FP 2, TN 4): 3/5, 3/8, 6/13, 2/6.
        assertThat(d.agents().get("network")).isEqualTo(new Report.Rates(0.6, 0.375, 0.4615, 0.3333));
        // identity alerted on b2 (TP 1) and n6 (FP 1): 1/2, 1/8, 2/10, 1/6.
        assertThat(d.agents().get("identity")).isEqualTo(new Report.Rates(0.5, 0.125, 0.2, 0.1667));
        // threat-intel alerted on a3 and n2; its vote on the ignored i1 does not count.
        assertThat(d.agents().get("threat-intel")).isEqualTo(new Report.Rates(0.5, 0.125, 0.2, 0.1667));
    }

    @Test
    void shouldLeaveFiguresThatCannotBeComputedNull() {
        DetectionFigures quiet = new DetectionFigures(AGENTS);
        quiet.add(benign(HOST, safe()));

        Report.Dataset d = quiet.dataset("quiet", null);

        // No alert: no precision; no attack: no recall; neither: no F1. One benign, not alerted: FPR 0.
        assertThat(d.perEvent()).isEqualTo(new Report.Rates(null, null, null, 0.0));
        assertThat(d.blockPrecision()).isNull();
        assertThat(d.attackers()).isEqualTo(new Report.Attackers(0, 0, null));
        assertThat(d.alertsPer1000()).isEqualTo(0.0);

        DetectionFigures missed = new DetectionFigures(AGENTS);
        missed.add(attack("port_scan", A, 0, A, safe()));
        // An attack never alerted: recall 0 and F1 0 (not null), precision still undefined.
        assertThat(missed.dataset("missed", null).perEvent()).isEqualTo(new Report.Rates(null, 0.0, 0.0, null));
    }

    @Test
    void shouldPoolDatasetsAndKeepTheirAttackersApart() {
        DetectionFigures b = new DetectionFigures(AGENTS);
        b.add(attack("port_scan", A, 0, A, warning("network")));
        b.add(benign(HOST, safe()));
        DetectionFigures onlyIgnored = new DetectionFigures(AGENTS);
        onlyIgnored.add(new Scored(Label.ignore(), T0, HOST, safe()));
        DetectionFigures overall = new DetectionFigures(AGENTS);

        overall.merge(datasetA(), "a");
        overall.merge(b, "b");
        Report.Overall o = overall.overall();

        assertThat(onlyIgnored.labelled()).isFalse();
        assertThat(o.datasets()).isEqualTo(2);
        assertThat(o.events()).isEqualTo(17);
        assertThat(o.undecided()).isEqualTo(1);
        // TP 4+1, FP 2, FN 4, TN 4+1: 5/7, 5/9, 10/16, 2/7.
        assertThat(List.of(o.precision(), o.recall(), o.f1(), o.fpr())).containsExactly(0.7143, 0.5556, 0.625, 0.2857);
        // A in dataset b is another case than A in dataset a: 5 attackers, delays 10, 0, 30 and 0 → median 5.
        assertThat(o.attackers()).isEqualTo(new Report.Attackers(5, 4, 5.0));
        assertThat(o.alertedEntities()).isEqualTo(5);
        assertThat(o.perClass().get("port_scan")).isEqualTo(new Report.ClassFigures(6, 4, 0.6667));
        assertThat(o.agents().get("network")).isEqualTo(new Report.Rates(0.6667, 0.4444, 0.5333, 0.2857));
    }

    @Test
    void shouldCountTheClassesEachSigmaRuleFiredOnAndPoolThemOverDatasets() {
        DetectionFigures one = new DetectionFigures(List.of("sigma"));
        Outcome launcher = new Outcome(true, false, Set.of("sigma"), false, List.of("rule-empire", "rule-whoami"));
        one.add(attack("lateral_movement", A, 0, A, launcher));
        one.add(attack("lateral_movement", A, 1, A, new Outcome(true, false, Set.of("sigma"), false,
                List.of("rule-empire"))));
        one.add(benign(HOST, new Outcome(true, false, Set.of("sigma"), false, List.of("rule-empire"))));
        // Ignored events and events without a decision are not counted for any rule.
        one.add(new Scored(Label.ignore(), T0, HOST, launcher));
        one.add(attack("lateral_movement", A, 2, A, null));
        DetectionFigures two = new DetectionFigures(List.of("sigma"));
        two.add(benign(HOST, new Outcome(true, false, Set.of("sigma"), false, List.of("rule-whoami"))));

        assertThat(one.dataset("one", null).sigmaRules()).isEqualTo(java.util.Map.of(
                "rule-empire", java.util.Map.of("lateral_movement", 2L, "benign", 1L),
                "rule-whoami", java.util.Map.of("lateral_movement", 1L)));
        DetectionFigures pooled = new DetectionFigures(List.of("sigma"));
        pooled.merge(one, "one");
        pooled.merge(two, "two");
        assertThat(pooled.overall().sigmaRules()).isEqualTo(java.util.Map.of(
                "rule-empire", java.util.Map.of("lateral_movement", 2L, "benign", 1L),
                "rule-whoami", java.util.Map.of("lateral_movement", 1L, "benign", 1L)));
        assertThat(datasetA().dataset("a", null).sigmaRules()).isEmpty();
    }

    private static Scored attack(String name, String attacker, int second, String entity, Outcome outcome) {
        return new Scored(new Label(Label.Kind.ATTACK, name, attacker), T0.plusSeconds(second), entity, outcome);
    }

    private static Scored benign(String entity, Outcome outcome) {
        return new Scored(Label.benign(), T0, entity, outcome);
    }

    private static Outcome safe() {
        return new Outcome(false, false, Set.of(), false);
    }

    private static Outcome warning(String... agents) {
        return new Outcome(true, false, Set.of(agents), false);
    }

    private static Outcome block(String... agents) {
        return new Outcome(true, true, Set.of(agents), false);
    }
}
