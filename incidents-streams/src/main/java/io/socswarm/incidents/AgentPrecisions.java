package io.socswarm.incidents;

import io.socswarm.model.AgentPrecision;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts analysts' verdicts into each agent's measured precision per class of finding, on the
 * compacted {@code agent-precision}, and writes each verdict (and its suppression) to
 * {@code audit} (through {@code audit-requests}, which {@link AuditChain} chains). A verdict confirms every agent × class of its incident (TRUE_POSITIVE) or refutes
 * them (FALSE_POSITIVE, BENIGN). A feedback delivered twice (a retried POST, a replayed topic) is
 * counted once: the ids of the verdicts already applied are kept in
 * {@value #SEEN_STORE}, keyed by feedback id. Verdicts are written by people, a few a day, so the
 * store stays small without a retention that would let a very late repeat count twice.
 */
public final class AgentPrecisions {
    /** Feedback id → when the verdict was given. */
    public static final String SEEN_STORE = "incident-feedback-seen";
    /** {@code agent|class} → the counts so far; also names its repartition topic. */
    public static final String PRECISION_STORE = "incident-agent-precision";

    static final String VERDICTS = "incidents-verdicts-once";
    static final String AUDIT = "incidents-verdict-audit";
    static final String WRITE_AUDIT = "incidents-write-verdict-audit";
    static final String COUNT = "incidents-verdict-counts";
    static final String SUM = "incidents-sum-agent-precision";
    static final String CHANGES = "incidents-agent-precision-changes";
    static final String WRITE_PRECISION = "incidents-write-agent-precision";

    private static final JsonSerde<AgentPrecision> COUNTS = JsonSerde.compact(AgentPrecision.class);

    private AgentPrecisions() {
    }

    /**
     * Adds the counting to the topology of {@code feedback} (keyed by incident id): writes to
     * {@code topics.agentPrecision()} and {@code topics.auditRequests()}.
     */
    public static void addTo(KStream<String, Feedback> feedback, Topics topics) {
        KStream<String, Feedback> verdicts = feedback.process(new OnceSupplier(), Named.as(VERDICTS));

        verdicts.flatMap((incidentId, f) -> auditEntries(f).stream()
                        .map(entry -> KeyValue.pair(entry.principal(), entry))
                        .toList(), Named.as(AUDIT))
                .to(topics.auditRequests().name(), Produced.with(topics.auditRequests().keySerde(),
                        topics.auditRequests().valueSerde()).withName(WRITE_AUDIT));

        verdicts.flatMap((incidentId, f) -> counts(f).stream()
                        .map(count -> KeyValue.pair(count.key(), count))
                        .toList(), Named.as(COUNT))
                .groupByKey(Grouped.with(PRECISION_STORE, Serdes.String(), COUNTS))
                .reduce(AgentPrecisions::sum, Named.as(SUM),
                        Materialized.<String, AgentPrecision, KeyValueStore<Bytes, byte[]>>as(PRECISION_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(COUNTS))
                .toStream(Named.as(CHANGES))
                .to(topics.agentPrecision().name(), Produced.with(topics.agentPrecision().keySerde(),
                        topics.agentPrecision().valueSerde()).withName(WRITE_PRECISION));
    }

    /** One confirmation or refutation per distinct agent × class of a verdict. */
    static List<AgentPrecision> counts(Feedback verdict) {
        boolean confirmed = verdict.verdict() == Feedback.Verdict.TRUE_POSITIVE;
        List<AgentPrecision> out = new ArrayList<>();
        for (String agent : Set.copyOf(verdict.agents()).stream().sorted().toList()) {
            for (String finding : Set.copyOf(verdict.classes()).stream().sorted().toList()) {
                out.add(new AgentPrecision(agent, finding, confirmed ? 1 : 0, confirmed ? 0 : 1));
            }
        }
        return out;
    }

    static AgentPrecision sum(AgentPrecision a, AgentPrecision b) {
        return new AgentPrecision(a.agent(), a.finding(), a.confirmed() + b.confirmed(), a.refuted() + b.refuted());
    }

    /** {@code feedback.verdict}, and {@code feedback.suppress} when the verdict carries a suppression. */
    static List<AuditEntry> auditEntries(Feedback f) {
        Map<String, String> verdict = new LinkedHashMap<>();
        verdict.put("verdict", f.verdict().toString());
        verdict.put("feedback", f.id());
        List<AuditEntry> out = new ArrayList<>();
        out.add(new AuditEntry(f.by(), "feedback.verdict", f.incidentId(), f.note(), verdict, f.at()));
        if (f.suppression() != null) {
            Map<String, String> suppress = new LinkedHashMap<>(verdict);
            // One line an analyst can read back, in a stable order: field=value, field=value.
            suppress.put("match", new TreeMap<>(f.suppression().match()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
            suppress.put("expiresAt", f.suppression().expiresAt().toString());
            out.add(new AuditEntry(f.by(), "feedback.suppress", f.incidentId(), f.note(), suppress, f.at()));
        }
        return out;
    }

    /** Passes each VERDICT feedback on the first time its id is seen. */
    private static final class Once implements Processor<String, Feedback, String, Feedback> {
        private ProcessorContext<String, Feedback> context;
        private KeyValueStore<String, Long> seen;

        @Override
        public void init(ProcessorContext<String, Feedback> context) {
            this.context = context;
            this.seen = context.getStateStore(SEEN_STORE);
        }

        @Override
        public void process(Record<String, Feedback> record) {
            Feedback f = record.value();
            if (f == null || f.kind() != Feedback.Kind.VERDICT) {
                return;
            }
            // Feedback is keyed by incident id, so every copy of one verdict reaches this task.
            if (seen.putIfAbsent(f.id(), f.at().toEpochMilli()) == null) {
                context.forward(record);
            }
        }
    }

    private static final class OnceSupplier implements ProcessorSupplier<String, Feedback, String, Feedback> {
        @Override
        public Processor<String, Feedback, String, Feedback> get() {
            return new Once();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            StoreBuilder<KeyValueStore<String, Long>> store = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long());
            return Set.of(store);
        }
    }
}
