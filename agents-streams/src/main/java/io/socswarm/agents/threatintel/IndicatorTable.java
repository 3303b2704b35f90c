package io.socswarm.agents.threatintel;

import io.socswarm.model.Indicator;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Topic;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threat-intel agent's view of {@code intel-indicators}: a global store (every instance holds
 * every indicator, whatever partitions it processes) kept current by a processor of ours, so that
 * {@code ./swarm intel load} takes effect in running agents and a tombstone withdraws an indicator.
 *
 * <p>Lookups are by key, never by scanning: an address is looked up as itself and then as the
 * network of each prefix length that some loaded CIDR actually has (DROP uses about a dozen), so
 * an event costs a few point reads whatever the table's size. Which lengths are loaded is an
 * in-memory count per length, kept by the processor.
 *
 * <p>Restoration: since Kafka 3.8 (KAFKA-7663), {@code StreamsBuilder#addGlobalStore} restores by
 * running a fresh instance of our processor over the topic from the store's checkpoint, and a
 * persistent store keeps what it held before the checkpoint without replaying it. So the counts
 * cannot come from {@code process} alone: every processor instance recounts from the store in
 * {@code init} and then follows each record. The processor that serves the running app is
 * initialised after restoration, so its count is of the whole restored table, in both cases.
 */
public final class IndicatorTable {
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorTable.class);
    /** The global store; its directory is {@code STATE_DIR/soc-agent-threat-intel/global}. */
    public static final String STORE = "threat-intel-indicators";
    /** The store's update processor; Streams names its source {@code PROCESSOR + "-source"}. */
    public static final String PROCESSOR = "threat-intel-update-indicators";

    private final PrefixLengths prefixes = new PrefixLengths();

    /** Adds the global store, its source and its update processor to the builder. */
    public void addTo(StreamsBuilder builder, Topic<String, Indicator> topic) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), topic.valueSerde())
                        .withLoggingDisabled(),
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName(PROCESSOR),
                this::newUpdater);
    }

    /** A processor instance: Streams asks for one to serve the app and, since 3.8, another to restore. */
    Processor<String, Indicator, Void, Void> newUpdater() {
        return new Updater(prefixes);
    }

    /** Lookups over the store as a stream task sees it (read-only). */
    public Lookup lookup(ReadOnlyKeyValueStore<String, Indicator> store) {
        return new Lookup(store, prefixes);
    }

    /** Applies each record of {@code intel-indicators} to the store: an indicator replaces, a tombstone deletes. */
    private static final class Updater implements Processor<String, Indicator, Void, Void> {
        private final PrefixLengths prefixes;
        private KeyValueStore<String, Indicator> store;

        Updater(PrefixLengths prefixes) {
            this.prefixes = prefixes;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
            try (KeyValueIterator<String, Indicator> all = store.all()) {
                prefixes.recount(all);
            }
        }

        @Override
        public void process(Record<String, Indicator> record) {
            String key = record.key();
            if (key == null) {
                // Nothing can look up an indicator without a key; our loader never writes one.
                LOG.warn("An indicator without a key on {} was ignored: {}", STORE, record.value());
                return;
            }
            Indicator before = store.get(key);
            if (record.value() == null) {
                store.delete(key);
            } else {
                store.put(key, record.value());
                prefixes.add(record.value());
            }
            if (before != null) {
                prefixes.remove(before);
            }
        }
    }

    /** How many loaded CIDRs have each prefix length, per address family, and indicators per type. */
    static final class PrefixLengths {
        private final AtomicIntegerArray v4 = new AtomicIntegerArray(33);
        private final AtomicIntegerArray v6 = new AtomicIntegerArray(129);
        private final AtomicLongArray perType = new AtomicLongArray(Indicator.Type.values().length);

        void add(Indicator indicator) {
            change(indicator, 1);
        }

        void remove(Indicator indicator) {
            change(indicator, -1);
        }

        private void change(Indicator indicator, int delta) {
            perType.addAndGet(indicator.type().ordinal(), delta);
            if (indicator.type() == Indicator.Type.CIDR) {
                String value = indicator.value();
                int slash = value.indexOf('/');
                int length = Integer.parseInt(value.substring(slash + 1));
                (value.indexOf(':') >= 0 ? v6 : v4).addAndGet(length, delta);
            }
        }

        void recount(KeyValueIterator<String, Indicator> all) {
            for (int i = 0; i < v4.length(); i++) {
                v4.set(i, 0);
            }
            for (int i = 0; i < v6.length(); i++) {
                v6.set(i, 0);
            }
            for (int i = 0; i < perType.length(); i++) {
                perType.set(i, 0);
            }
            all.forEachRemaining(kv -> add(kv.value));
        }

        long total() {
            long n = 0;
            for (int i = 0; i < perType.length(); i++) {
                n += perType.get(i);
            }
            return n;
        }
    }

    /** An indicator found for a value of an event, and the network or parent domain it matched through. */
    public record Match(Indicator indicator, String via) {
    }

    /** Point lookups of event values against the table. */
    public static final class Lookup {
        private final ReadOnlyKeyValueStore<String, Indicator> store;
        private final PrefixLengths prefixes;

        Lookup(ReadOnlyKeyValueStore<String, Indicator> store, PrefixLengths prefixes) {
            this.store = store;
            this.prefixes = prefixes;
        }

        public long size() {
            return prefixes.total();
        }

        /** The address itself, else the most specific loaded network that holds it. */
        public Optional<Match> ip(String ip) {
            byte[] address = IpRanges.parseAddress(ip);
            if (address == null) {
                return Optional.empty();
            }
            boolean v6 = address.length == 16;
            String text = IndicatorValues.format(address);
            Indicator exact = store.get(Indicator.key(v6 ? Indicator.Type.IPV6 : Indicator.Type.IPV4, text));
            if (exact != null) {
                return Optional.of(new Match(exact, text));
            }
            AtomicIntegerArray lengths = v6 ? prefixes.v6 : prefixes.v4;
            for (int length = lengths.length() - 2; length >= 1; length--) {
                if (lengths.get(length) > 0) {
                    String network = IndicatorValues.format(IndicatorValues.mask(address, length)) + "/" + length;
                    Indicator hit = store.get(Indicator.key(Indicator.Type.CIDR, network));
                    if (hit != null) {
                        return Optional.of(new Match(hit, network));
                    }
                }
            }
            return Optional.empty();
        }

        /** The domain itself, else its nearest listed parent ({@code a.b.evil.example} → {@code evil.example}). */
        public Optional<Match> domain(String domain) {
            Optional<String> normal = domain == null ? Optional.empty() : IndicatorValues.domain(domain);
            if (normal.isEmpty()) {
                return Optional.empty();
            }
            String d = normal.get();
            // Stop before the top-level label: a feed listing a whole TLD is not an indicator.
            while (d.indexOf('.') > 0) {
                Indicator hit = store.get(Indicator.key(Indicator.Type.DOMAIN, d));
                if (hit != null) {
                    return Optional.of(new Match(hit, d));
                }
                d = d.substring(d.indexOf('.') + 1);
            }
            return Optional.empty();
        }

        public Optional<Match> url(String url) {
            return (url == null ? Optional.<String>empty() : IndicatorValues.url(url))
                    .map(u -> store.get(Indicator.key(Indicator.Type.URL, u)))
                    .map(hit -> new Match(hit, hit.value()));
        }

        public Optional<Match> hash(String hash) {
            return (hash == null ? Optional.<IndicatorValues.Typed>empty() : IndicatorValues.hash(hash))
                    .map(h -> store.get(h.key()))
                    .map(hit -> new Match(hit, hit.value()));
        }
    }
}
