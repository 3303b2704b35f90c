package io.socswarm.agents;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
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
 *
 * <p>A detector that judges in {@link Detector#stages stages} gets one leg per stage,
 * {@code AGENT-STAGE-*}: events the stage has a key for are repartitioned by it through the topic
 * {@code soc-agent-AGENT-AGENT-STAGE-repartition}, the others skip the hop and join them again
 * before the stage's judge. A stage without any key adds no hop at all. Between stages the event
 * travels as a {@link StagedEvent} with the findings so far; the last stage writes the one vote.
 */
public final class AgentTopology {

    private static final JsonSerde<SecurityEvent> REPARTITION_SERDE = JsonSerde.compact(SecurityEvent.class);

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

        List<Detector.Stage> stages = detector.stages();
        if (stages.isEmpty()) {
            addJudge(detector, events, builder, topics, config);
        } else {
            addStages(agent, stages, events, builder, topics, config);
        }
        return builder.build();
    }

    /** One step: repartition by the detector's entity if it has one, judge, write the votes. */
    private static void addJudge(Detector detector, KStream<String, SecurityEvent> events, StreamsBuilder builder,
            Topics topics, SwarmConfig config) {
        String agent = detector.name();
        if (detector.needsPartitioning()) {
            // Only events the detector keeps state about pay for the hop; the rest rejoin before the judge.
            Map<String, KStream<String, SecurityEvent>> legs = events
                    .split(Named.as(agent + "-split"))
                    .branch((key, event) -> detector.partitionKey(event) != null, Branched.as("-keyed"))
                    .defaultBranch(Branched.as("-unkeyed"));
            events = legs.get(agent + "-split-keyed")
                    .selectKey((key, event) -> detector.partitionKey(event), Named.as(agent + "-key-by-entity"))
                    // Only this app reads its repartition topic: Smile costs less than JSON both ways.
                    .repartition(Repartitioned.with(Serdes.String(), REPARTITION_SERDE)
                            .withName(agent + "-by-entity"))
                    .merge(legs.get(agent + "-split-unkeyed"), Named.as(agent + "-rejoin"));
        }

        String[] storeNames = detector.stores(config).stream()
                .peek(builder::addStateStore)
                .map(StoreBuilder::name)
                .toArray(String[]::new);

        events.processValues(() -> new JudgeProcessor(detector, config), Named.as(agent + "-judge"), storeNames)
                .selectKey((key, vote) -> vote.eventId(), Named.as(agent + "-key-by-event"))
                .to(topics.votes().name(), Produced.with(topics.votes().keySerde(), topics.votes().valueSerde())
                        .withName(agent + "-write-votes"));
    }

    /** Several steps, each with its own key and stores; the last one writes the merged vote. */
    private static void addStages(String agent, List<Detector.Stage> stages, KStream<String, SecurityEvent> events,
            StreamsBuilder builder, Topics topics, SwarmConfig config) {
        Set<String> names = new HashSet<>();
        KStream<String, StagedEvent> flow = events.mapValues(StagedEvent::start, Named.as(agent + "-start-stages"));
        for (int i = 0; i < stages.size(); i++) {
            Detector.Stage stage = stages.get(i);
            String prefix = agent + "-" + stage.name();
            if (!names.add(stage.name())) {
                throw new IllegalStateException("The " + agent + " detector has two stages named " + stage.name() + ".");
            }
            if (stage.needsPartitioning()) {
                // Only events the stage keeps state about pay for the hop; the rest rejoin before the judge.
                Map<String, KStream<String, StagedEvent>> legs = flow
                        .split(Named.as(prefix + "-split"))
                        .branch((key, staged) -> stage.partitionKey(staged.event()) != null, Branched.as("-keyed"))
                        .defaultBranch(Branched.as("-unkeyed"));
                flow = legs.get(prefix + "-split-keyed")
                        .selectKey((key, staged) -> stage.partitionKey(staged.event()), Named.as(prefix + "-key"))
                        .repartition(Repartitioned.with(Serdes.String(), StagedEvent.SERDE).withName(prefix))
                        .merge(legs.get(prefix + "-split-unkeyed"), Named.as(prefix + "-rejoin"));
            }
            String[] storeNames = stage.stores(config).stream()
                    .peek(builder::addStateStore)
                    .map(StoreBuilder::name)
                    .toArray(String[]::new);
            if (i < stages.size() - 1) {
                flow = flow.processValues(() -> new StageProcessor<>(stage, config, (staged, now) -> staged),
                        Named.as(prefix + "-judge"), storeNames);
            } else {
                flow.processValues(() -> new StageProcessor<>(stage, config, (staged, now) -> vote(agent, staged, now)),
                                Named.as(prefix + "-judge"), storeNames)
                        .selectKey((key, vote) -> vote.eventId(), Named.as(agent + "-key-by-event"))
                        .to(topics.votes().name(), Produced.with(topics.votes().keySerde(), topics.votes().valueSerde())
                                .withName(agent + "-write-votes"));
            }
        }
    }

    private static Vote vote(String agent, StagedEvent staged, long nowMs) {
        Judgement j = staged.sofar();
        return new Vote(staged.event().id(), agent, j.verdict(), j.confidence(), j.reasons(), j.evidence(),
                Instant.ofEpochMilli(nowMs));
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

    /** Runs one stage's judge for each event of one task and hands on the event with its merged findings. */
    private static final class StageProcessor<R> implements FixedKeyProcessor<String, StagedEvent, R> {
        private final Detector.Stage stage;
        private final SwarmConfig config;
        private final BiFunction<StagedEvent, Long, R> output;
        private FixedKeyProcessorContext<String, R> context;
        private Detector.Judge judge;

        StageProcessor(Detector.Stage stage, SwarmConfig config, BiFunction<StagedEvent, Long, R> output) {
            this.stage = stage;
            this.config = config;
            this.output = output;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, R> context) {
            this.context = context;
            this.judge = stage.open(config, new Detector.Stores() {
                @Override
                public <S extends StateStore> S get(String name) {
                    return context.getStateStore(name);
                }
            });
        }

        @Override
        public void process(FixedKeyRecord<String, StagedEvent> record) {
            StagedEvent judged = record.value().after(judge.judge(record.value().event()));
            context.forward(record.withValue(output.apply(judged, context.currentSystemTimeMs())));
        }
    }
}
