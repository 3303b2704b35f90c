package io.socswarm.evaluation;

import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One dataset's bookkeeping while it replays: the ground truth of every event id, written on the
 * producer's thread before the event is sent, and the decision for it, written on the thread that
 * follows {@code decisions}. It also paces the replay (see {@link #awaitRoom}).
 */
final class Ledger {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong duplicateIds = new AtomicLong();
    private final AtomicLong duplicateDecisions = new AtomicLong();
    private final AtomicLong unknownDecisions = new AtomicLong();
    private final long maxInFlight;
    private volatile String abort;

    private static final class Entry {
        final Label label;
        final Instant time;
        final String entity;
        volatile Outcome outcome;

        Entry(Label label, Instant time, String entity) {
            this.label = label;
            this.time = time;
            this.entity = entity;
        }
    }

    /** @param maxInFlight the most events ever waiting for their decision */
    Ledger(long maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Records an event about to be sent. An id seen before keeps its first truth: it gets one decision. */
    void expect(SecurityEvent event, Label label) {
        if (entries.putIfAbsent(event.id(), new Entry(label, event.timestamp(), Entities.of(event))) == null) {
            events.incrementAndGet();
        } else {
            duplicateIds.incrementAndGet();
        }
    }

    void onDecision(Decision decision) {
        Entry entry = entries.get(decision.eventId());
        if (entry == null) {
            unknownDecisions.incrementAndGet();
        } else if (entry.outcome != null) {
            duplicateDecisions.incrementAndGet();
        } else {
            entry.outcome = Outcome.of(decision);
            decided.incrementAndGet();
        }
    }

    /**
     * Blocks the replay while {@code maxInFlight} events wait for their decision: the replay runs
     * at the pipeline's full speed with a bounded backlog. It used to size the window to what the
     * pipeline decided in a fifth of the vote timeout, so that queueing could not look like a
     * missing vote; since the coordinator waits for agents that are behind (their progress markers),
     * that only throttled the replay to the latency of one event, about a second per window.
     */
    void awaitRoom() {
        while (events.get() - decided.get() >= maxInFlight) {
            if (abort != null) {
                throw new CancellationException(abort);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Makes a waiting replay give up, with why. */
    void abort(String why) {
        abort = why;
    }

    /** The attacker the truth names for an event, or null (benign, ignored, unknown id). */
    String attackerOf(String eventId) {
        Entry entry = entries.get(eventId);
        return entry == null ? null : entry.label.attacker();
    }

    long events() {
        return events.get();
    }

    long decided() {
        return decided.get();
    }

    long duplicateIds() {
        return duplicateIds.get();
    }

    long duplicateDecisions() {
        return duplicateDecisions.get();
    }

    long unknownDecisions() {
        return unknownDecisions.get();
    }

    /** Scores what was collected; call once the replay and the wait are over. */
    DetectionFigures tally(List<String> agents) {
        DetectionFigures tally = new DetectionFigures(agents);
        for (Entry e : entries.values()) {
            tally.add(new Scored(e.label, e.time, e.entity, e.outcome));
        }
        tally.duplicateIds(duplicateIds.get());
        return tally;
    }
}
