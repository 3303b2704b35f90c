package io.socswarm.agents;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The newest event time one task has seen: the clock its windows slide by, and what tells an
 * out-of-order event (within the grace, counted with its neighbours) from a late one (judged
 * alone, remembered nowhere, like a window that has closed).
 *
 * <p>Event times are written by whoever wrote the log, an attacker included. On a clock that took
 * any newer time, one event stamped an hour ahead would move it an hour on; every event after it
 * would be older than the clock by more than the grace, and the task's windows would judge nothing
 * but single events for that hour: a scan or a password guesser on the same partition would go
 * unseen. So an event stamped further ahead of the wall clock than the grace is {@link Place#AHEAD}:
 * it leaves this clock where it was, and its judge treats it as it treats a late event. Within the
 * grace an event moves the clock as any other (a source whose clock runs a little fast is judged as
 * usual), and no event can move it far enough to make the present look late. A replayed recording
 * lies in the past and is never ahead.
 */
public final class EventClock {

    /** Where an event stands against the clock. */
    public enum Place {
        /** Newest so far, or out of order within the grace: counted with its neighbours. */
        CURRENT,
        /** Older than the newest event by more than the grace. */
        LATE,
        /** Stamped further ahead of the wall clock than the grace. */
        AHEAD
    }

    private final long graceMs;
    private final LongSupplier wallClockMs;
    private long newest = Long.MIN_VALUE;

    /** @param wallClockMs the task's wall clock ({@link Detector.TaskStores#wallClockMs}) */
    public EventClock(Duration grace, LongSupplier wallClockMs) {
        this.graceMs = grace.toMillis();
        this.wallClockMs = wallClockMs;
    }

    /** Where an event at {@code t} (epoch ms) stands; a current event newer than any before moves the clock to it. */
    public Place place(long t) {
        if (ahead(t)) {
            return Place.AHEAD;
        }
        if (t > newest) {
            newest = t;
            return Place.CURRENT;
        }
        return lateBy(t) > 0 ? Place.LATE : Place.CURRENT;
    }

    /** How much older than the clock less the grace an event at {@code t} is; positive when it is late. */
    public long lateBy(long t) {
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - graceMs - t;
    }

    /** Whether an event at {@code t} is stamped further ahead of the wall clock than the grace: {@link Place#AHEAD}. */
    public boolean ahead(long t) {
        return aheadBy(t) > graceMs;
    }

    /** How far ahead of the wall clock an event at {@code t} is stamped (negative: behind it). */
    public long aheadBy(long t) {
        return t - wallClockMs.getAsLong();
    }

    /** The newest event time taken, or {@link Long#MIN_VALUE} before the first. */
    public long newest() {
        return newest;
    }

    public Duration grace() {
        return Duration.ofMillis(graceMs);
    }
}
