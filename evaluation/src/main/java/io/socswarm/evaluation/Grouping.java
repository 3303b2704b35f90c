package io.socswarm.evaluation;

import io.socswarm.incidents.Sighting;
import io.socswarm.model.Decision;
import java.time.Instant;

/**
 * How the incident builder sees one alerting decision, read with the builder's own code
 * ({@link Sighting}): whether it is grouped at all (a decision with a finding), under which
 * campaign key ({@code class|target}) a campaign would take it, and its event time.
 */
record Grouping(boolean grouped, String campaignKey, Instant time) {

    static Grouping of(Decision decision) {
        if (Sighting.kindOf(decision) != Sighting.Kind.FINDING) {
            return new Grouping(false, null, null);
        }
        Sighting sighting = Sighting.of(decision, decision.decidedAt() == null ? 0 : decision.decidedAt().toEpochMilli());
        return new Grouping(true, sighting.campaignKey(), Instant.ofEpochMilli(sighting.eventTimeMs()));
    }
}
