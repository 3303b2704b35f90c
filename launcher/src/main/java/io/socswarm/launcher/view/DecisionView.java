package io.socswarm.launcher.view;

import io.socswarm.local.Terminal;
import io.socswarm.model.Decision;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The live view of {@code ./swarm up}: one line per decision (time, verdict and action, the event,
 * each agent's vote), the first reason under every alert, and a running tally. It also counts what
 * the summary reports, so it is the one place that knows how many events were decided.
 *
 * <p>It runs as long as {@code ./swarm up} does, so it remembers only the most recent decided ids
 * ({@code swarm.view.recent.ids}, {@value #DEFAULT_RECENT_IDS} by default, about 150 bytes each)
 * to recognise a duplicate decision. That covers the recent past, where a reprocessed batch
 * would repeat decisions; a duplicate of an older id is counted as a decision, not as a duplicate
 * (the pipeline's exactly-once output is what rules duplicates out; PipelineIT checks it over
 * whole runs).
 */
public final class DecisionView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final Terminal terminal;
    private final boolean showDecisions;
    public static final String RECENT_IDS = "swarm.view.recent.ids";
    public static final int DEFAULT_RECENT_IDS = 100_000;
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(RECENT_IDS, Type.INT, DEFAULT_RECENT_IDS, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "decided ids ./swarm up remembers to recognise a duplicate decision (about 150 bytes each)");

    private final RecentIds recent;
    private final AtomicLong decided = new AtomicLong();
    private final Map<Decision.Severity, AtomicLong> bySeverity = new EnumMap<>(Decision.Severity.class);
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong withMissingVotes = new AtomicLong();
    private final AtomicLong withFindings = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile long firstDecisionNanos;

    public DecisionView(PrintStream out, Terminal terminal, boolean showDecisions) {
        this(out, terminal, showDecisions, DEFAULT_RECENT_IDS);
    }

    /** The number of decided ids {@code config} lets the view remember. */
    public static int recentIds(SwarmConfig config) {
        return Settings.read(DEFINITION, config).getInt(RECENT_IDS);
    }

    /** @param recentIds how many of the latest decided ids are remembered to recognise duplicates */
    public DecisionView(PrintStream out, Terminal terminal, boolean showDecisions, int recentIds) {
        if (recentIds < 1) {
            throw new IllegalArgumentException("the view must remember at least one decided id, not " + recentIds);
        }
        this.recent = new RecentIds(recentIds);
        this.out = out;
        this.terminal = terminal;
        this.showDecisions = showDecisions;
        for (Decision.Severity s : Decision.Severity.values()) {
            bySeverity.put(s, new AtomicLong());
        }
    }

    public void onDecision(Decision decision) {
        if (!recent.add(decision.eventId())) {
            // Exactly-once means this never happens; if it does, the summary must say so.
            duplicates.incrementAndGet();
            return;
        }
        decided.incrementAndGet();
        if (firstDecisionNanos == 0) {
            firstDecisionNanos = System.nanoTime();
        }
        bySeverity.get(decision.verdict()).incrementAndGet();
        if (!decision.missingAgents().isEmpty()) {
            withMissingVotes.incrementAndGet();
        }
        if (decision.alerted() && decision.votes().stream().anyMatch(v -> v.verdict() != Verdict.SAFE)) {
            withFindings.incrementAndGet();
        }
        if (showDecisions) {
            print(line(decision));
        }
    }

    public void onDeadLetter() {
        deadLetters.incrementAndGet();
    }

    String line(Decision d) {
        StringBuilder sb = new StringBuilder();
        sb.append(terminal.dim(d.event() != null && d.event().timestamp() != null
                ? TIME.format(d.event().timestamp()) : "--:--:--")).append(' ');
        String verdict = String.format(Locale.ROOT, "%-8s %-15s", d.verdict(), d.action());
        sb.append(switch (d.verdict()) {
            case CRITICAL -> terminal.red(verdict);
            case WARNING -> terminal.yellow(verdict);
            case SAFE -> terminal.green(verdict);
        });
        String what = d.event() == null ? d.eventId() : d.event().oneLine();
        sb.append(' ').append(String.format(Locale.ROOT, "%-58s", Terminal.clean(what, 58)));
        for (Vote v : d.votes()) {
            sb.append(' ').append(Terminal.clean(v.agent(), 20)).append(':').append(shortVerdict(v.verdict()));
        }
        for (String missing : d.missingAgents()) {
            sb.append(' ').append(terminal.yellow(Terminal.clean(missing, 20) + ":—"));
        }
        if (d.verdict() != Decision.Severity.SAFE) {
            d.votes().stream().filter(v -> v.verdict() != Verdict.SAFE && !v.reasons().isEmpty()).findFirst()
                    .ifPresent(v -> sb.append('\n').append("         ")
                            .append(terminal.dim("↳ " + Terminal.clean(v.agent(), 20) + ": "
                                    + Terminal.clean(v.reasons().get(0), 140))));
            if (!d.missingAgents().isEmpty()) {
                sb.append('\n').append("         ").append(terminal.dim("↳ no vote from "
                        + Terminal.clean(String.join(", ", d.missingAgents()), 80) + " (it judged past the event without one, or fell silent)"));
            }
        }
        return sb.toString();
    }

    private String shortVerdict(Verdict v) {
        return switch (v) {
            case SAFE -> "safe";
            case SUSPICIOUS -> terminal.yellow("SUSPICIOUS");
            case MALICIOUS -> terminal.red("MALICIOUS");
        };
    }

    /** The running tally: one line, printed every few seconds. */
    public String tally(long sent) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return terminal.bold(String.format(Locale.ROOT,
                "── %,d events sent (%.1f/s) · %,d decided: %,d SAFE, %,d WARNING, %,d CRITICAL · %,d dead letters"
                        + " · %,d with missing votes%s",
                sent, seconds > 0 ? sent / seconds : 0.0, decidedCount(),
                count(Decision.Severity.SAFE), count(Decision.Severity.WARNING), count(Decision.Severity.CRITICAL),
                deadLetters.get(), withMissingVotes.get(),
                duplicates.get() > 0 ? String.format(Locale.ROOT, " · %,d DUPLICATE decisions", duplicates.get()) : ""));
    }

    public synchronized void print(String line) {
        out.println(line);
    }

    public long decidedCount() {
        return decided.get();
    }

    /** How many decided ids the view holds now; never more than it was told to remember. */
    int rememberedIds() {
        return recent.size();
    }

    /** The latest decided ids, oldest forgotten first. */
    private static final class RecentIds {
        private final Map<String, Boolean> ids;

        RecentIds(int capacity) {
            this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > capacity;
                }
            };
        }

        /** False when {@code id} is among the remembered ones. */
        synchronized boolean add(String id) {
            return ids.putIfAbsent(id, Boolean.TRUE) == null;
        }

        synchronized int size() {
            return ids.size();
        }
    }

    public long count(Decision.Severity severity) {
        return bySeverity.get(severity).get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public long withMissingVotes() {
        return withMissingVotes.get();
    }

    /** Alerting decisions with at least one finding: the ones the incident builder groups. */
    public long withFindings() {
        return withFindings.get();
    }

    /** Seconds from the view's start to the first decision, or -1 before it. */
    public double secondsToFirstDecision() {
        return firstDecisionNanos == 0 ? -1 : (firstDecisionNanos - startNanos) / 1e9;
    }

    /** Seconds from this JVM's launch to the first decision, or -1 before it. */
    public double secondsFromLaunchToFirstDecision() {
        if (firstDecisionNanos == 0) {
            return -1;
        }
        long uptimeNowMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        return uptimeNowMs / 1000.0 - (System.nanoTime() - firstDecisionNanos) / 1e9;
    }
}
