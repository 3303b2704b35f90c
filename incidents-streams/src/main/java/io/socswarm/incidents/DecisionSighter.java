package io.socswarm.incidents;

import io.socswarm.model.Decision;
import io.socswarm.model.DecisionSerde;
import io.socswarm.runtime.logging.LogEscaper;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step: reads each decision once and passes on what an alerting decision with a finding
 * brings to an incident ({@link Sighting}), keyed {@code class|target} for the campaign step. SAFE
 * decisions are passed over — most of them unparsed, by the severity header the coordinator writes
 * ({@link DecisionSerde}); a decision that alerted only because votes were missing names no suspect
 * and no finding, so it opens no incident: it is counted and logged, not grouped. A record that is
 * not a decision fails here and goes to {@code dead-letters}, as it would in a deserializer.
 *
 * <p>A sighting's time is its event's own, which whoever wrote the log chose, an attacker included.
 * One stamped further ahead of this app's wall clock than {@link #FUTURE_TOLERANCE} is placed at that
 * limit ({@code future-stamped-decisions} counts them), for two reasons. Every later step keeps time by
 * its sightings: one decision stamped an hour ahead would move the builder's clock an hour on, closing
 * and forgetting the incidents of its task early, and the campaign step's stream time with it. And the
 * sighting travels on with its time as the record's timestamp: the broker refuses a record stamped
 * further ahead of its clock than {@code log.message.timestamp.after.max.ms} (an hour by default), and a
 * refused write in a transaction stops the app, which would read the same decision again on restart. An
 * event written to {@code raw-events} by any producer that stamps its records when it sends them (as
 * Kafka's clients do by default) can carry any time in its JSON. A replayed recording lies in the past
 * and is never moved.
 */
final class DecisionSighter implements Processor<String, byte[], String, Sighting> {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionSighter.class);
    /** How far ahead of the wall clock a sighting may be stamped: a source's clock running a little fast. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);
    /** Decisions whose event was stamped further ahead than the tolerance ({@code -total}, {@code -rate}). */
    static final String FUTURE_STAMPED_METRIC = "future-stamped-decisions";

    private final String topic;
    private final Deserializer<Decision> decisions;
    private ProcessorContext<String, Sighting> context;
    private Sensor missingOnly;
    private Sensor futureStamped;

    DecisionSighter(String topic, Deserializer<Decision> decisions) {
        this.topic = topic;
        this.decisions = decisions;
    }

    @Override
    public void init(ProcessorContext<String, Sighting> context) {
        this.context = context;
        this.missingOnly = context.metrics().addRateTotalSensor(IncidentTopology.METRICS_GROUP,
                context.taskId().toString(), "missing-only-decisions", Sensor.RecordingLevel.INFO);
        this.futureStamped = context.metrics().addRateTotalSensor(IncidentTopology.METRICS_GROUP,
                context.taskId().toString(), FUTURE_STAMPED_METRIC, Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null || DecisionSerde.saidSafe(record.headers())) {
            return;
        }
        Decision decision = decisions.deserialize(topic, record.headers(), record.value());
        if (decision == null) {
            return;
        }
        switch (Sighting.kindOf(decision)) {
            case SAFE -> {
                // Benign traffic yields no incident.
            }
            case MISSING_ONLY -> {
                missingOnly.record();
                LOG.debug("decision {} alerted only for missing votes from {}; no incident",
                        LogEscaper.escape(decision.eventId()), decision.missingAgents());
            }
            case FINDING -> {
                Sighting stamped = Sighting.of(decision, record.timestamp());
                Sighting sighting = stamped.notAfter(context.currentSystemTimeMs() + FUTURE_TOLERANCE.toMillis());
                if (sighting != stamped) {
                    futureStamped.record();
                    LOG.debug("decision {} is stamped {} ahead of this app's clock; placed at {}",
                            LogEscaper.escape(decision.eventId()),
                            Duration.ofMillis(stamped.eventTimeMs() - sighting.eventTimeMs()).plus(FUTURE_TOLERANCE),
                            Instant.ofEpochMilli(sighting.eventTimeMs()));
                }
                context.forward(new Record<>(sighting.campaignKey(), sighting, sighting.eventTimeMs()));
            }
        }
    }
}
