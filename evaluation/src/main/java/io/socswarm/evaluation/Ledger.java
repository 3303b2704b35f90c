package io.socswarm.evaluation;

import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import java.time.Duration;
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
    private final double targetSeconds;
    private volatile long window;
    private volatile String abort;
    private long sampledAt = -1;
    private long sampledDecided;

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

    /** The fewest events the replay may always have in flight, so that a slow start still makes progress. */
    static final long MIN_WINDOW = 100;

    /**
     * @param maxInFlight   the most events ever in flight
     * @param targetLatency how long an event may wait for its decision in the steady state
     */
    Ledger(long maxInFlight, Duration targetLatency) {
        this.maxInFlight = maxInFlight;
        this.targetSeconds = targetLatency.toNanos() / 1e9;
        this.window = Math.min(maxInFlight, MIN_WINDOW);
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
     * Blocks the replay while {@code maxInFlight} events wait for their decision. The coordinator
     * times out missing votes by wall clock from the moment it sees an event; replaying far ahead
     * of what the agents can vote on would turn queueing delay into "missing" votes and raise
     * decisions that a real-time feed would not. Pacing by decisions keeps the pipeline at its
     * own full speed without that distortion. How many may wait follows the pipeline's pace (see
     * {@link #adjustWindow}).
     */
    void awaitRoom() {
        while (events.get() - decided.get() >= window) {
            if (abort != null) {
                throw new CancellationException(abort);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Sizes the window to what the pipeline decides in the target latency (Little's law: events in
     * flight = rate × time each waits), measured over the last second or more, between
     * {@link #MIN_WINDOW} and {@code maxInFlight}. A slower machine, or a cold start, gets a
     * smaller window instead of events that outwait the coordinator's timeout.
     */
    void adjustWindow(long nowNanos) {
        long decidedNow = decided.get();
        if (sampledAt < 0) {
            sampledAt = nowNanos;
            sampledDecided = decidedNow;
            return;
        }
        double seconds = (nowNanos - sampledAt) / 1e9;
        if (seconds < 1.0) {
            return;
        }
        double rate = (decidedNow - sampledDecided) / seconds;
        window = Math.max(Math.min(MIN_WINDOW, maxInFlight), Math.min(maxInFlight, Math.round(rate * targetSeconds)));
        sampledAt = nowNanos;
        sampledDecided = decidedNow;
    }

    long window() {
        return window;
    }

    /** Makes a waiting replay give up, with why. */
    void abort(String why) {
        abort = why;
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
