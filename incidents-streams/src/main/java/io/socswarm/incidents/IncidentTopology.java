package io.socswarm.incidents;

import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The incident app's topology: alerting decisions with a finding become incidents on
 * {@code incidents}, in three steps.
 * <ol>
 * <li>{@link DecisionSighter} reads each decision once into a {@link Sighting}, keyed
 * {@code class|target}; SAFE decisions and those that alerted only for missing votes stop here.</li>
 * <li>Through {@value #BY_TARGET_TOPIC}, {@link CampaignTracker} counts the distinct suspects per
 * class and target ({@value #CAMPAIGN_STORE}) and names each sighting's group: the campaign's, or its
 * suspect's.</li>
 * <li>Through {@value #BY_GROUP_TOPIC}, which also carries every analyst's suppression to every
 * partition, {@link IncidentBuilder} keeps each group's incidents ({@value #GROUPS_STORE}) and the
 * suppressions in force ({@value #SUPPRESSIONS_STORE}), and writes each incident as it changes.</li>
 * </ol>
 * Beside them, the action desk ({@link ActionDesk}) and the verdict counting ({@link AgentPrecisions})
 * send their audit entries to {@code audit-requests}, and {@link AuditChain}, on a sub-topology of its
 * own, appends every writer's entries from there to {@code audit} as hash chains.
 * Every store, repartition topic and processor is named, so that upgrades keep state.
 */
public final class IncidentTopology {
    public static final String APPLICATION_ID = "soc-incidents";
    public static final String CAMPAIGN_STORE = "incident-campaign-targets";
    public static final String GROUPS_STORE = "incident-groups";
    public static final String SUPPRESSIONS_STORE = "incident-suppressions";
    /** Repartition names; Streams adds the application id before and {@code -repartition} after. */
    public static final String BY_TARGET_TOPIC = "incidents-by-target";
    public static final String BY_GROUP_TOPIC = "incidents-by-group";
    static final String METRICS_GROUP = "soc-incidents";
    static final int COMMIT_INTERVAL_MS = 1000;

    static final String DECISIONS_SOURCE = "incidents-read-decisions";
    static final String FEEDBACK_SOURCE = "incidents-read-feedback";
    static final String SIGHTER = "incidents-sight-decisions";
    static final String CAMPAIGNS = "incidents-track-campaigns";
    static final String SUPPRESSIONS = "incidents-read-suppressions";
    static final String MERGE = "incidents-merge-suppressions";
    static final String BUILDER = "incidents-build";
    static final String SINK = "incidents-write-incidents";

    private IncidentTopology() {
    }

    /**
     * The app's configuration: {@code config}, with a commit interval of {@value #COMMIT_INTERVAL_MS} ms
     * unless it sets one. Incidents group decisions over minutes, so a second more before an update is
     * visible costs nothing, while each exactly-once commit is a transaction on the broker: committing
     * ten times less often keeps the incident builder from taxing the pipeline it follows.
     */
    public static SwarmConfig appConfig(SwarmConfig config) {
        return config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) != null ? config
                : config.with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(COMMIT_INTERVAL_MS));
    }

    public static Topology buildTopology(SwarmConfig config, SwarmPolicy policy) {
        Topics topics = Topics.from(config.asMap());
        StreamsBuilder builder = new StreamsBuilder();
        // Read once here, so that other parts of this app (the action desk) can share the stream.
        KStream<String, Feedback> feedback = readFeedback(builder, topics);
        KStream<String, Incident> incidents = addIncidents(builder, feedback, topics, policy, config);
        ActionDesk.addTo(incidents, feedback, topics, policy);
        AgentPrecisions.addTo(feedback, topics);
        AuditChain.addTo(builder, topics);
        return builder.build();
    }

    /**
     * The incident steps alone, named as in {@link #buildTopology}: decisions and suppressions in,
     * incidents out, without the action desk, the verdict counting and the audit chain that follow
     * them. For grouping decisions in Kafka's test driver, where only the incidents are read. The
     * driver runs a topology as one task with one stream time, so the audit entries of the steps
     * left out, stamped when their decision was made, would move the campaign tracker's stream time
     * as they never do on the broker (there they are sub-topologies of their own); and every record
     * costs the driver a pass over every source topic.
     */
    public static Topology buildIncidentStepsTopology(SwarmConfig config, SwarmPolicy policy) {
        Topics topics = Topics.from(config.asMap());
        StreamsBuilder builder = new StreamsBuilder();
        addIncidents(builder, readFeedback(builder, topics), topics, policy, config);
        return builder.build();
    }

    private static KStream<String, Feedback> readFeedback(StreamsBuilder builder, Topics topics) {
        return builder.stream(topics.feedback().name(),
                Consumed.with(topics.feedback().keySerde(), topics.feedback().valueSerde()).withName(FEEDBACK_SOURCE));
    }

    /**
     * Adds the incident steps to {@code builder}: reads {@code decisions}, takes suppressions from
     * {@code feedback}, writes {@code incidents}, and returns the stream of incidents written (keyed by
     * incident id) for later steps of the same app.
     */
    public static KStream<String, Incident> addIncidents(StreamsBuilder builder, KStream<String, Feedback> feedback,
            Topics topics, SwarmPolicy policy, SwarmConfig config) {
        IncidentSettings settings = IncidentSettings.from(config);
        JsonSerde<Sighting> sightingSerde = JsonSerde.compact(Sighting.class);
        JsonSerde<GroupInput> inputSerde = JsonSerde.compact(GroupInput.class);

        // Read as bytes: the sighter parses only the decisions whose header does not say SAFE.
        KStream<String, byte[]> decisions = builder.stream(topics.decisions().name(),
                Consumed.with(topics.decisions().keySerde(), Serdes.ByteArray()).withName(DECISIONS_SOURCE));

        builder.addStateStore(campaignStore());
        String decisionsTopic = topics.decisions().name();
        KStream<String, GroupInput> grouped = decisions
                .process(() -> new DecisionSighter(decisionsTopic, topics.decisions().valueSerde().deserializer()),
                        Named.as(SIGHTER))
                .repartition(Repartitioned.<String, Sighting>as(BY_TARGET_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(sightingSerde))
                .process(() -> new CampaignTracker(policy.incidents()), Named.as(CAMPAIGNS), CAMPAIGN_STORE);

        KStream<String, GroupInput> suppressions = feedback.process(SuppressionReader::new, Named.as(SUPPRESSIONS));

        builder.addStateStore(groupsStore());
        builder.addStateStore(suppressionsStore(topics));
        KStream<String, Incident> incidents = grouped
                .merge(suppressions, Named.as(MERGE))
                .repartition(Repartitioned.<String, GroupInput>as(BY_GROUP_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(inputSerde)
                        .withStreamPartitioner(new MulticastPartitioner()))
                .process(() -> new IncidentBuilder(policy, settings), Named.as(BUILDER), GROUPS_STORE,
                        SUPPRESSIONS_STORE);
        incidents.to(topics.incidents().name(),
                Produced.with(topics.incidents().keySerde(), topics.incidents().valueSerde()).withName(SINK));
        return incidents;
    }

    /**
     * How many decisions the incident app holds back right now, from its metrics: those that went into
     * held-back incidents (a suspect with only precursor findings) less those written since, when a
     * stronger finding opened their incident.
     */
    public static long heldBackDecisions(Map<MetricName, ? extends Metric> metrics) {
        double held = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!name.group().contains(METRICS_GROUP) || !(e.getValue().metricValue() instanceof Number n)) {
                continue;
            }
            if (name.name().equals(IncidentBuilder.HELD_BACK_METRIC + "-total")) {
                held += n.doubleValue();
            } else if (name.name().equals(IncidentBuilder.RELEASED_METRIC + "-total")) {
                held -= n.doubleValue();
            }
        }
        return Math.round(held);
    }

    static StoreBuilder<?> campaignStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAMPAIGN_STORE), Serdes.String(),
                JsonSerde.compact(CampaignState.class)).withCachingEnabled();
    }

    static StoreBuilder<?> groupsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE), Serdes.String(),
                JsonSerde.compact(IncidentGroup.class)).withCachingEnabled();
    }

    /** Written once per suppression and partition, read back only on a restart: no cache. */
    static StoreBuilder<?> suppressionsStore(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUPPRESSIONS_STORE), Serdes.String(),
                topics.feedback().valueSerde()).withCachingDisabled();
    }

    /**
     * Takes the suppressions out of {@code feedback}: a verdict that carries one is checked here, once
     * (an unknown field or a bad address goes to {@code dead-letters} from this step, not once per
     * partition later), and passed on to be written to every partition of {@value #BY_GROUP_TOPIC}.
     */
    static final class SuppressionReader implements Processor<String, Feedback, String, GroupInput> {
        private ProcessorContext<String, GroupInput> context;

        @Override
        public void init(ProcessorContext<String, GroupInput> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Feedback> record) {
            Feedback f = record.value();
            if (f == null || f.kind() != Feedback.Kind.VERDICT || f.suppression() == null) {
                return;
            }
            SuppressionRule.of(f);
            context.forward(new Record<>(f.id(), GroupInput.of(f), record.timestamp()));
        }
    }
}
