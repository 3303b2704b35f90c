package io.socswarm.evaluation;

import io.socswarm.incidents.Sighting;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incident figures of EVALUATION.md for one dataset: what an analyst would open, scored
 * against the truth's attackers.
 *
 * <p>An incident is <em>true</em> when at least one of its suspects is an attacker of the truth
 * file. An attacker is <em>covered</em> when a true incident names it as a suspect, or when one
 * of its alerting decisions went into a true campaign incident (a campaign names at most
 * {@link Incident#MAX_SUSPECTS} of its suspects, so the attacker's decisions are matched to it by
 * the campaign's key — the kind of its first class, and its target — and the time it spans, as the
 * incident builder grouped them).
 * Suppressed incidents are counted apart; an analyst does not open them.
 */
final class IncidentFigures {
    private final Map<String, Incident> incidents = new HashMap<>();
    /** Per attacker, the campaign key (class|target) and time of each of its alerting decisions. */
    private final Map<String, List<Alert>> attackerAlerts = new HashMap<>();
    private long alertedDecisions;

    private record Alert(String campaignKey, Instant time) {
    }

    /** Keeps the latest version of each incident. */
    synchronized void onIncident(Incident incident) {
        incidents.merge(incident.id(), incident, (a, b) -> b.version() >= a.version() ? b : a);
    }

    synchronized void onAlertedDecision(String attacker, String campaignKey, Instant time) {
        alertedDecisions++;
        if (attacker != null && campaignKey != null) {
            attackerAlerts.computeIfAbsent(attacker, k -> new ArrayList<>()).add(new Alert(campaignKey, time));
        }
    }

    /** Decisions counted into the incidents so far (suppressed ones included; a merged one counts in the other). */
    synchronized long groupedDecisions() {
        return incidents.values().stream().filter(Incident::standsAlone).mapToLong(Incident::decisions).sum();
    }

    synchronized Collection<Incident> incidents() {
        return List.copyOf(incidents.values());
    }

    /** The raw counts behind {@link Report.Incidents}, which add up over datasets. */
    record Counts(long opened, long trueOnes, long suppressed, long covered, long coverings, long alertedDecisions,
            long suspectsNamed, long suspectsAttacking, long events, Long liveOpened) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, null);

        Counts plus(Counts o) {
            return new Counts(opened + o.opened, trueOnes + o.trueOnes, suppressed + o.suppressed, covered + o.covered,
                    coverings + o.coverings, alertedDecisions + o.alertedDecisions, suspectsNamed + o.suspectsNamed,
                    suspectsAttacking + o.suspectsAttacking, events + o.events, sum(liveOpened, o.liveOpened));
        }

        /** Null only when neither is a count. */
        private static Long sum(Long a, Long b) {
            if (a == null) {
                return b;
            }
            return b == null ? a : Long.valueOf(a + b);
        }

        /**
         * These counts, with the incidents the broker's incident app opened in the replay's arrival order
         * ({@code null} when it did not run).
         */
        Counts withLiveOpened(Long live) {
            return new Counts(opened, trueOnes, suppressed, covered, coverings, alertedDecisions, suspectsNamed,
                    suspectsAttacking, events, live);
        }

        Report.Incidents report() {
            return new Report.Incidents(opened, trueOnes, opened - trueOnes, covered,
                    covered == 0 ? null : DetectionFigures.round(coverings / (double) covered, 2),
                    alertedDecisions == 0 ? null : DetectionFigures.round(1 - opened / (double) alertedDecisions, 4),
                    suppressed, DetectionFigures.ratio(suspectsAttacking, suspectsNamed),
                    events == 0 ? null : DetectionFigures.round(opened * 1000.0 / events, 2), alertedDecisions,
                    liveOpened);
        }
    }

    /**
     * @param attackers every attacker of the truth file in this dataset
     * @param events    the dataset's scored events (for incidents per 1,000 events)
     */
    synchronized Counts figures(Set<String> attackers, long events) {
        long opened = 0;
        long trueOnes = 0;
        long suppressed = 0;
        long suspectsNamed = 0;
        long suspectsAttacking = 0;
        Map<String, Integer> coveringIncidents = new HashMap<>();
        for (Incident incident : incidents.values()) {
            if (!incident.standsAlone()) {
                // Part of another incident, which counts for both.
                continue;
            }
            if (incident.status() == Incident.Status.SUPPRESSED) {
                suppressed++;
                continue;
            }
            opened++;
            Set<String> named = new HashSet<>();
            for (Suspect s : incident.suspects()) {
                named.add(s.value());
                suspectsNamed++;
                if (attackers.contains(s.value())) {
                    suspectsAttacking++;
                }
            }
            if (!isTrue(incident, attackers)) {
                continue;
            }
            trueOnes++;
            Set<String> covers = new HashSet<>();
            named.stream().filter(attackers::contains).forEach(covers::add);
            if (incident.campaign()) {
                attackerAlerts.forEach((attacker, alerts) -> {
                    if (alerts.stream().anyMatch(a -> inCampaign(incident, a))) {
                        covers.add(attacker);
                    }
                });
            }
            covers.forEach(a -> coveringIncidents.merge(a, 1, Integer::sum));
        }
        return new Counts(opened, trueOnes, suppressed, coveringIncidents.size(),
                coveringIncidents.values().stream().mapToInt(Integer::intValue).sum(), alertedDecisions, suspectsNamed,
                suspectsAttacking, events, null);
    }

    /** Incidents an analyst would open: standing alone and not suppressed. */
    synchronized long opened() {
        return incidents.values().stream()
                .filter(i -> i.standsAlone() && i.status() != Incident.Status.SUPPRESSED).count();
    }

    static boolean isTrue(Incident incident, Set<String> attackers) {
        return incident.suspects().stream().anyMatch(s -> attackers.contains(s.value()));
    }

    private static boolean inCampaign(Incident incident, Alert alert) {
        if (incident.classes().isEmpty() || incident.targets().isEmpty()) {
            return false;
        }
        String key = Sighting.campaignKey(incident.classes().get(0), incident.targets().get(0));
        return key.equals(alert.campaignKey()) && !alert.time().isBefore(incident.firstSeen())
                && !alert.time().isAfter(incident.lastSeen());
    }
}
