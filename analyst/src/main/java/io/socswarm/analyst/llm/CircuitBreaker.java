package io.socswarm.analyst.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Stops calling a model that keeps failing. Closed, every call may go; after {@code failures}
 * consecutive failed calls it opens and no call goes for {@code openFor}; then it is half-open and
 * lets exactly one trial call go: a success closes it, a failure opens it again for another
 * {@code openFor}. Time is the injected clock's, so a test moves it instead of sleeping.
 */
final class CircuitBreaker {
    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failures;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean trialInFlight;

    CircuitBreaker(int failures, Duration openFor, Clock clock) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        this.failures = failures;
        this.openFor = Objects.requireNonNull(openFor, "openFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openedAt.plus(openFor)) ? State.OPEN : State.HALF_OPEN;
    }

    /** Whether a call may go now; in half-open state only the first caller gets the trial. */
    synchronized boolean tryAcquire() {
        return switch (state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    /** Whether a call could go now, without taking the half-open trial. */
    synchronized boolean isCallable() {
        State s = state();
        return s == State.CLOSED || (s == State.HALF_OPEN && !trialInFlight);
    }

    synchronized void success() {
        consecutiveFailures = 0;
        openedAt = null;
        trialInFlight = false;
    }

    synchronized void failure() {
        consecutiveFailures++;
        if (trialInFlight || consecutiveFailures >= failures) {
            openedAt = clock.instant();
        }
        trialInFlight = false;
    }

    /** A call that went but ended neither way (refused by the budget after it answered): frees the trial. */
    synchronized void release() {
        trialInFlight = false;
    }
}
