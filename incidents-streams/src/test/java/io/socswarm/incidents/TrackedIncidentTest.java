package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.Suspect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackedIncidentTest {
    private static final Instant T = Instant.parse("2023-01-05T08:00:00Z");
    private static final Decision.Policy POLICY = new Decision.Policy("default", "1");

    private static TrackedIncident opened() {
        Sighting s = new Sighting("e1", T.toEpochMilli(), T, Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW,
                0.6, List.of(Suspect.ip("45.1.2.3")), List.of("port_scan"), "10.0.0.5",
                List.of(new Sighting.Reason("many ports probed", 1)), List.of("network"), null);
        return TrackedIncident.open("suspect:ip:45.1.2.3", false, s, Incident.Status.OPEN, null, POLICY, false);
    }

    @Test
    void shouldBeQuietSinceItsLastSightingOrTheClockWhenItTookItIfThatWasLater() {
        TrackedIncident t = opened();
        assertThat(t.quietSinceMs()).isEqualTo(T.toEpochMilli());
        // Taken while the builder's clock read three years on (a later recording replayed beside it).
        long today = T.plusSeconds(3L * 365 * 86_400).toEpochMilli();
        assertThat(t.tookAt(today).quietSinceMs()).isEqualTo(today);
        // The clock only moves on.
        assertThat(t.tookAt(today).tookAt(T.toEpochMilli()).clockMs()).isEqualTo(today);
    }

    @Test
    void shouldReadAGroupStoredByAnEarlierVersionAsTimedByItsLastSightingAlone() {
        JsonSerde<IncidentGroup> serde = JsonSerde.compact(IncidentGroup.class);
        String json = new JsonSerde<>(IncidentGroup.class).toJson(new IncidentGroup(List.of(opened())));
        assertThat(json).contains("\"clockMs\":0");
        IncidentGroup stored = serde.parse(json.replace(",\"clockMs\":0", ""));
        assertThat(stored.incidents().get(0).clockMs()).isZero();
        assertThat(stored.incidents().get(0).quietSinceMs()).isEqualTo(T.toEpochMilli());
        assertThat(stored.incidents().get(0).incident()).isEqualTo(opened().incident());
    }
}
