package io.socswarm.analyst.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * At most {@code perMinute} calls in any sliding minute of the injected clock. A call over the
 * limit is refused at once rather than queued: a report that cannot have the model now falls back
 * to the deterministic analyst, so nothing ever waits without bound for a slot.
 */
final class CallRate {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    CallRate(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        this.perMinute = perMinute;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes a slot and says true, or says false when the last minute's slots are all taken. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        expire(now);
        if (recent.size() >= perMinute) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** Whether a slot is free now, without taking it. */
    synchronized boolean hasRoom() {
        expire(clock.instant());
        return recent.size() < perMinute;
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
    }
}
