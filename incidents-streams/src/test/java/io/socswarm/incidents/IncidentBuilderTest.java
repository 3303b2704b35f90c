package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident step on its own, across a restart: its stores are all it keeps. */
class IncidentBuilderTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final SwarmPolicy POLICY = SwarmPolicy.defaults();
    private static final IncidentSettings SETTINGS = new IncidentSettings(Duration.ofSeconds(5), 100, Duration.ofDays(1));
    private static final String GROUP = "suspect:ip:45.1.2.3";

    private KeyValueStore<String, IncidentGroup> groups;
    private KeyValueStore<String, Feedback> suppressions;

    @BeforeEach
    void stores() {
        // In memory, without changelogs; the serdes still run, so what survives is what was written.
        groups = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.GROUPS_STORE),
                Serdes.String(), JsonSerde.compact(IncidentGroup.class)).withLoggingDisabled().build();
        suppressions = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.SUPPRESSIONS_STORE),
                Serdes.String(), Topics.FEEDBACK_SERDE).withLoggingDisabled().build();
    }

    /** A fresh processor on the same stores, as after a restart or a rebalance. */
    private Started start() {
        MockProcessorContext<String, Incident> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(START.toEpochMilli());
        groups.init(context.getStateStoreContext(), groups);
        suppressions.init(context.getStateStoreContext(), suppressions);
        context.addStateStore(groups);
        context.addStateStore(suppressions);
        IncidentBuilder builder = new IncidentBuilder(POLICY, SETTINGS);
        builder.init(context);
        return new Started(builder, context);
    }

    private record Started(IncidentBuilder builder, MockProcessorContext<String, Incident> context) {
        void sight(String eventId, Instant at) {
            Vote v = new Vote(eventId, "network", Verdict.SUSPICIOUS, 0.7, List.of("many ports probed"), Map.of(), at,
                    Suspect.ip("45.1.2.3"), "port_scan");
            EventSummary e = new EventSummary(at, "network", "connection", null, "45.1.2.3", 40000, "10.0.0.5", 22,
                    null, null, null, null);
            Decision d = new Decision(eventId, Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 1, List.of(v),
                    List.of(), POLICY.id(), e, Map.of(), at);
            builder.process(new Record<>(GROUP, GroupInput.of(GROUP, false, Sighting.of(d, at.toEpochMilli())),
                    at.toEpochMilli()));
        }

        List<Incident> written() {
            List<Incident> out = context.forwarded().stream().map(f -> f.record().value()).map(Incident.class::cast)
                    .toList();
            context.resetForwards();
            return out;
        }

        void punctuateWallClock() {
            context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .forEach(p -> p.getPunctuator().punctuate(START.toEpochMilli() + 5000));
        }
    }

    @Test
    void shouldKeepIncidentsAndTheirUnwrittenGrowthAcrossARestart() {
        Started before = start();
        before.sight("e1", START);
        before.sight("e2", START.plusSeconds(60));
        assertThat(before.written()).extracting(Incident::version, Incident::decisions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L));

        Started after = start();
        // The growth the first instance had not written yet is flushed by the second.
        after.punctuateWallClock();
        Incident flushed = after.written().get(0);
        assertThat(flushed.version()).isEqualTo(2L);
        assertThat(flushed.decisions()).isEqualTo(2L);

        // The same incident goes on, and it still closes when event time passes its lastSeen + gap.
        after.sight("e3", START.plusSeconds(120));
        after.sight("e4", START.plusSeconds(120).plus(POLICY.incidents().gap()).plusSeconds(1));
        List<Incident> out = after.written();
        String first = TrackedIncident.idFor(GROUP, START.toEpochMilli());
        assertThat(out).extracting(Incident::id, Incident::version, Incident::status, Incident::decisions)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TrackedIncident.idFor(GROUP, START.plusSeconds(121).plus(POLICY.incidents().gap())
                                        .toEpochMilli()), 1L, Incident.Status.OPEN, 1L),
                        org.assertj.core.groups.Tuple.tuple(first, 3L, Incident.Status.CLOSED, 3L));
    }

    @Test
    void shouldKeepSuppressionsAcrossARestart() {
        Started before = start();
        Feedback f = new Feedback("fb-1", Feedback.Kind.VERDICT, "INC-x", null, Feedback.Verdict.BENIGN,
                new Feedback.Suppression(Map.of("suspect", "ip:45.1.0.0/16"), START.plus(Duration.ofHours(1))),
                List.of(), List.of(), null, "alice", START);
        before.builder().process(new Record<>("fb-1", GroupInput.of(f), START.toEpochMilli()));

        Started after = start();
        after.sight("e1", START);
        Incident i = after.written().get(0);
        assertThat(i.status()).isEqualTo(Incident.Status.SUPPRESSED);
        assertThat(i.suppressedBy()).isEqualTo("fb-1");
    }
}
