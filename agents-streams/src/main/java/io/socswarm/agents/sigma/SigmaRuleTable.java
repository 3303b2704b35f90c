package io.socswarm.agents.sigma;

import io.socswarm.model.Topic;
import io.socswarm.runtime.logging.LogEscaper;
import io.socswarm.sigma.LoadIssue;
import io.socswarm.sigma.SigmaLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sigma agent's view of {@code sigma-rules}: a global store of rule YAML by rule id (every
 * instance holds every rule), kept current by a processor of ours, so that a rule published to
 * the topic is used by running agents and a tombstone withdraws it.
 *
 * <p>The store holds the text as published; {@link RuleBook} parses and compiles it. The updater
 * also checks each rule as it arrives, so that a rule that does not parse or compile is logged
 * (and counted) once, when it is published, rather than at every rebuild. Every change bumps
 * {@link #version}: judges rebuild their rules when it moved, never per event.
 *
 * <p>As with the threat-intel indicators (see {@code IndicatorTable}), Streams restores the store
 * by running a fresh updater over the topic, so the version moves during restoration too; a judge
 * that opens afterwards builds from the restored store either way.
 */
final class SigmaRuleTable {
    private static final Logger LOG = LoggerFactory.getLogger(SigmaRuleTable.class);
    /** The global store; its directory is {@code STATE_DIR/soc-agent-sigma/global}. */
    static final String STORE = "sigma-rules";
    /** The store's update processor; Streams names its source {@code PROCESSOR + "-source"}. */
    static final String PROCESSOR = "sigma-update-rules";
    private static final int MAX_LOGGED_KEY = 200;

    private final AtomicLong version = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /** Adds the global store, its source and its update processor to the builder. */
    void addTo(StreamsBuilder builder, Topic<String, String> topic) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName(PROCESSOR),
                () -> new Updater(this));
    }

    /** Moves whenever a rule was added, changed or withdrawn. */
    long version() {
        return version.get();
    }

    /** Rules published to the topic that did not parse or compile, since this instance started. */
    long rejected() {
        return rejected.get();
    }

    /** The text of a topic key or rule as a log line may show it: escaped and bounded. */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String bounded = text.length() > MAX_LOGGED_KEY ? text.substring(0, MAX_LOGGED_KEY) + "…" : text;
        return LogEscaper.escape(bounded);
    }

    /** Applies each record of {@code sigma-rules} to the store: a rule replaces, a tombstone deletes. */
    private static final class Updater implements Processor<String, String, Void, Void> {
        private final SigmaRuleTable table;
        private final SigmaLoader checker = new SigmaLoader();
        private KeyValueStore<String, String> store;

        Updater(SigmaRuleTable table) {
            this.table = table;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
            table.version.incrementAndGet();
        }

        @Override
        public void process(Record<String, String> record) {
            String key = record.key();
            if (key == null || key.isBlank()) {
                // A rule is overridden and withdrawn by its key; one without a key could never be withdrawn.
                LOG.warn("A Sigma rule without a key on {} was ignored", STORE);
                return;
            }
            if (record.value() == null) {
                store.delete(key);
                LOG.info("Sigma rule {} withdrawn", printable(key));
            } else {
                store.put(key, record.value());
                check(key, record.value());
            }
            table.version.incrementAndGet();
        }

        private void check(String key, String yaml) {
            SigmaLoader.LoadResult result;
            try {
                result = checker.load(yaml, STORE + "/" + key);
            } catch (RuntimeException e) {
                // The loader reports bad rules rather than throwing; anything else must not stop the agent either.
                table.rejected.incrementAndGet();
                LOG.warn("Sigma rule {} from {} is skipped: {}", printable(key), STORE, printable(e.toString()));
                return;
            }
            if (!result.report().issues().isEmpty()) {
                table.rejected.incrementAndGet();
                for (LoadIssue issue : result.report().issues()) {
                    LOG.warn("Sigma rule {} from {} is skipped ({}): {}", printable(key), STORE,
                            printable(issue.construct()), printable(issue.message()));
                }
            } else {
                LOG.info("Sigma rule {} from {}: {} rule(s), {} correlation(s)", printable(key), STORE,
                        result.rules().size(), result.correlations().size());
            }
        }
    }
}
