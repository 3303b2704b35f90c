package io.socswarm.incidents;

import io.socswarm.model.Decision;
import io.socswarm.model.DecisionSerde;
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
 */
final class DecisionSighter implements Processor<String, byte[], String, Sighting> {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionSighter.class);

    private final String topic;
    private final Deserializer<Decision> decisions;
    private ProcessorContext<String, Sighting> context;
    private Sensor missingOnly;

    DecisionSighter(String topic, Deserializer<Decision> decisions) {
        this.topic = topic;
        this.decisions = decisions;
    }

    @Override
    public void init(ProcessorContext<String, Sighting> context) {
        this.context = context;
        this.missingOnly = context.metrics().addRateTotalSensor(IncidentTopology.METRICS_GROUP,
                context.taskId().toString(), "missing-only-decisions", Sensor.RecordingLevel.INFO);
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
                LOG.debug("decision {} alerted only for missing votes from {}; no incident", decision.eventId(),
                        decision.missingAgents());
            }
            case FINDING -> {
                Sighting sighting = Sighting.of(decision, record.timestamp());
                context.forward(new Record<>(sighting.campaignKey(), sighting, sighting.eventTimeMs()));
            }
        }
    }
}
