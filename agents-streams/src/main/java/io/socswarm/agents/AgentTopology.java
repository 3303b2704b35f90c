package io.socswarm.agents;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.EventSerde;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.ProgressClaims;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Skip;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The plumbing every agent shares: read {@code raw-events}, judge each event with the agent's
 * {@link Detector}, write its {@link Vote} to {@code votes}, keyed by event id, on the partition
 * numbered like the event's partition of {@code raw-events}. With {@code swarm.agent.votes=findings}
 * (the default) only findings travel: a SAFE judgement is silence, which the agent's markers
 * declare to mean SAFE; an event a stage failed on gets a {@link Skip}, so that its silence is not
 * taken for SAFE. Every processor, store and internal topic has an explicit name derived from the
 * agent's name.
 *
 * <p>A detector that judges in {@link Detector#stages stages} gets one leg per stage,
 * {@code AGENT-STAGE-*}: events the stage has a key for, unless their record key is that key
 * already, are repartitioned by it through the topic {@code soc-agent-AGENT-AGENT-STAGE-repartition};
 * the others skip the hop and join them again before the stage's judge. Since {@code raw-events} is
 * keyed by the source address, a stage that groups by source needs no hop for its events. A stage
 * without any key adds no hop at all. A stage that {@linkplain Detector.Stage#fansOut fans out}
 * sends one copy of an event per key through its topic, and the copies go on by event id through
 * {@code soc-agent-AGENT-AGENT-STAGE-gather-repartition} to the task that waits for all of them in
 * the store {@code AGENT-STAGE-copies} and merges their judgements. Between stages the event
 * travels as a {@link StagedEvent} with the findings so far; the last stage writes the one vote.
 *
 * <p><b>Progress.</b> Besides votes, the agent writes {@link AgentProgress} markers to
 * {@code votes}: how far through each partition of {@code raw-events} it has judged, on the
 * partition of {@code votes} with the same number.
 * The first processor sends a marker after the events it read (at most every
 * {@code swarm.agent.progress.ms} or {@code swarm.agent.progress.events}, when input stops, and
 * every couple of seconds when nothing moved, as a heartbeat); a marker travels behind those events
 * through every repartition topic to every partition, and a stage that repartitioned passes on a
 * partition's offset only when the markers of every upstream task have passed it. Since a marker
 * is written after the votes it covers, by the same producer, a reader of {@code votes} that sees
 * the marker has seen the votes: an agent without a vote on an event its marker passed skipped it
 * (a dead letter, say), while an agent whose marker has not reached the event is only behind.
 */
public final class AgentTopology {

    /** The partitions of {@code raw-events}, hence the tasks that write an agent's votes; set by {@link AgentApp}. */
    public static final String RAW_PARTITIONS = "swarm.agent.raw.events.partitions";
    /** How often an agent reports its progress while it judges, in milliseconds. */
    public static final String PROGRESS_INTERVAL = "swarm.agent.progress.ms";
    /**
     * A marker also follows every this many events read: a fast source ahead of a slow judge (a
     * replay at full speed) must not leave thousands of events behind one marker.
     */
    public static final String PROGRESS_EVENTS = "swarm.agent.progress.events";
    /**
     * {@code findings}: votes travel only for findings, and the agent's markers say that its
     * silence on an event they passed means SAFE; {@code all}: a vote on every event.
     */
    public static final String VOTES = "swarm.agent.votes";

    /** The plumbing's own settings, shared by every agent. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(PROGRESS_INTERVAL, Type.STRING, "200", Settings.DURATION, Importance.LOW,
                    "how often an agent reports how far it has judged raw-events while it works")
            .define(PROGRESS_EVENTS, Type.INT, 100, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "an agent also reports its progress after this many events")
            .define(VOTES, Type.STRING, "findings", ConfigDef.ValidString.in("findings", "all"), Importance.LOW,
                    "findings: an agent writes votes only for findings, and its progress says that silence means SAFE;"
                    + " all: a vote on every event")
            .define(RAW_PARTITIONS, Type.INT, null, Importance.LOW,
                    "partitions of raw-events, which agents' progress reports count by; unset: read from the cluster");
    /** How often an agent repeats its position when nothing moved (a heartbeat), in ms. */
    static final long REPEAT_MS = 2_000;

    private AgentTopology() {
    }

    /**
     * The store in which each task of the first processor keeps the offset of the last event it
     * read: a task that moves to another instance, or restarts, must report the position
     * its predecessor reached even if no new event comes (the events read since its last marker
     * are committed, and without a marker that passes them the coordinator would wait for ever).
     */
    static String positionStore(String agent) {
        return agent + "-progress-position";
    }

    public static String applicationId(Detector detector) {
        return "soc-agent-" + detector.name();
    }

    public static Topology buildTopology(Detector detector, SwarmConfig config) {
        Topics topics = Topics.from(config.asMap());
        String agent = detector.name();
        List<String> scope = Agents.scope(detector, config);
        StreamsBuilder builder = new StreamsBuilder();
        detector.addGlobalStores(builder, topics, config);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(positionStore(agent)),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        // Read as bytes: the first processor parses only the events of the agent's scope (EventSerde's header).
        KStream<String, StagedEvent> flow = builder.stream(topics.rawEvents().name(),
                        Consumed.with(topics.rawEvents().keySerde(), Serdes.ByteArray())
                                .withName(agent + "-read-raw-events"))
                .process(() -> new ProgressSource(agent, config, scope, topics.rawEvents()), Named.as(agent + "-progress"),
                        positionStore(agent));

        List<Detector.Stage> stages = detector.stages().isEmpty() ? List.of(oneStep(detector)) : detector.stages();
        Set<String> names = new HashSet<>();
        boolean spread = false;
        for (int i = 0; i < stages.size(); i++) {
            Detector.Stage stage = stages.get(i);
            // A one-step detector keeps the names it had before stages existed: AGENT-split, AGENT-judge, …
            String prefix = detector.stages().isEmpty() ? agent : agent + "-" + stage.name();
            if (!names.add(stage.name())) {
                throw new IllegalStateException("The " + agent + " detector has two stages named " + stage.name() + ".");
            }
            if (stage.fansOut() && i == 0) {
                throw new IllegalStateException("The " + agent + " detector's stage " + stage.name()
                        + " fans out, so it needs a stage before it to judge the events it has no key for.");
            }
            boolean hops = stage.needsPartitioning() || stage.fansOut();
            if (stage.fansOut()) {
                flow = fanOut(flow, stage, prefix);
            } else if (stage.needsPartitioning()) {
                flow = repartition(flow, stage, prefix, detector.stages().isEmpty() ? prefix + "-by-entity" : prefix);
            }
            spread |= hops;
            String[] storeNames = stage.stores(config).stream()
                    .peek(builder::addStateStore)
                    .map(StoreBuilder::name)
                    .toArray(String[]::new);
            int senders = spread ? rawPartitions(config) : 1;
            Step judging = new Step(agent, () -> new Judging(stage, config), hops, senders, prefix + "-judge", storeNames);
            boolean last = i == stages.size() - 1;
            if (!stage.fansOut()) {
                if (last) {
                    writeVotes(flow, judging, topics, agent, config, scope);
                } else {
                    flow = judging.add(flow);
                }
                continue;
            }
            flow = gatherRepartition(judging.add(flow), prefix);
            String copies = copiesStore(prefix);
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(copies), Serdes.String(),
                    Copies.SERDE));
            Step gathering = new Step(agent, () -> new Gathering(copies), true, senders, prefix + "-gather",
                    new String[] {copies});
            if (last) {
                writeVotes(flow, gathering, topics, agent, config, scope);
            } else {
                flow = gathering.add(flow);
            }
        }
        return builder.build();
    }

    /** The store where the copies of an event wait for each other, of a stage that fans out. */
    private static String copiesStore(String prefix) {
        return prefix + "-copies";
    }

    /** The last processor's ballots, keyed by event id, onto the partition of its own votes topic numbered like each event's. */
    private static void writeVotes(KStream<String, StagedEvent> flow, Step step, Topics topics, String agent,
            SwarmConfig config, List<String> scope) {
        boolean findingsOnly = findingsOnly(config);
        step.add(flow, (staged, now) -> ballot(agent, staged, now, findingsOnly, scope))
                .selectKey((key, routed) -> key(routed.ballot()), Named.as(agent + "-key-by-event"))
                .to(topics.votes(agent).name(), Produced.with(topics.votes(agent).keySerde(),
                                RoutedBallot.serde(topics.votes(agent).valueSerde()))
                        .withStreamPartitioner(RoutedBallot.PARTITIONER)
                        .withName(agent + "-write-votes"));
    }

    /**
     * For a stage that fans out: each event with a key other than its record key, or with several
     * keys, goes through the topic {@code soc-agent-AGENT-PREFIX-repartition}, one copy per key
     * ({@link StagedEvent#copy}) when it has several; the rest skip the hop and rejoin before the
     * judge (with no key they have nothing to be judged on; with their own key they are where its
     * state is). Markers go through the topic to every partition, behind the events they cover.
     */
    private static KStream<String, StagedEvent> fanOut(KStream<String, StagedEvent> flow, Detector.Stage stage,
            String prefix) {
        Map<String, KStream<String, StagedEvent>> legs = flow
                .split(Named.as(prefix + "-split"))
                .branch((key, staged) -> staged.isMarker() || fansOutOrHops(stage, key, staged), Branched.as("-keyed"))
                .defaultBranch(Branched.as("-unkeyed"));
        return legs.get(prefix + "-split-keyed")
                .flatMap((key, staged) -> copies(stage, staged), Named.as(prefix + "-fan-out"))
                .repartition(Repartitioned.with(Serdes.String(), StagedEvent.SERDE)
                        .withStreamPartitioner(markersToEveryPartition(StagedEvent::isMarker))
                        .withName(prefix))
                .merge(legs.get(prefix + "-split-unkeyed"), Named.as(prefix + "-rejoin"));
    }

    private static boolean fansOutOrHops(Detector.Stage stage, String key, StagedEvent staged) {
        if (staged.failed()) {
            return false;
        }
        List<String> keys = stage.partitionKeys(staged.event());
        return keys.size() > 1 || (keys.size() == 1 && !keys.get(0).equals(key));
    }

    private static List<KeyValue<String, StagedEvent>> copies(Detector.Stage stage, StagedEvent staged) {
        if (staged.isMarker()) {
            return List.of(KeyValue.pair(staged.progress().key(), staged));
        }
        List<String> keys = stage.partitionKeys(staged.event());
        if (keys.size() == 1) {
            return List.of(KeyValue.pair(keys.get(0), staged));
        }
        List<KeyValue<String, StagedEvent>> copies = new ArrayList<>(keys.size());
        for (int part = 0; part < keys.size(); part++) {
            copies.add(KeyValue.pair(keys.get(part), staged.copy(part, keys.size())));
        }
        return copies;
    }

    /**
     * After a stage that fans out: the copies of an event go by event id through the topic
     * {@code soc-agent-AGENT-PREFIX-gather-repartition}, to meet in one task; whole events skip it.
     * Markers go through it to every partition, behind the copies they cover: the processor after it
     * passes a partition's offset on only when every upstream task has passed it, by which time every
     * copy of the events before it has arrived.
     */
    private static KStream<String, StagedEvent> gatherRepartition(KStream<String, StagedEvent> flow, String prefix) {
        Map<String, KStream<String, StagedEvent>> legs = flow
                .split(Named.as(prefix + "-gather-split"))
                .branch((key, staged) -> staged.isMarker() || staged.isCopy(), Branched.as("-copies"))
                .defaultBranch(Branched.as("-whole"));
        return legs.get(prefix + "-gather-split-copies")
                .selectKey((key, staged) -> staged.isMarker() ? staged.progress().key() : staged.event().id(),
                        Named.as(prefix + "-key-by-event"))
                .repartition(Repartitioned.with(Serdes.String(), StagedEvent.SERDE)
                        .withStreamPartitioner(markersToEveryPartition(StagedEvent::isMarker))
                        .withName(prefix + "-gather"))
                .merge(legs.get(prefix + "-gather-split-whole"), Named.as(prefix + "-gather-rejoin"));
    }

    /**
     * Events the stage keeps state about are repartitioned by its key, unless they are keyed by it
     * already: {@code raw-events} is keyed by the entity (source address, else account), so an event
     * whose stage key is its record key is in the task that holds the key's state, and is judged
     * there without a hop (the repartition topic has the partitions of {@code raw-events} and the same
     * default partitioner). The rest skip the hop too and rejoin before the judge. Markers go through
     * the topic to every partition, behind the events they cover.
     */
    private static KStream<String, StagedEvent> repartition(KStream<String, StagedEvent> flow, Detector.Stage stage,
            String prefix, String topicName) {
        Map<String, KStream<String, StagedEvent>> legs = flow
                .split(Named.as(prefix + "-split"))
                .branch((key, staged) -> staged.isMarker() || needsHop(stage, key, staged), Branched.as("-keyed"))
                .defaultBranch(Branched.as("-unkeyed"));
        return legs.get(prefix + "-split-keyed")
                .selectKey((key, staged) -> staged.isMarker() ? staged.progress().key() : stage.partitionKey(staged.event()),
                        Named.as(prefix + (topicName.endsWith("-by-entity") ? "-key-by-entity" : "-key")))
                // Only this app reads its repartition topics: Smile costs less than JSON both ways.
                .repartition(Repartitioned.with(Serdes.String(), StagedEvent.SERDE)
                        .withStreamPartitioner(markersToEveryPartition(StagedEvent::isMarker))
                        .withName(topicName))
                .merge(legs.get(prefix + "-split-unkeyed"), Named.as(prefix + "-rejoin"));
    }

    private static boolean needsHop(Detector.Stage stage, String key, StagedEvent staged) {
        String stageKey = stage.partitionKey(staged.event());
        return stageKey != null && !stageKey.equals(key);
    }

    /** Sends markers to every partition and everything else where its key belongs. */
    private static <V> StreamPartitioner<String, V> markersToEveryPartition(java.util.function.Predicate<V> isMarker) {
        return (topic, key, value, partitions) -> isMarker.test(value)
                ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
                : Optional.empty();
    }

    /** A one-step detector as a stage of its own, so that one path serves both kinds. */
    private static Detector.Stage oneStep(Detector detector) {
        return new Detector.Stage() {
            @Override
            public String name() {
                return detector.name();
            }

            @Override
            public String partitionKey(SecurityEvent event) {
                return detector.partitionKey(event);
            }

            @Override
            public boolean needsPartitioning() {
                return detector.needsPartitioning();
            }

            @Override
            public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
                return detector.stores(config);
            }

            @Override
            public Detector.Judge open(SwarmConfig config, Detector.TaskStores stores) {
                return detector.open(config, stores);
            }
        };
    }

    static int rawPartitions(SwarmConfig config) {
        // The test driver reads one partition; a real app resolves the count from the cluster (AgentApp).
        Object configured = Settings.read(DEFINITION, config).get(RAW_PARTITIONS);
        return configured == null ? 1 : (Integer) configured;
    }

    static boolean findingsOnly(SwarmConfig config) {
        return "findings".equals(Settings.read(DEFINITION, config).getString(VOTES));
    }

    /**
     * What the last stage writes for one record: the marker (saying whether silence means SAFE, and
     * which categories the agent judges), a
     * skip for an event a stage failed on, the vote, or nothing for an event found SAFE by an agent
     * that writes findings only.
     */
    private static RoutedBallot ballot(String agent, StagedEvent staged, long nowMs, boolean findingsOnly,
            List<String> scope) {
        if (staged.isMarker()) {
            AgentProgress p = staged.progress();
            return new RoutedBallot(new AgentProgress(p.agent(), p.partition(), p.offset(), p.sender(), p.senders(),
                    p.at(), findingsOnly, scope), staged.partition());
        }
        if (staged.failed()) {
            return new RoutedBallot(new Skip(staged.event().id(), agent, staged.failure(), Instant.ofEpochMilli(nowMs)),
                    staged.partition());
        }
        Judgement j = staged.sofar();
        if (findingsOnly && j.verdict() == Verdict.SAFE) {
            return null;
        }
        return new RoutedBallot(new Vote(staged.event().id(), agent, j.verdict(), j.confidence(), j.reasons(),
                j.evidence(), Instant.ofEpochMilli(nowMs), j.suspect(), j.finding()), staged.partition());
    }

    private static String key(Ballot ballot) {
        if (ballot instanceof Vote v) {
            return v.eventId();
        }
        return ballot instanceof Skip skip ? skip.eventId() : ((AgentProgress) ballot).key();
    }

    /**
     * The first processor: hands each event of the agent's scope on, then, at most every progress
     * interval and when input stops, a marker with the offset of the last event read from this
     * task's partition. An event outside the scope goes no further, yet the marker passes it: the
     * agent has done with it, and its markers tell the coordinator it abstains on that category.
     * An event whose header names a category outside the scope is not even parsed; any other is, and
     * one that cannot be is a processing failure, which sends it to {@code dead-letters}.
     */
    static final class ProgressSource implements Processor<String, byte[], String, StagedEvent> {
        private static final String OFFSET = "offset";
        private final String agent;
        private final List<String> scope;
        private final Topic<String, SecurityEvent> rawEvents;
        private final long intervalMs;
        private final int everyEvents;
        private int sinceMarker;
        private ProcessorContext<String, StagedEvent> context;
        private int partition = -1;
        private long lastOffset = -1;
        private long lastTimestamp;
        private long sentOffset = -1;
        private long sentAtMs;
        private KeyValueStore<String, Long> position;

        ProgressSource(String agent, SwarmConfig config, List<String> scope, Topic<String, SecurityEvent> rawEvents) {
            this.agent = agent;
            this.scope = scope;
            this.rawEvents = rawEvents;
            Settings.Values v = Settings.read(DEFINITION, config);
            this.intervalMs = v.getDuration(PROGRESS_INTERVAL).toMillis();
            this.everyEvents = v.getInt(PROGRESS_EVENTS);
        }

        @Override
        public void init(ProcessorContext<String, StagedEvent> context) {
            this.context = context;
            this.position = context.getStateStore(positionStore(agent));
            Long offset = position.get(OFFSET);
            if (offset != null) {
                // Where this task's last owner got to: reported by the next heartbeat, new events or not.
                partition = context.taskId().partition();
                lastOffset = offset;
            }
            sentAtMs = -REPEAT_MS;
            context.schedule(Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (now - sentAtMs < REPEAT_MS) {
                    sendIfMoved();
                } else if (lastOffset < 0) {
                    // Nothing read yet: say hello through the whole path, so that the agent's first transactions
                    // happen now, not on the first event, and the coordinator and ./swarm up know it is there.
                    AgentProgress hello = new AgentProgress(agent, context.taskId().partition(), AgentProgress.HELLO,
                            0, 1, Instant.ofEpochMilli(now));
                    context.forward(new Record<>(hello.key(), StagedEvent.marker(hello), 0L));
                    sentAtMs = now;
                } else {
                    // Now and then even when nothing moved: it tells the coordinator the agent is alive though idle,
                    // and a task that moved to another instance, or a restarted coordinator, learns the position.
                    sentOffset = -1;
                    sendIfMoved();
                }
            });
        }

        @Override
        public void process(Record<String, byte[]> record) {
            context.recordMetadata().ifPresent(m -> {
                partition = m.partition();
                lastOffset = m.offset();
            });
            String said = EventSerde.category(record.headers());
            if (said == null || AgentProgress.covers(scope, said)) {
                SecurityEvent event = parse(record);
                if (AgentProgress.covers(scope, event.category())) {
                    context.forward(record.withValue(StagedEvent.start(event, Math.max(partition, 0))));
                }
            }
            // Forwarding is depth-first: the event is judged, or on its way to a repartition topic, by now.
            position.put(OFFSET, lastOffset);
            lastTimestamp = record.timestamp();
            if (++sinceMarker >= everyEvents || context.currentSystemTimeMs() - sentAtMs >= intervalMs) {
                sendIfMoved();
            }
        }

        /** The event, or an exception that dead-letters the record (nothing is judged or forwarded for it). */
        private SecurityEvent parse(Record<String, byte[]> record) {
            if (record.value() == null) {
                throw new SerializationException("A record on " + rawEvents.name() + " without a value: no event to judge.");
            }
            return rawEvents.valueSerde().deserializer().deserialize(rawEvents.name(), record.headers(), record.value());
        }

        private void sendIfMoved() {
            if (lastOffset <= sentOffset) {
                return;
            }
            long now = context.currentSystemTimeMs();
            AgentProgress marker = new AgentProgress(agent, partition, lastOffset, 0, 1, Instant.ofEpochMilli(now));
            context.forward(new Record<>(marker.key(), StagedEvent.marker(marker), lastTimestamp));
            sentOffset = lastOffset;
            sentAtMs = now;
            sinceMarker = 0;
        }
    }

    /**
     * One processor of an agent: what it does to each event, whether it follows a repartition (and
     * so aggregates the markers of {@code senders} upstream tasks), its name and its stores.
     */
    private record Step(String agent, Supplier<EventStep> step, boolean aggregates, int senders,
            String name, String[] stores) {

        KStream<String, StagedEvent> add(KStream<String, StagedEvent> flow) {
            return add(flow, (staged, now) -> staged);
        }

        <R> KStream<String, R> add(KStream<String, StagedEvent> flow, BiFunction<StagedEvent, Long, R> output) {
            return flow.process(() -> new StageProcessor<>(agent, step.get(), aggregates, senders, output),
                    Named.as(name), stores);
        }
    }

    /** What a processor does to each event; markers are the processor's own business. */
    private interface EventStep {
        void init(Detector.TaskStores stores);

        /** The event to hand on, or null to hold it back (a copy waiting for the others). */
        StagedEvent apply(String key, StagedEvent staged);
    }

    /** A stage's judge: the event with one more judgement merged in; a failed event passes untouched. */
    private static final class Judging implements EventStep {
        private final Detector.Stage stage;
        private final SwarmConfig config;
        private Detector.RoutedJudge judge;

        Judging(Detector.Stage stage, SwarmConfig config) {
            this.stage = stage;
            this.config = config;
        }

        @Override
        public void init(Detector.TaskStores stores) {
            judge = stage.openRouted(config, stores);
        }

        @Override
        public StagedEvent apply(String key, StagedEvent staged) {
            if (staged.failed()) {
                return staged;
            }
            Judgement judgement = judge.judge(staged.event(), key);
            return judgement == null ? staged : staged.after(judgement);
        }
    }

    /** The copies of an event that fanned out wait in a store until all have come; whole events pass. */
    private static final class Gathering implements EventStep {
        private final String storeName;
        private KeyValueStore<String, Copies> store;

        Gathering(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(Detector.TaskStores stores) {
            store = stores.get(storeName);
        }

        @Override
        public StagedEvent apply(String key, StagedEvent staged) {
            if (!staged.isCopy()) {
                return staged;
            }
            String id = staged.event().id();
            Copies held = store.get(id);
            Map<Integer, StagedEvent> byPart = new TreeMap<>();
            if (held != null) {
                held.copies().forEach(c -> byPart.put(c.part(), c));
            }
            byPart.put(staged.part(), staged);
            if (byPart.size() < staged.parts()) {
                store.put(id, new Copies(List.copyOf(byPart.values())));
                return null;
            }
            if (held != null) {
                store.delete(id);
            }
            return StagedEvent.gathered(byPart.values());
        }
    }

    /** The copies of one event that have arrived, in the store of a gathering processor. */
    record Copies(List<StagedEvent> copies) {
        static final JsonSerde<Copies> SERDE = JsonSerde.compact(Copies.class);
    }

    /**
     * Runs one stage's judge for each event of one task and hands on the event with its merged
     * findings. Markers pass through; after a repartition the stage passes on, per partition of
     * {@code raw-events}, the offset every upstream task has passed, as writer {@code task} of
     * {@code senders}, and repeats it every couple of seconds of wall-clock time on its own: a marker
     * waiting in a repartition topic behind events of later time (a task picks the oldest record of
     * its inputs first) must not make a live agent look stopped to the coordinator.
     */
    private static final class StageProcessor<R> implements Processor<String, StagedEvent, String, R> {
        private final String agent;
        private final EventStep step;
        private final boolean aggregates;
        private final int senders;
        private final BiFunction<StagedEvent, Long, R> output;
        private final ProgressClaims upstream = new ProgressClaims();
        private final Map<Integer, Long> sentAt = new HashMap<>();
        /** Per partition of raw-events: the timestamp of the latest marker, which repeats carry too. */
        private final Map<Integer, Long> markerTime = new HashMap<>();
        private ProcessorContext<String, R> context;

        StageProcessor(String agent, EventStep step, boolean aggregates, int senders,
                BiFunction<StagedEvent, Long, R> output) {
            this.agent = agent;
            this.step = step;
            this.aggregates = aggregates;
            this.senders = senders;
            this.output = output;
        }

        private int ownTask() {
            int task = context.taskId().partition();
            if (task >= senders) {
                throw new IllegalStateException("Task " + context.taskId() + " of agent " + agent + " is beyond the "
                        + senders + " partitions of raw-events configured in " + RAW_PARTITIONS);
            }
            return task;
        }

        @Override
        public void init(ProcessorContext<String, R> context) {
            this.context = context;
            step.init(new Detector.TaskStores() {
                @Override
                public <S extends StateStore> S get(String name) {
                    return context.getStateStore(name);
                }

                @Override
                public long wallClockMs() {
                    return context.currentSystemTimeMs();
                }
            });
            if (aggregates) {
                context.schedule(Duration.ofMillis(REPEAT_MS), PunctuationType.WALL_CLOCK_TIME, this::repeat);
            }
        }

        /** Repeats the claim (or hello) of every partition not reported for a while. */
        private void repeat(long now) {
            for (Map.Entry<Integer, Long> sent : List.copyOf(sentAt.entrySet())) {
                if (now - sent.getValue() >= REPEAT_MS) {
                    int partition = sent.getKey();
                    send(partition, markerTime.getOrDefault(partition, 0L), now);
                }
            }
        }

        private void send(int partition, long timestamp, long now) {
            long current = upstream.claim(partition);
            AgentProgress mine = new AgentProgress(agent, partition, current >= 0 ? current : AgentProgress.HELLO,
                    ownTask(), senders, Instant.ofEpochMilli(now));
            sentAt.put(partition, now);
            StagedEvent marker = StagedEvent.marker(mine);
            forward(new Record<>(mine.key(), marker, timestamp), marker, now);
        }

        @Override
        public void process(Record<String, StagedEvent> record) {
            StagedEvent staged = record.value();
            long now = context.currentSystemTimeMs();
            if (!staged.isMarker()) {
                StagedEvent next;
                try {
                    next = step.apply(record.key(), staged);
                } catch (RuntimeException e) {
                    // Said downstream first, so that the coordinator counts this agent missing on the event rather
                    // than take its silence for SAFE; then thrown, for the dead letter.
                    forward(record, staged.failedWith(describe(e)), now);
                    throw e;
                }
                if (next != null) {
                    forward(record, next, now);
                }
                return;
            }
            if (!aggregates) {
                forward(record, staged, now);
                return;
            }
            AgentProgress in = staged.progress();
            long claim = in.isHello() ? -1 : upstream.record(in);
            markerTime.put(in.partition(), record.timestamp());
            Long lastSent = sentAt.get(in.partition());
            boolean repeat = lastSent == null || now - lastSent >= REPEAT_MS;
            if (claim >= 0 || repeat) {
                // Its own claim when it moved; otherwise, now and then, the same claim (or hello) again, so that
                // downstream and the coordinator see the agent alive while it is idle or starting.
                send(in.partition(), record.timestamp(), now);
            }
        }

        private void forward(Record<String, StagedEvent> record, StagedEvent staged, long now) {
            R out = output.apply(staged, now);
            if (out != null) {
                context.forward(record.withValue(out));
            }
        }

        private static String describe(RuntimeException e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            String text = e.getClass().getName() + message;
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }
}
