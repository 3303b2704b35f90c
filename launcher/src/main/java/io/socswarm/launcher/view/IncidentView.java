package io.socswarm.launcher.view;

import io.socswarm.local.Terminal;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Suspect;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code ./swarm up} shows by default: one line when an incident opens, escalates or is
 * suppressed, instead of one line per decision; the counts the tally adds (open, suppressed,
 * actions waiting for a person); and the incidents that end the summary. It keeps the latest state
 * of each incident and action it has seen (the local run's incidents, a few per attacker).
 *
 * <p>Every text that came from a topic (suspects, targets, reasons) was shaped by log content, so
 * it is cleaned of control characters before it reaches the terminal.
 */
public final class IncidentView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Incidents listed by the summary; the rest are counted. */
    static final int SUMMARY_ROWS = 15;

    private final PrintStream out;
    private final Terminal terminal;
    private final boolean showIncidents;
    private final Map<String, Incident> incidents = new HashMap<>();
    private final Map<String, ActionRequest> actions = new HashMap<>();
    private final Map<String, Investigation> investigations = new HashMap<>();

    public IncidentView(PrintStream out, Terminal terminal, boolean showIncidents) {
        this.out = out;
        this.terminal = terminal;
        this.showIncidents = showIncidents;
    }

    public void onIncident(Incident incident) {
        String line;
        synchronized (this) {
            Incident before = incidents.get(incident.id());
            if (before != null && before.version() >= incident.version()) {
                return;
            }
            if (!incident.standsAlone()) {
                // Now part of another incident, which counts and shows it.
                incidents.remove(incident.id());
                return;
            }
            incidents.put(incident.id(), incident);
            line = change(before, incident);
        }
        if (showIncidents && line != null) {
            print(line);
        }
    }

    public synchronized void onAction(ActionRequest action) {
        ActionRequest before = actions.get(action.id());
        if (before == null || before.version() < action.version()) {
            actions.put(action.id(), action);
        }
    }

    /**
     * Shows the analyst's report on an incident: who wrote it, and its first finding. A report that
     * would print the same line as the incident's last one (a grown incident, investigated again to
     * the same conclusion) is kept but not shown again.
     */
    public void onInvestigation(Investigation report) {
        Investigation before;
        synchronized (this) {
            before = investigations.get(report.incidentId());
            if (before != null && before.incidentVersion() > report.incidentVersion()) {
                return;
            }
            investigations.put(report.incidentId(), report);
        }
        if (showIncidents) {
            String line = reportLine(report);
            if (before == null || !line.equals(reportLine(before))) {
                print(line);
            }
        }
    }

    private String reportLine(Investigation report) {
        // The first finding says what happened; the summary's first sentence only names the incident.
        String summary = !report.findings().isEmpty() ? report.findings().get(0).text()
                : report.summary().isBlank() ? "(no summary)" : report.summary();
        return terminal.dim(String.format(Locale.ROOT, "         🔎 %s by %s: ", Terminal.clean(report.incidentId(), 40),
                Terminal.clean(report.analyst(), 40))) + Terminal.clean(summary, 160)
                + terminal.dim(String.format(Locale.ROOT, " · %d finding%s, %d IOC%s%s", report.findings().size(),
                        report.findings().size() == 1 ? "" : "s", report.iocs().size(),
                        report.iocs().size() == 1 ? "" : "s",
                        report.removedClaims().isEmpty() ? "" : ", " + report.removedClaims().size() + " claim(s) removed"));
    }

    /** Incidents that stand open and have no report yet from the analyst. */
    public synchronized long openWithoutReport() {
        return incidents.values().stream()
                .filter(i -> i.status() == Incident.Status.OPEN && !investigations.containsKey(i.id())).count();
    }

    /** The summary's analyst line: reports, by whom, claims removed and injection suspected. */
    public synchronized String investigationLine() {
        Map<String, Long> byAnalyst = investigations.values().stream()
                .collect(Collectors.groupingBy(Investigation::analyst, java.util.TreeMap::new, Collectors.counting()));
        long removed = investigations.values().stream().mapToLong(r -> r.removedClaims().size()).sum();
        long injection = investigations.values().stream().filter(Investigation::injectionSuspected).count();
        return String.format(Locale.ROOT, "%,d incident%s investigated%s · %,d claim%s removed · %,d with injection suspected",
                investigations.size(), investigations.size() == 1 ? "" : "s",
                byAnalyst.isEmpty() ? "" : " (" + byAnalyst.entrySet().stream()
                        .map(e -> Terminal.clean(e.getKey(), 40) + " " + e.getValue()).collect(Collectors.joining(", ")) + ")",
                removed, removed == 1 ? "" : "s", injection);
    }

    /** The line for a change worth a person's attention, or null for plain growth. */
    String change(Incident before, Incident now) {
        if (now.status() == Incident.Status.SUPPRESSED) {
            return before == null || before.status() != Incident.Status.SUPPRESSED ? line("SUPPRESSED", now) : null;
        }
        if (before == null) {
            return line(now.campaign() ? "CAMPAIGN" : "NEW", now);
        }
        if (now.severity().compareTo(before.severity()) > 0) {
            return line("ESCALATED", now);
        }
        return null;
    }

    String line(String what, Incident i) {
        StringBuilder sb = new StringBuilder();
        sb.append(terminal.dim(i.lastSeen() != null ? TIME.format(i.lastSeen()) : "--:--:--")).append(' ');
        sb.append(String.format(Locale.ROOT, "%-10s ", what));
        String severity = String.format(Locale.ROOT, "%-8s", i.severity());
        sb.append(i.status() == Incident.Status.SUPPRESSED ? terminal.dim(severity)
                : i.severity() == Decision.Severity.CRITICAL ? terminal.red(severity) : terminal.yellow(severity));
        sb.append(' ').append(String.format(Locale.ROOT, "%-22s", Terminal.clean(String.join(",", i.classes()), 30)));
        sb.append(' ').append(Terminal.clean(names(i.suspects(), i.suspectCount()), 60));
        if (!i.targets().isEmpty()) {
            sb.append(" → ").append(Terminal.clean(names(i.targets(), i.targets().size()), 50));
        }
        sb.append(terminal.dim(String.format(Locale.ROOT, " · %,d decision%s · %s", i.decisions(),
                i.decisions() == 1 ? "" : "s", Terminal.clean(i.id(), 40))));
        if (!i.reasons().isEmpty()) {
            sb.append('\n').append("         ").append(terminal.dim("↳ " + Terminal.clean(i.reasons().get(0), 140)));
        }
        return sb.toString();
    }

    private static String names(List<?> items, int count) {
        List<String> shown = items.stream().limit(3)
                .map(o -> o instanceof Suspect s ? s.value() : String.valueOf(o)).toList();
        String text = String.join(", ", shown);
        int more = Math.max(count, items.size()) - shown.size();
        return more > 0 ? text + String.format(Locale.ROOT, " (+%,d)", more) : text;
    }

    /** The tally's incident part: {@code 3 incidents open · 1 suppressed · 2 actions pending approval}. */
    public synchronized String tally() {
        return String.format(Locale.ROOT, "%,d incident%s open · %,d suppressed · %,d action%s pending approval",
                count(Incident.Status.OPEN), count(Incident.Status.OPEN) == 1 ? "" : "s",
                count(Incident.Status.SUPPRESSED), pendingActions(), pendingActions() == 1 ? "" : "s");
    }

    public synchronized long count(Incident.Status status) {
        return incidents.values().stream().filter(i -> i.status() == status).count();
    }

    /** Decisions counted by the incidents seen so far, suppressed ones included. */
    public synchronized long groupedDecisions() {
        return incidents.values().stream().mapToLong(Incident::decisions).sum();
    }

    public synchronized long total() {
        return incidents.size();
    }

    public synchronized long pendingActions() {
        return actions.values().stream().filter(a -> a.state() == ActionRequest.State.PROPOSED).count();
    }

    /** The summary's incidents: the most severe and largest first. */
    public synchronized List<String> summaryLines() {
        List<Incident> all = new ArrayList<>(incidents.values());
        all.sort(Comparator.comparing((Incident i) -> i.status() == Incident.Status.SUPPRESSED)
                .thenComparing(Incident::severity, Comparator.reverseOrder())
                .thenComparing(Incident::decisions, Comparator.reverseOrder())
                .thenComparing(Incident::id));
        List<String> lines = new ArrayList<>();
        for (Incident i : all.subList(0, Math.min(SUMMARY_ROWS, all.size()))) {
            lines.add(line(i.status().toString(), i).lines().findFirst().orElse(""));
        }
        if (all.size() > SUMMARY_ROWS) {
            lines.add(terminal.dim(String.format(Locale.ROOT, "… and %,d more (./swarm incidents list)",
                    all.size() - SUMMARY_ROWS)));
        }
        Map<ActionRequest.State, Long> byState = actions.values().stream()
                .collect(Collectors.groupingBy(ActionRequest::state, Collectors.counting()));
        if (!byState.isEmpty()) {
            lines.add(terminal.dim("actions: " + byState.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey().toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(" · ")) + " (./swarm actions list)"));
        }
        return lines;
    }

    private synchronized void print(String line) {
        out.println(line);
    }
}
