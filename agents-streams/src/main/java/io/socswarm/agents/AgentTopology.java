package io.socswarm.agents;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The plumbing every agent shares: read {@code raw-events}, judge each event with the agent's
 * {@link Detector}, write one {@link Vote} per event to {@code votes}, keyed by event id.
 * Every processor, store and internal topic has an explicit name derived from the agent's name.
 */
public final class AgentTopology {

    private AgentTopology() {
    }

    public static String applicationId(Detector detector) {
        return "soc-agent-" + detector.name();
    }

    public static Topology buildTopology(Detector detector, SwarmConfig config) {
        Topics topics = Topics.from(config.asMap());
        String agent = detector.name();
        StreamsBuilder builder = new StreamsBuilder();
        detector.addGlobalStores(builder, topics, config);

        KStream<String, SecurityEvent> events = builder.stream(topics.rawEvents().name(),
                Consumed.with(topics.rawEvents().keySerde(), topics.rawEvents().valueSerde())
                        .withName(agent + "-read-raw-events"));

        if (detector.needsPartitioning()) {
            events = events
                    .selectKey((key, event) -> entityKey(detector, event), Named.as(agent + "-key-by-entity"))
                    .repartition(Repartitioned.with(Serdes.String(), topics.rawEvents().valueSerde())
                            .withName(agent + "-by-entity"));
        }

        String[] storeNames = detector.stores(config).stream()
                .peek(builder::addStateStore)
                .map(StoreBuilder::name)
                .toArray(String[]::new);

        events.processValues(() -> new JudgeProcessor(detector, config), Named.as(agent + "-judge"), storeNames)
                .selectKey((key, vote) -> vote.eventId(), Named.as(agent + "-key-by-event"))
                .to(topics.votes().name(), Produced.with(topics.votes().keySerde(), topics.votes().valueSerde())
                        .withName(agent + "-write-votes"));
        return builder.build();
    }

    private static String entityKey(Detector detector, SecurityEvent event) {
        String key = detector.partitionKey(event);
        // Events without the entity stand alone; spreading them by id keeps partitions even.
        return key != null ? key : event.id();
    }

    /** Runs the detector's judge for each event of one task. */
    private static final class JudgeProcessor implements FixedKeyProcessor<String, SecurityEvent, Vote> {
        private final Detector detector;
        private final SwarmConfig config;
        private FixedKeyProcessorContext<String, Vote> context;
        private Detector.Judge judge;

        JudgeProcessor(Detector detector, SwarmConfig config) {
            this.detector = detector;
            this.config = config;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Vote> context) {
            this.context = context;
            Detector.Stores stores = new Detector.Stores() {
                @Override
                public <S extends StateStore> S get(String name) {
                    return context.getStateStore(name);
                }
            };
            this.judge = detector.open(config, stores);
        }

        @Override
        public void process(FixedKeyRecord<String, SecurityEvent> record) {
            SecurityEvent event = record.value();
            Judgement j = judge.judge(event);
            Vote vote = new Vote(event.id(), detector.name(), j.verdict(), j.confidence(), j.reasons(), j.evidence(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs()));
            context.forward(record.withValue(vote));
        }
    }
}
