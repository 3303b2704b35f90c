package io.socswarm.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scorer: counts scored events into the figures of EVALUATION.md. An event is alerted when
 * its decision is not SAFE; for the ablation, an agent alerted when its own vote was not SAFE.
 * Events labelled ignore count only towards {@code events}, {@code decided} and missing votes
 * (pipeline health), never towards a detection figure. An event that got no decision counts as
 * not alerted: a lost event is never a detection.
 *
 * <p>Tallies of several datasets {@link #merge merge} into the overall one; attackers and alerted
 * entities stay apart per dataset there (the same address in two recordings is two cases).
 */
final class DetectionFigures {
    private final List<String> agents;
    private long events;
    private long decided;
    private long ignored;
    private long withMissingAgents;
    private long alerts;
    private long blocks;
    private long blocksOnAttacks;
    private long deadLetters;
    private long duplicateIds;
    private final Confusion swarm = new Confusion();
    private final Map<String, Confusion> byAgent = new LinkedHashMap<>();
    private final Map<String, long[]> byClass = new TreeMap<>();
    private final Set<String> alertedEntities = new HashSet<>();
    private final Map<String, Attacker> attackers = new LinkedHashMap<>();
    private int datasets;
    /** Null when the incident builder did not run (unit tests of the per-event figures). */
    private IncidentFigures.Counts incidents;
    private Report.Feedback feedback;

    /** Counts of one alerting source against the truth. */
    private static final class Confusion {
        long tp;
        long fp;
        long fn;
        long tn;

        void add(boolean attack, boolean alerted) {
            if (attack) {
                if (alerted) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (alerted) {
                fp++;
            } else {
                tn++;
            }
        }

        void add(Confusion other) {
            tp += other.tp;
            fp += other.fp;
            fn += other.fn;
            tn += other.tn;
        }

        Report.Rates rates() {
            return new Report.Rates(ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn),
                    ratio(fp, fp + tn));
        }
    }

    /** An attacking entity: when it first attacked, and when one of its attack events was first alerted. */
    private static final class Attacker {
        Instant firstAttack;
        Instant firstAlert;

        void add(Instant time, boolean alerted) {
            if (firstAttack == null || time.isBefore(firstAttack)) {
                firstAttack = time;
            }
            if (alerted && (firstAlert == null || time.isBefore(firstAlert))) {
                firstAlert = time;
            }
        }

        void add(Attacker other) {
            if (other.firstAttack != null) {
                add(other.firstAttack, false);
            }
            if (other.firstAlert != null && (firstAlert == null || other.firstAlert.isBefore(firstAlert))) {
                firstAlert = other.firstAlert;
            }
        }
    }

    /** What the Sigma rules fired on: rule id → attack class (or {@value #BENIGN}) → events. */
    private final Map<String, Map<String, Long>> sigmaRules = new TreeMap<>();
    static final String BENIGN = "benign";

    DetectionFigures(List<String> agents) {
        this.agents = List.copyOf(agents);
        agents.forEach(a -> byAgent.put(a, new Confusion()));
    }

    void add(Scored event) {
        events++;
        if (event.decided() && !event.label().isIgnored()) {
            String label = event.label().isAttack() ? event.label().name() : BENIGN;
            for (String rule : event.outcome().sigmaRules()) {
                sigmaRules.computeIfAbsent(rule, r -> new TreeMap<>()).merge(label, 1L, Long::sum);
            }
        }
        if (event.decided()) {
            decided++;
            if (event.outcome().missingAgents()) {
                withMissingAgents++;
            }
        }
        Label label = event.label();
        if (label.isIgnored()) {
            ignored++;
            return;
        }
        boolean attack = label.isAttack();
        boolean alerted = event.alerted();
        swarm.add(attack, alerted);
        for (String agent : agents) {
            byAgent.get(agent).add(attack, event.alertedBy(agent));
        }
        if (alerted) {
            alerts++;
            if (event.entity() != null) {
                alertedEntities.add(event.entity());
            }
        }
        if (event.decided() && event.outcome().blocked()) {
            blocks++;
            if (attack) {
                blocksOnAttacks++;
            }
        }
        if (attack) {
            long[] c = byClass.computeIfAbsent(label.name(), k -> new long[2]);
            c[0]++;
            if (alerted) {
                c[1]++;
            }
            if (label.attacker() != null) {
                attackers.computeIfAbsent(label.attacker(), k -> new Attacker()).add(event.time(), alerted);
            }
        }
    }

    void deadLetters(long count) {
        deadLetters = count;
    }

    void duplicateIds(long count) {
        duplicateIds = count;
    }

    void incidents(IncidentFigures.Counts counts) {
        incidents = counts;
    }

    void feedback(Report.Feedback figures) {
        feedback = figures;
    }

    /** Every attacker of this dataset, as the truth names it. */
    Set<String> attackers() {
        return Set.copyOf(attackers.keySet());
    }

    long scoredEvents() {
        return events - ignored;
    }

    /** True when some event carries a label other than ignore: such a dataset counts towards overall. */
    boolean labelled() {
        return events > ignored;
    }

    /** Adds another dataset's tally; {@code scope} keeps its entities apart from other datasets'. */
    void merge(DetectionFigures other, String scope) {
        datasets++;
        events += other.events;
        decided += other.decided;
        ignored += other.ignored;
        withMissingAgents += other.withMissingAgents;
        alerts += other.alerts;
        blocks += other.blocks;
        blocksOnAttacks += other.blocksOnAttacks;
        swarm.add(other.swarm);
        other.byAgent.forEach((agent, c) -> byAgent.computeIfAbsent(agent, a -> new Confusion()).add(c));
        other.byClass.forEach((name, c) -> {
            long[] mine = byClass.computeIfAbsent(name, k -> new long[2]);
            mine[0] += c[0];
            mine[1] += c[1];
        });
        other.sigmaRules.forEach((rule, classes) -> classes.forEach((label, n) ->
                sigmaRules.computeIfAbsent(rule, r -> new TreeMap<>()).merge(label, n, Long::sum)));
        other.alertedEntities.forEach(e -> alertedEntities.add(scope + "/" + e));
        other.attackers.forEach((a, t) -> attackers.computeIfAbsent(scope + "/" + a, k -> new Attacker()).add(t));
        if (other.incidents != null) {
            incidents = (incidents == null ? IncidentFigures.Counts.NONE : incidents).plus(other.incidents);
        }
        if (other.feedback != null) {
            Report.Feedback f = other.feedback;
            Report.Feedback mine = feedback == null ? new Report.Feedback(f.rate(), 0, 0, 0, 0, 0) : feedback;
            feedback = new Report.Feedback(f.rate(), mine.falseWithout() + f.falseWithout(),
                    mine.falseWith() + f.falseWith(), mine.trueWithout() + f.trueWithout(),
                    mine.trueWith() + f.trueWith(), mine.answered() + f.answered());
        }
    }

    Report.Dataset dataset(String name, Double seconds) {
        return new Report.Dataset(name, events, decided, events - decided, swarm.rates(), perClass(),
                attackerFigures(), ratio(blocksOnAttacks, blocks), perThousand(), alertedEntities.size(),
                agentRates(), ignored, alerts, blocks, withMissingAgents, deadLetters, duplicateIds,
                seconds == null ? null : round(seconds, 1), incidents == null ? null : incidents.report(), feedback,
                sigmaRules());
    }

    Report.Overall overall() {
        Report.Rates r = swarm.rates();
        return new Report.Overall(r.precision(), r.recall(), r.f1(), r.fpr(), datasets, events, decided,
                events - decided, perClass(), attackerFigures(), ratio(blocksOnAttacks, blocks), perThousand(),
                alertedEntities.size(), agentRates(), ignored, alerts, blocks, withMissingAgents,
                incidents == null ? null : incidents.report(), feedback, sigmaRules());
    }

    /** Copies, so that a report does not change as more datasets are pooled. */
    private Map<String, Map<String, Long>> sigmaRules() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        sigmaRules.forEach((rule, classes) -> copy.put(rule, Map.copyOf(new TreeMap<>(classes))));
        return copy;
    }

    private Map<String, Report.ClassFigures> perClass() {
        Map<String, Report.ClassFigures> rows = new LinkedHashMap<>();
        byClass.forEach((name, c) -> rows.put(name, new Report.ClassFigures(c[0], c[1], ratio(c[1], c[0]))));
        return rows;
    }

    private Map<String, Report.Rates> agentRates() {
        Map<String, Report.Rates> rows = new LinkedHashMap<>();
        byAgent.forEach((agent, c) -> rows.put(agent, c.rates()));
        return rows;
    }

    private Report.Attackers attackerFigures() {
        List<Double> delays = new ArrayList<>();
        for (Attacker a : attackers.values()) {
            if (a.firstAlert != null) {
                delays.add(Duration.between(a.firstAttack, a.firstAlert).toMillis() / 1000.0);
            }
        }
        return new Report.Attackers(attackers.size(), delays.size(), median(delays));
    }

    private Double perThousand() {
        long scored = events - ignored;
        return scored == 0 ? null : round(alerts * 1000.0 / scored, 1);
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return round(m, 3);
    }

    /** A share rounded to four places, or null when there is nothing to divide by. */
    static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 4);
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
