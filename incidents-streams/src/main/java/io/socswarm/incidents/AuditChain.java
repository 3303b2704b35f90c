package io.socswarm.incidents;

import io.socswarm.model.AuditEntry;
import io.socswarm.model.Topics;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The one writer of {@code audit}: appends the entries that every other writer (this app's action
 * desk and verdict counting, the API, the CLI through them) sends to {@code audit-requests}, each
 * linked to the one before it in its partition by {@code previousHash} and {@code hash}
 * ({@link io.socswarm.model.AuditHash}), so that {@code ./swarm audit verify} can tell when an entry
 * was altered, removed or inserted.
 *
 * <p>Why this shape. A hash chain needs exactly one writer per partition that knows the hash of the
 * entry before, and that writes each entry exactly once: two processes appending to one partition
 * would each link to a head the other has moved, and a retried write would link twice. So writers
 * no longer write {@code audit} themselves; this step reads partition n of {@code audit-requests}
 * and appends to partition n of {@code audit}, keeping the head of each chain (the last hash) in
 * the state store {@value #HEADS_STORE}, keyed by partition. Kafka Streams gives the step what the
 * chain needs: one task per input partition, so one writer per chain; and exactly-once (this app's
 * guarantee), which commits the appended entry, the moved head and the consumed request in one
 * transaction, so a crash neither skips a link nor writes one twice, and a restart restores the
 * heads from the store's changelog, so the chain continues where it stopped. It runs in the
 * incident app, which already writes most audit entries and runs in every deployment, as a
 * sub-topology of its own that shares no task with the incident steps.
 *
 * <p>Partitions. The entry goes to the partition of {@code audit} numbered like the partition of
 * {@code audit-requests} it came from (a partitioner, not the key's hash), so the head in the store
 * is always the head of the partition written. The registry creates both topics with the same
 * number of partitions ({@code swarm.topic.partitions}), so the key (the principal) keeps a person's
 * acts on one partition of both. When {@code audit} has fewer partitions than {@code audit-requests}
 * the write is refused (and goes to {@code dead-letters} with the reason) rather than joined to a
 * chain whose head this task does not hold.
 */
public final class AuditChain {
    /** Partition of {@code audit} → the hash of its last entry. */
    public static final String HEADS_STORE = "incident-audit-chain";

    static final String SOURCE = "incidents-read-audit-requests";
    static final String CHAIN = "incidents-chain-audit";
    static final String SINK = "incidents-write-audit";

    private AuditChain() {
    }

    /** Adds the step to {@code builder}: reads {@code topics.auditRequests()}, appends to {@code topics.audit()}. */
    public static void addTo(StreamsBuilder builder, Topics topics) {
        builder.stream(topics.auditRequests().name(), Consumed.with(topics.auditRequests().keySerde(),
                        topics.auditRequests().valueSerde()).withName(SOURCE))
                .process(new ChainSupplier(), Named.as(CHAIN))
                .to(topics.audit().name(), Produced.with(topics.audit().keySerde(), linkSerde(topics))
                        .withStreamPartitioner(new SamePartition()).withName(SINK));
    }

    /** A chained entry and the partition of {@code audit} whose chain it extends. Only the entry is written. */
    record Link(int partition, AuditEntry entry) {
    }

    private static Serde<Link> linkSerde(Topics topics) {
        Serializer<AuditEntry> entries = topics.audit().valueSerde().serializer();
        Serializer<Link> write = (topic, link) -> link == null ? null : entries.serialize(topic, link.entry());
        Deserializer<Link> read = (topic, data) -> {
            throw new UnsupportedOperationException("links are only written; read audit entries with the audit serde");
        };
        return Serdes.serdeFrom(write, read);
    }

    /** Appends each request to the chain of its partition. */
    static final class Chainer implements Processor<String, AuditEntry, String, Link> {
        private ProcessorContext<String, Link> context;
        private KeyValueStore<Integer, String> heads;

        @Override
        public void init(ProcessorContext<String, Link> context) {
            this.context = context;
            this.heads = context.getStateStore(HEADS_STORE);
        }

        @Override
        public void process(Record<String, AuditEntry> record) {
            if (record.value() == null) {
                // A tombstone is no act: audit is append-only and has nothing to delete.
                return;
            }
            int partition = context.recordMetadata()
                    .orElseThrow(() -> new IllegalStateException("an audit request without a source partition"))
                    .partition();
            // Whatever links a writer sent are not trusted: only this step links entries.
            AuditEntry linked = record.value().unchained().chainedAfter(heads.get(partition));
            context.forward(record.withValue(new Link(partition, linked)));
            // Moved only once the entry was handed to the sink: when the write is refused (and the handler
            // continues), the head stays the hash of the last entry really written.
            heads.put(partition, linked.hash());
        }
    }

    private static final class ChainSupplier implements ProcessorSupplier<String, AuditEntry, String, Link> {
        @Override
        public Processor<String, AuditEntry, String, Link> get() {
            return new Chainer();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // One key per partition, read and written on every entry: no cache to keep in step.
            StoreBuilder<KeyValueStore<Integer, String>> store = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(HEADS_STORE), Serdes.Integer(), Serdes.String())
                    .withCachingDisabled();
            return Set.of(store);
        }
    }

    /** Writes each link to the partition of {@code audit} whose chain it extends. */
    static final class SamePartition implements StreamPartitioner<String, Link> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Link link, int numPartitions) {
            if (link.partition() >= numPartitions) {
                throw new IllegalStateException("The audit topic " + topic + " has " + numPartitions
                        + " partitions, fewer than audit-requests: an entry of partition " + link.partition()
                        + " has no chain to join. Give both topics the same number of partitions.");
            }
            return Optional.of(Set.of(link.partition()));
        }
    }
}
