package io.socswarm.api;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The API's Kafka Streams app ({@value #APPLICATION_ID}): it writes nothing, it only materialises
 * what the endpoints answer from. Decisions by event id, kept for a bounded time; the latest
 * incident, investigation and action request per id; the threat-intel indicators on every instance.
 *
 * <p><b>Why decisions live in a window store.</b> There is one decision per event, so a table of them
 * would grow for ever. A window store keyed by event id, each decision in the window of its record
 * timestamp (the event's time), drops whole segments once stream time has passed them by
 * {@link ApiSettings#decisionsRetention()}: bounded by construction, no sweeping punctuator.
 */
public final class ApiTopology {
    public static final String APPLICATION_ID = "soc-api";

    public static final String DECISIONS_STORE = "api-decisions";
    public static final String INCIDENTS_STORE = "api-incidents";
    public static final String INVESTIGATIONS_STORE = "api-investigations";
    public static final String ACTIONS_STORE = "api-actions";
    public static final String INDICATORS_STORE = "api-intel-indicators";
    /** Entity (address, account, host, domain) → event ids of alerting decisions naming it, by time. */
    public static final String SIGHTINGS_STORE = "api-decision-sightings";
    /** Event ids keyed by the entities their decisions name. */
    public static final String SIGHTINGS_REPARTITION = "api-decisions-by-entity";

    static final String DECISIONS_SOURCE = "api-read-decisions";
    static final String KEEP_DECISIONS = "api-keep-decisions";
    static final String NAME_ENTITIES = "api-decision-entities";
    static final String KEEP_SIGHTINGS = "api-keep-sightings";
    static final String INCIDENTS_SOURCE = "api-read-incidents";
    static final String INVESTIGATIONS_SOURCE = "api-read-investigations";
    static final String ACTIONS_SOURCE = "api-read-actions";
    static final String INDICATORS_SOURCE = "api-read-intel-indicators";

    /** Each decision gets a window of its own instant; the window's width only shapes the store's keys. */
    static final Duration DECISION_WINDOW = Duration.ofMillis(1);

    /** Stores are only read by people: a second of delay is invisible, and it saves commits. */
    static final int COMMIT_INTERVAL_MS = 1_000;

    private ApiTopology() {
    }

    /**
     * The app's Streams settings over {@code config}: at-least-once and a one-second commit unless
     * configured otherwise. The app writes no topic of its own, only its stores' changelogs, and
     * every store is idempotent under replay (a table keeps the latest value per key, the window
     * store overwrites a decision with itself), so transactions would buy nothing. Its consumers still
     * read committed records only: the other apps write exactly-once, and an aborted incident or
     * decision must never be shown.
     */
    public static SwarmConfig appConfig(SwarmConfig config) {
        SwarmConfig out = config;
        if (config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) == null) {
            out = out.with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        }
        String isolation = StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (config.get(isolation) == null && config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG) == null) {
            out = out.with(isolation, "read_committed");
        }
        if (config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) == null) {
            out = out.with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(COMMIT_INTERVAL_MS));
        }
        return out;
    }

    public static Topology buildTopology(Topics topics, ApiSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        Topic<String, Decision> decisions = topics.decisions();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DECISIONS_STORE, settings.decisionsRetention(), DECISION_WINDOW, false),
                Serdes.String(), decisions.valueSerde()));
        KStream<String, Decision> decided = builder.stream(decisions.name(),
                Consumed.with(decisions.keySerde(), decisions.valueSerde()).withName(DECISIONS_SOURCE));
        decided.process(KeepDecision::new, Named.as(KEEP_DECISIONS), DECISIONS_STORE);

        // What POST /investigate asks: which recent alerting decisions name this address or domain?
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SIGHTINGS_STORE, settings.decisionsRetention(), DECISION_WINDOW, true),
                Serdes.String(), Serdes.String()));
        decided.flatMap((eventId, decision) -> entities(decision).stream()
                                .map(entity -> KeyValue.pair(entity, eventId)).toList(), Named.as(NAME_ENTITIES))
                .repartition(Repartitioned.<String, String>as(SIGHTINGS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .process(KeepSighting::new, Named.as(KEEP_SIGHTINGS), SIGHTINGS_STORE);

        Topic<String, Incident> incidents = topics.incidents();
        builder.table(incidents.name(), Consumed.with(incidents.keySerde(), incidents.valueSerde())
                        .withName(INCIDENTS_SOURCE),
                Materialized.<String, Incident, KeyValueStore<Bytes, byte[]>>as(INCIDENTS_STORE)
                        .withKeySerde(incidents.keySerde()).withValueSerde(incidents.valueSerde()));

        Topic<String, Investigation> investigations = topics.investigations();
        builder.table(investigations.name(), Consumed.with(investigations.keySerde(), investigations.valueSerde())
                        .withName(INVESTIGATIONS_SOURCE),
                Materialized.<String, Investigation, KeyValueStore<Bytes, byte[]>>as(INVESTIGATIONS_STORE)
                        .withKeySerde(investigations.keySerde()).withValueSerde(investigations.valueSerde()));

        Topic<String, ActionRequest> actions = topics.actions();
        builder.table(actions.name(), Consumed.with(actions.keySerde(), actions.valueSerde())
                        .withName(ACTIONS_SOURCE),
                Materialized.<String, ActionRequest, KeyValueStore<Bytes, byte[]>>as(ACTIONS_STORE)
                        .withKeySerde(actions.keySerde()).withValueSerde(actions.valueSerde()));

        // Every instance answers POST /investigate alone, so each holds all indicators.
        Topic<String, Indicator> indicators = topics.intelIndicators();
        builder.globalTable(indicators.name(), Consumed.with(indicators.keySerde(), indicators.valueSerde())
                        .withName(INDICATORS_SOURCE),
                Materialized.<String, Indicator, KeyValueStore<Bytes, byte[]>>as(INDICATORS_STORE)
                        .withKeySerde(indicators.keySerde()).withValueSerde(indicators.valueSerde()));
        return builder.build();
    }

    /**
     * The entities an alerting decision names, in the form {@link Investigator} looks them up: its
     * event's addresses, domain, account and host, and its findings' suspects. A SAFE decision names none.
     */
    static Set<String> entities(Decision decision) {
        Set<String> out = new LinkedHashSet<>();
        if (decision == null || !decision.alerted()) {
            return out;
        }
        EventSummary e = decision.event();
        if (e != null) {
            add(out, e.sourceIp());
            add(out, e.destinationIp());
            add(out, e.destinationDomain());
            add(out, e.user());
            add(out, e.host());
        }
        for (Vote vote : decision.votes()) {
            if (vote.suspect() != null) {
                add(out, vote.suspect().value());
            }
        }
        return out;
    }

    private static void add(Set<String> entities, String value) {
        if (value != null && !value.isBlank()) {
            entities.add(value.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** Keeps the event id of each sighting in the window of its decision's time; one entity may have many. */
    static final class KeepSighting implements Processor<String, String, Void, Void> {
        private WindowStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(SIGHTINGS_STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.key() != null && record.value() != null) {
                store.put(record.key(), record.value(), record.timestamp());
            }
        }
    }

    /** Puts each decision in the window of its record timestamp; a null (a tombstone) is not a decision. */
    static final class KeepDecision implements Processor<String, Decision, Void, Void> {
        private WindowStore<String, Decision> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(DECISIONS_STORE);
        }

        @Override
        public void process(Record<String, Decision> record) {
            if (record.key() != null && record.value() != null) {
                store.put(record.key(), record.value(), record.timestamp());
            }
        }
    }
}
