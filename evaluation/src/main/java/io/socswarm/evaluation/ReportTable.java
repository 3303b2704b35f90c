package io.socswarm.evaluation;

import io.socswarm.local.Terminal;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation as a person reads it: one block per dataset (the swarm's row, then each agent
 * alone, so the value of voting is visible), then the same for all datasets pooled. It prints the
 * {@link Report} records, so the table and the JSON never disagree.
 */
final class ReportTable {
    private static final String RULE = "─".repeat(78);

    private final PrintStream out;
    private final Terminal terminal;

    ReportTable(PrintStream out, Terminal terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void dataset(Report.Dataset d) {
        out.println(terminal.bold("── " + Terminal.clean(d.name(), 60) + " ") + "─".repeat(Math.max(3, 74 - d.name().length())));
        out.printf(Locale.ROOT, "  %,d events · %,d decided · %s undecided · %,d ignored · %,d with missing votes"
                        + " · %,d dead letters%s%n",
                d.events(), d.decided(), undecided(d.undecided()), d.ignored(), d.withMissingAgents(), d.deadLetters(),
                d.seconds() == null ? "" : String.format(Locale.ROOT, " · %.1f s", d.seconds()));
        if (d.duplicateIds() > 0) {
            out.printf(Locale.ROOT, "  %,d events repeated an earlier event's id (each id is decided once)%n",
                    d.duplicateIds());
        }
        figures(d.perEvent(), d.agents(), d.alertsPer1000(), d.alertedEntities(), d.blockPrecision(), d.blocks(),
                d.attackers(), d.perClass());
        incidents(d.incidents(), d.attackers(), d.feedback());
        sigmaRules(d.sigmaRules());
        out.println();
    }

    void overall(Report.Overall o) {
        out.println(terminal.bold("══ overall: " + o.datasets() + " labelled dataset(s) pooled ") + "═".repeat(40));
        out.printf(Locale.ROOT, "  %,d events · %,d decided · %s undecided · %,d ignored · %,d with missing votes%n",
                o.events(), o.decided(), undecided(o.undecided()), o.ignored(), o.withMissingAgents());
        figures(new Report.Rates(o.precision(), o.recall(), o.f1(), o.fpr()), o.agents(), o.alertsPer1000(),
                o.alertedEntities(), o.blockPrecision(), o.blocks(), o.attackers(), o.perClass());
        incidents(o.incidents(), o.attackers(), o.feedback());
        sigmaRules(o.sigmaRules());
        out.println(RULE);
    }

    /** One line per Sigma rule behind an alert: the classes of the events it fired on, benign ones too. */
    private void sigmaRules(Map<String, Map<String, Long>> rules) {
        if (rules == null || rules.isEmpty()) {
            return;
        }
        out.println("  sigma rules behind alerts (rule: events per class)");
        rules.forEach((rule, classes) -> out.printf(Locale.ROOT, "    %-38s %s%n", Terminal.clean(rule, 38),
                classes.entrySet().stream().map(c -> Terminal.clean(c.getKey(), 40) + " " + c.getValue())
                        .collect(java.util.stream.Collectors.joining(", "))));
    }

    void failure(Report.Failure f) {
        out.println(terminal.red("✗ " + Terminal.clean(f.name(), 60) + " was not evaluated: " + f.error()));
    }

    private void figures(Report.Rates swarm, Map<String, Report.Rates> agents, Double alertsPer1000, long entities,
            Double blockPrecision, long blocks, Report.Attackers attackers, Map<String, Report.ClassFigures> classes) {
        out.printf(Locale.ROOT, "  %-20s %9s %7s %7s %7s %10s %9s%n", "", "precision", "recall", "F1", "FPR",
                "alerts/1k", "entities");
        out.printf(Locale.ROOT, "  %-20s %9s %7s %7s %7s %10s %,9d%n", "swarm", num(swarm.precision()),
                num(swarm.recall()), num(swarm.f1()), num(swarm.fpr()),
                alertsPer1000 == null ? "n/a" : String.format(Locale.ROOT, "%.1f", alertsPer1000), entities);
        agents.forEach((agent, r) -> out.printf(Locale.ROOT, "  %-20s %9s %7s %7s %7s%n", "  " + agent + " alone",
                num(r.precision()), num(r.recall()), num(r.f1()), num(r.fpr())));
        out.printf(Locale.ROOT, "  block precision %s (%,d BLOCK_IP) · attackers %,d/%,d detected · median time to"
                        + " detect %s%n",
                num(blockPrecision), blocks, attackers.detected(), attackers.total(),
                attackers.medianTimeToDetectSeconds() == null ? "n/a"
                        : String.format(Locale.ROOT, "%.1f s", attackers.medianTimeToDetectSeconds()));
        if (!classes.isEmpty()) {
            out.printf(Locale.ROOT, "  %-36s %9s %9s %7s%n", "attack class", "events", "alerted", "recall");
            classes.forEach((name, c) -> out.printf(Locale.ROOT, "  %-36s %,9d %,9d %7s%n",
                    Terminal.clean(name, 36), c.events(), c.alerted(), num(c.recall())));
        }
    }

    private void incidents(Report.Incidents i, Report.Attackers attackers, Report.Feedback f) {
        if (i == null) {
            return;
        }
        out.printf(Locale.ROOT, "  incidents %,d (true %,d · false %s · suppressed %,d) · %s per 1k events · reduction %s"
                        + " · attackers covered %,d/%,d (%s incidents each) · suspect precision %s%n",
                i.opened(), i.trueIncidents(), i.falseIncidents() == 0 ? "0" : terminal.yellow(
                        String.format(Locale.ROOT, "%,d", i.falseIncidents())), i.suppressed(),
                i.per1000() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", i.per1000()), num(i.reduction()),
                i.attackersCovered(), attackers.total(), i.perCoveredAttacker() == null ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", i.perCoveredAttacker()), num(i.suspectPrecision()));
        if (i.liveOpened() == null) {
            out.printf("  (grouped in event-time order by the incident builder's topology, in process)%n");
        } else {
            out.printf(Locale.ROOT, "  (grouped in event-time order; the incident app on the broker opened %,d in the"
                    + " replay's arrival order)%n", i.liveOpened());
        }
        if (f != null) {
            out.printf(Locale.ROOT, "  feedback at rate %.2f (%,d answered): among the unanswered, false incidents %,d → %,d,"
                            + " true incidents %,d → %,d%n",
                    f.rate(), f.answered(), f.falseWithout(), f.falseWith(), f.trueWithout(), f.trueWith());
        }
    }

    private String undecided(long n) {
        String text = String.format(Locale.ROOT, "%,d", n);
        return n == 0 ? text : terminal.red(text);
    }

    private static String num(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
