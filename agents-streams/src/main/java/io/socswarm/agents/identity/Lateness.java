package io.socswarm.agents.identity;

import io.socswarm.agents.EventClock;
import io.socswarm.agents.Judgement;
import io.socswarm.model.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One task's {@link EventClock}, and what a stage says of an event it judges alone: one later than
 * the grace (not counted with its neighbours, and not remembered, like a window that has closed),
 * or one stamped further ahead of the wall clock than the grace (neither, and it moves no clock).
 */
final class Lateness {
    private final EventClock clock;

    Lateness(Duration grace, LongSupplier wallClockMs) {
        this.clock = new EventClock(grace, wallClockMs);
    }

    /** Whether the event at {@code at} is to be judged alone: late, or ahead. A current one moves the clock. */
    boolean outOfTime(Instant at) {
        return clock.place(at.toEpochMilli()) != EventClock.Place.CURRENT;
    }

    /** Whether an event at {@code at} is stamped further ahead of the wall clock than the grace. */
    boolean ahead(Instant at) {
        return clock.ahead(at.toEpochMilli());
    }

    /** Why an event {@link #outOfTime} is judged alone. */
    Judgement judgement(SecurityEvent event, String entity) {
        if (ahead(event.timestamp())) {
            return Judgement.safe(0.4, String.format(Locale.ROOT,
                    "Stamped %s ahead of this agent's clock, more than the %s grace; not counted with the attempts of %s,"
                            + " and its time moves no window.",
                    Logins.span(Duration.ofMillis(clock.aheadBy(event.timestamp().toEpochMilli()))), Logins.span(clock.grace()),
                    entity));
        }
        return Judgement.safe(0.4, String.format(Locale.ROOT,
                "Arrived %s after newer events, past the %s grace; not counted with the attempts of %s.",
                Logins.span(Duration.between(event.timestamp(), Instant.ofEpochMilli(clock.newest()))), Logins.span(clock.grace()),
                entity));
    }
}
