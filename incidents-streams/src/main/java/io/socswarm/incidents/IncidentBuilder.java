package io.socswarm.incidents;

import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.runtime.logging.LogEscaper;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step, on sightings keyed by incident group and on suppressions (which every partition
 * receives): keeps each group's recent incidents ({@value IncidentTopology#GROUPS_STORE}) and
 * writes an incident to {@code incidents} when it opens, when it changes materially (severity,
 * action, a new suspect, target, class, agent or reason, its status), every
 * {@code swarm.incidents.flush.decisions} decisions of mere growth, and on a wall-clock flush of
 * whatever only grew since. A sighting joins the incident of its group whose [firstSeen, lastSeen]
 * it falls within the policy's gap of, the nearest if several, so late and out-of-order decisions
 * land where they belong; otherwise it opens a new one.
 *
 * <p>Time is the event time of the sightings read here (not Streams' stream time, which the
 * suppressions' own timestamps would move): an incident closes, once, when it passes the incident's
 * lastSeen + gap, and is forgotten {@code swarm.incidents.retention.ms} later (a day by default), so that
 * a late decision still joins it. An incident that took a decision when this clock stood later than
 * that decision's time (a recording replayed beside a later one, a partition running behind) is timed
 * from the clock then instead ({@link TrackedIncident#quietSinceMs}): it stays open while its decisions
 * keep coming, as it would have alone. Suppressions are kept in
 * {@value IncidentTopology#SUPPRESSIONS_STORE} until they expire by the wall clock; a sighting one
 * matches goes to a SUPPRESSED incident of its own group ({@code suppressed:<feedback id>|<group>}),
 * counted like any other, never dropped.
 *
 * <p>A suspect's sightings that carry only the policy's precursor classes (a failed login from
 * outside, one unanswered connection; none CRITICAL) open an incident that is held back: kept here,
 * never written, and forgotten like any other. Its first stronger sighting within the gap writes it,
 * with the held sightings in its counts, span and sample. Campaigns are never held back, and when
 * one is recognised, the held incidents of its first suspects (whose sightings went to their own
 * groups until then) are written too. Metrics: {@code held-back-decisions} counts the decisions held,
 * {@code released-decisions} those written after all.
 */
final class IncidentBuilder implements Processor<String, GroupInput, String, Incident> {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentBuilder.class);
    /** Decisions that went into a held-back incident ({@code -total}, {@code -rate}). */
    static final String HELD_BACK_METRIC = "held-back-decisions";
    /** Held-back decisions written after all, when a stronger one opened their incident. */
    static final String RELEASED_METRIC = "released-decisions";
    private static final int RECENT_GROUPS = 1024;

    private final long gapMs;
    private final SwarmPolicy.Incidents grouping;
    private final long retentionMs;
    private final Decision.Policy policyId;
    private final IncidentSettings settings;
    /** Suppressions in force, by feedback id (sorted, so the same one wins on every replay). */
    private final TreeMap<String, SuppressionRule> rules = new TreeMap<>();
    /** When each group next needs a look (an incident to close or forget), and the reverse. */
    private final TreeMap<Long, Set<String>> due = new TreeMap<>();
    private final Map<String, Long> dueOf = new HashMap<>();
    /**
     * The groups this task wrote lately, as objects: every put and delete goes through here too, so it
     * is never stale, and a busy group is not deserialised from the store on every decision.
     */
    private final Map<String, IncidentGroup> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IncidentGroup> eldest) {
            return size() > RECENT_GROUPS;
        }
    };
    /** Groups with an incident whose count grew since it was last written. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, IncidentGroup> groups;
    private KeyValueStore<String, Feedback> suppressions;
    private Sensor suppressed;
    private Sensor heldBack;
    private Sensor released;
    /** The latest event time read here: the clock incidents close by. */
    private long eventTimeMs = Long.MIN_VALUE;

    IncidentBuilder(SwarmPolicy policy, IncidentSettings settings) {
        this.gapMs = policy.incidents().gap().toMillis();
        this.grouping = policy.incidents();
        this.retentionMs = settings.retention().toMillis();
        this.policyId = policy.id();
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.groups = context.getStateStore(IncidentTopology.GROUPS_STORE);
        this.suppressions = context.getStateStore(IncidentTopology.SUPPRESSIONS_STORE);
        this.suppressed = context.metrics().addRateTotalSensor(IncidentTopology.METRICS_GROUP,
                context.taskId().toString(), "suppressed-decisions", Sensor.RecordingLevel.INFO);
        this.heldBack = context.metrics().addRateTotalSensor(IncidentTopology.METRICS_GROUP,
                context.taskId().toString(), HELD_BACK_METRIC, Sensor.RecordingLevel.INFO);
        // A sum, not a count of calls: one record carries every decision its incident held.
        // Named by thread and task, as the metric is tagged, so that a task that moves to another thread
        // gets a sensor of its own there.
        String task = context.taskId().toString();
        String thread = Thread.currentThread().getName();
        this.released = context.metrics().addSensor(thread + "." + task + "." + RELEASED_METRIC,
                Sensor.RecordingLevel.INFO);
        released.add(new MetricName(RELEASED_METRIC + "-total", "stream-" + IncidentTopology.METRICS_GROUP + "-metrics",
                "held-back decisions written after all, when a stronger finding opened their incident",
                Map.of("thread-id", thread, "task-id", task)), new CumulativeSum());
        rebuild();
        context.schedule(settings.flushEvery(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /** After a start, a rebalance or a failed transaction the stores are the truth: read them once. */
    private void rebuild() {
        rules.clear();
        recent.clear();
        due.clear();
        dueOf.clear();
        dirty.clear();
        eventTimeMs = Long.MIN_VALUE;
        try (KeyValueIterator<String, Feedback> it = suppressions.all()) {
            it.forEachRemaining(kv -> rules.put(kv.key, SuppressionRule.of(kv.value)));
        }
        try (KeyValueIterator<String, IncidentGroup> it = groups.all()) {
            while (it.hasNext()) {
                KeyValue<String, IncidentGroup> kv = it.next();
                for (TrackedIncident t : kv.value.incidents()) {
                    eventTimeMs = Math.max(eventTimeMs, t.quietSinceMs());
                    if (t.dirty()) {
                        dirty.add(kv.key);
                    }
                }
                index(kv.key, kv.value);
            }
        }
    }

    @Override
    public void process(Record<String, GroupInput> record) {
        GroupInput input = record.value();
        if (input == null) {
            return;
        }
        if (input.carriesSuppression()) {
            onSuppression(input.suppression());
        } else if (input.carriesRelease()) {
            onRelease(input.group(), input.releasedBy(), record.timestamp());
        } else {
            onSighting(input);
        }
    }

    private void onSuppression(Feedback feedback) {
        SuppressionRule rule = SuppressionRule.of(feedback);
        if (rule.expiredAt(now())) {
            LOG.info("suppression {} arrived expired; not applied", LogEscaper.escape(feedback.id()));
            return;
        }
        rules.put(feedback.id(), rule);
        suppressions.put(feedback.id(), feedback);
    }

    /**
     * A campaign was recognised with this suspect among its first: its incident held back within the
     * gap of that moment is written after all, as it would have been without precursors.
     */
    private void onRelease(String group, String campaignGroup, long atMs) {
        IncidentGroup stored = lookup(group);
        if (stored == null) {
            return;
        }
        List<TrackedIncident> incidents = new ArrayList<>(stored.incidents());
        boolean changed = false;
        for (int i = 0; i < incidents.size(); i++) {
            TrackedIncident t = incidents.get(i);
            if (t.held() && t.covers(atMs, gapMs)) {
                released.record(t.incident().decisions());
                incidents.set(i, emit(t.released()));
                changed = true;
                LOG.debug("incident {} of {} written: one of the first suspects of {}", t.incident().id(),
                        LogEscaper.escape(group), LogEscaper.escape(campaignGroup));
            }
        }
        if (changed) {
            save(group, incidents);
        }
    }

    private void onSighting(GroupInput input) {
        Sighting s = input.sighting();
        String group = input.group();
        Incident.Status status = Incident.Status.OPEN;
        String suppressedBy = null;
        SuppressionRule rule = matchingRule(s);
        if (rule != null) {
            suppressed.record();
            suppressedBy = rule.feedbackId();
            group = "suppressed:" + suppressedBy + "|" + group;
            status = Incident.Status.SUPPRESSED;
        }
        eventTimeMs = Math.max(eventTimeMs, s.eventTimeMs());

        boolean precursor = !input.campaign() && s.severity() != Decision.Severity.CRITICAL
                && grouping.onlyPrecursors(s.classes());
        IncidentGroup stored = lookup(group);
        List<TrackedIncident> incidents = new ArrayList<>(stored == null ? List.of() : stored.incidents());
        int best = mergeCovering(incidents, s);
        if (best >= 0) {
            TrackedIncident.Absorbed a = incidents.get(best).absorb(s);
            TrackedIncident next = a.next();
            if (next.held() && !precursor) {
                released.record(next.incident().decisions() - 1);
                next = emit(next.released());
                LOG.debug("incident {} opened for {} with its held-back decisions", next.incident().id(),
                        LogEscaper.escape(group));
            } else if (next.held()) {
                heldBack.record();
            } else if (a.material()
                    || next.incident().decisions() - next.emittedDecisions() >= settings.flushDecisions()) {
                next = emit(next);
            }
            incidents.set(best, next.tookAt(eventTimeMs));
        } else {
            TrackedIncident opened = TrackedIncident.open(group, input.campaign(), s, status, suppressedBy, policyId,
                    precursor);
            if (precursor) {
                heldBack.record();
            } else {
                opened = emit(opened);
                LOG.debug("incident {} opened for {}", opened.incident().id(), LogEscaper.escape(group));
            }
            incidents.add(opened.tookAt(eventTimeMs));
            if (incidents.size() > IncidentGroup.MAX_INCIDENTS) {
                int oldest = 0;
                for (int i = 1; i < incidents.size(); i++) {
                    if (incidents.get(i).lastSeenMs() < incidents.get(oldest).lastSeenMs()) {
                        oldest = i;
                    }
                }
                retire(incidents.remove(oldest), s.decidedAt());
            }
        }
        save(group, incidents);
        closeDue(s.decidedAt());
    }

    /**
     * The index of the incident a sighting joins, or -1 for none. When it falls within the gap of
     * several (decisions that arrive out of order, as a fast replay's partitions do, open an
     * incident for a later stretch of an activity before its earlier stretch has arrived), they were
     * one activity all along: the earliest takes in the others, which are written once more, CLOSED and
     * naming it in {@code mergedInto}, and leave the group.
     */
    private int mergeCovering(List<TrackedIncident> incidents, Sighting s) {
        List<Integer> covering = new ArrayList<>();
        for (int i = 0; i < incidents.size(); i++) {
            if (incidents.get(i).covers(s.eventTimeMs(), gapMs)) {
                covering.add(i);
            }
        }
        if (covering.size() < 2) {
            return covering.isEmpty() ? -1 : covering.get(0);
        }
        covering.sort(Comparator.comparing((Integer i) -> incidents.get(i).incident().firstSeen())
                .thenComparing(i -> incidents.get(i).incident().id()));
        int survivor = covering.get(0);
        TrackedIncident merged = incidents.get(survivor);
        long heldDecisions = 0;
        for (int i : covering) {
            heldDecisions += incidents.get(i).held() ? incidents.get(i).incident().decisions() : 0;
        }
        for (int i : covering.subList(1, covering.size())) {
            TrackedIncident other = incidents.get(i);
            merged = merged.merge(other, s.decidedAt());
            if (!other.held()) {
                emit(other.mergedInto(merged.incident().id(), s.decidedAt()));
            }
            LOG.debug("incident {} merged into {}", other.incident().id(), merged.incident().id());
        }
        if (!merged.held() && heldDecisions > 0) {
            released.record(heldDecisions);
        }
        incidents.set(survivor, merged.held() ? merged : emit(merged.released()));
        List<Integer> gone = new ArrayList<>(covering.subList(1, covering.size()));
        gone.sort(Comparator.reverseOrder());
        for (int i : gone) {
            incidents.remove(i);
        }
        return survivor - (int) gone.stream().filter(i -> i < survivor).count();
    }

    /** The first suppression in force that matches; expired ones met on the way are dropped. */
    private SuppressionRule matchingRule(Sighting s) {
        if (rules.isEmpty()) {
            return null;
        }
        long now = now();
        SuppressionRule match = null;
        List<String> expired = new ArrayList<>();
        for (SuppressionRule rule : rules.values()) {
            if (rule.expiredAt(now)) {
                expired.add(rule.feedbackId());
            } else if (rule.matches(s)) {
                match = rule;
                break;
            }
        }
        expired.forEach(this::dropSuppression);
        return match;
    }

    private void dropSuppression(String feedbackId) {
        rules.remove(feedbackId);
        suppressions.delete(feedbackId);
        LOG.debug("suppression {} expired", LogEscaper.escape(feedbackId));
    }

    /** Closes the open incidents quiet for a gap of event time, and forgets those quiet for the retention more. */
    private void closeDue(Instant at) {
        while (!due.isEmpty() && due.firstKey() < eventTimeMs) {
            Set<String> keys = due.pollFirstEntry().getValue();
            for (String group : keys) {
                dueOf.remove(group);
                IncidentGroup stored = lookup(group);
                if (stored == null) {
                    continue;
                }
                List<TrackedIncident> kept = new ArrayList<>();
                for (TrackedIncident t : stored.incidents()) {
                    if (t.quietSinceMs() + gapMs + retentionMs < eventTimeMs) {
                        retire(t, at);
                    } else if (t.incident().status() == Incident.Status.OPEN && t.quietSinceMs() + gapMs < eventTimeMs) {
                        TrackedIncident closed = t.withStatus(Incident.Status.CLOSED, at);
                        kept.add(t.held() ? closed : emit(closed));
                    } else {
                        kept.add(t);
                    }
                }
                save(group, kept);
            }
        }
    }

    /** An incident leaves the store: closed first if open, and written if its last counts were not. */
    private void retire(TrackedIncident t, Instant at) {
        if (t.held()) {
            return;
        }
        if (t.incident().status() == Incident.Status.OPEN) {
            emit(t.withStatus(Incident.Status.CLOSED, at));
        } else if (t.dirty()) {
            emit(t);
        }
    }

    private void save(String group, List<TrackedIncident> incidents) {
        Long previous = dueOf.remove(group);
        if (previous != null) {
            Set<String> keys = due.get(previous);
            if (keys != null) {
                keys.remove(group);
                if (keys.isEmpty()) {
                    due.remove(previous);
                }
            }
        }
        if (incidents.isEmpty()) {
            groups.delete(group);
            recent.remove(group);
            dirty.remove(group);
            return;
        }
        IncidentGroup value = new IncidentGroup(incidents);
        groups.put(group, value);
        recent.put(group, value);
        if (incidents.stream().anyMatch(TrackedIncident::dirty)) {
            dirty.add(group);
        } else {
            dirty.remove(group);
        }
        index(group, value);
    }

    /** Files the group under the event time at which it next needs a look. */
    private void index(String group, IncidentGroup value) {
        long next = Long.MAX_VALUE;
        for (TrackedIncident t : value.incidents()) {
            boolean open = t.incident().status() == Incident.Status.OPEN;
            next = Math.min(next, t.quietSinceMs() + (open ? gapMs : gapMs + retentionMs));
        }
        if (next != Long.MAX_VALUE) {
            due.computeIfAbsent(next, k -> new HashSet<>()).add(group);
            dueOf.put(group, next);
        }
    }

    private IncidentGroup lookup(String group) {
        IncidentGroup value = recent.get(group);
        if (value == null) {
            value = groups.get(group);
            if (value != null) {
                recent.put(group, value);
            }
        }
        return value;
    }

    private TrackedIncident emit(TrackedIncident t) {
        TrackedIncident written = t.emitted();
        Incident incident = written.incident();
        context.forward(new Record<>(incident.id(), incident, incident.lastSeen().toEpochMilli()));
        return written;
    }

    /** Writes what only grew since it was last written, and drops suppressions that expired. */
    private void onWallClock(long nowMs) {
        for (String group : List.copyOf(dirty)) {
            IncidentGroup stored = lookup(group);
            if (stored == null) {
                dirty.remove(group);
                continue;
            }
            List<TrackedIncident> flushed = new ArrayList<>(stored.incidents().size());
            for (TrackedIncident t : stored.incidents()) {
                flushed.add(t.dirty() ? emit(t) : t);
            }
            save(group, flushed);
        }
        List<String> expired = new ArrayList<>();
        rules.forEach((id, rule) -> {
            if (rule.expiredAt(nowMs)) {
                expired.add(id);
            }
        });
        expired.forEach(this::dropSuppression);
    }

    private long now() {
        return context.currentSystemTimeMs();
    }
}
