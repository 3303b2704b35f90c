package io.socswarm.agents.identity;

import io.socswarm.agents.Judgement;
import io.socswarm.model.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The newest event time one task has seen, to tell an out-of-order event (counted with its
 * neighbours) from one later than the grace (judged alone, and not remembered, like a window
 * that has closed).
 */
final class Lateness {
    private final Duration grace;
    private Instant latest;

    Lateness(Duration grace) {
        this.grace = grace;
    }

    boolean tooLate(Instant at) {
        if (latest == null || at.isAfter(latest)) {
            latest = at;
            return false;
        }
        return at.isBefore(latest.minus(grace));
    }

    Judgement judgement(SecurityEvent event, String entity) {
        return Judgement.safe(0.4, String.format(Locale.ROOT,
                "Arrived %s after newer events, past the %s grace; not counted with the attempts of %s.",
                Logins.span(Duration.between(event.timestamp(), latest)), Logins.span(grace), entity));
    }
}
