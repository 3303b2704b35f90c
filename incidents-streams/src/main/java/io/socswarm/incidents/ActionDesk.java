package io.socswarm.incidents;

import io.socswarm.incidents.ActionDeskCommand.Proposal;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The incident builder's action desk: it turns incidents into {@link ActionRequest}s on
 * {@code actions} and applies people's approvals and rejections to them, writing every change of
 * state to {@code audit} (through {@code audit-requests}, which {@link AuditChain} chains). An incident recommending {@code BLOCK_IP} proposes blocking each of its
 * addresses; a {@code CRITICAL} incident about an account proposes disabling it. The swarm never
 * carries an action out; policy may approve one ({@code auto} autonomy), never against an
 * allowlisted or critical target, and a person decides the rest. Proposals and answers meet by
 * action id in {@link ActionDeskProcessor}.
 */
public final class ActionDesk {
    /** Action id → the latest state of that request. */
    public static final String ACTIONS_STORE = "incident-actions";
    /** Proposals and answers, keyed by action id. */
    public static final String REQUESTS_REPARTITION = "incidents-action-requests";

    static final String PROPOSE = "incidents-propose-actions";
    static final String ANSWERS = "incidents-action-answers";
    static final String KEY_ANSWERS = "incidents-key-answers-by-action";
    static final String MERGE = "incidents-merge-action-requests";
    static final String DESK = "incidents-action-desk";
    static final String SPLIT = "incidents-action-desk-";
    static final String WRITE_ACTIONS = "incidents-write-actions";
    static final String WRITE_AUDIT = "incidents-write-action-audit";

    private ActionDesk() {
    }

    /**
     * Adds the desk to the topology of {@code incidents} and {@code feedback}: writes to
     * {@code topics.actions()} and {@code topics.auditRequests()}, keeps {@value #ACTIONS_STORE}.
     */
    public static void addTo(KStream<String, Incident> incidents, KStream<String, Feedback> feedback, Topics topics,
            SwarmPolicy policy) {
        KStream<String, ActionDeskCommand> proposals = incidents.flatMap(
                (incidentId, incident) -> commands(incident).stream()
                        .map(c -> KeyValue.pair((c.proposal() != null ? c.proposal() : c.withdrawal()).actionId(), c))
                        .toList(),
                Named.as(PROPOSE));
        KStream<String, ActionDeskCommand> answers = feedback
                .filter((key, f) -> f != null && f.kind() != Feedback.Kind.VERDICT, Named.as(ANSWERS))
                .map((key, f) -> KeyValue.pair(f.actionId(), ActionDeskCommand.answer(f)), Named.as(KEY_ANSWERS));

        KStream<String, Object> changes = proposals.merge(answers, Named.as(MERGE))
                .repartition(Repartitioned.<String, ActionDeskCommand>as(REQUESTS_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(ActionDeskCommand.SERDE))
                .process(new DeskSupplier(policy), Named.as(DESK));

        changes.split(Named.as(SPLIT))
                .branch((key, value) -> value instanceof ActionRequest, Branched.withConsumer(requests -> requests
                        .mapValues(value -> (ActionRequest) value, Named.as(SPLIT + "requests"))
                        .to(topics.actions().name(), Produced.with(topics.actions().keySerde(),
                                topics.actions().valueSerde()).withName(WRITE_ACTIONS)), "actions"))
                .defaultBranch(Branched.withConsumer(entries -> entries
                        .mapValues(value -> (AuditEntry) value, Named.as(SPLIT + "entries"))
                        .to(topics.auditRequests().name(), Produced.with(topics.auditRequests().keySerde(),
                                topics.auditRequests().valueSerde()).withName(WRITE_AUDIT)), "audit"));
    }

    /** {@code incidentId/TYPE/target}. */
    public static String actionId(String incidentId, ActionRequest.Type type, String target) {
        return incidentId + "/" + type + "/" + target;
    }

    /**
     * What an incident's write means for the desk: an open incident proposes its acts; an incident
     * merged into another withdraws the acts it may have proposed (the one it merged into proposes
     * them under its own id, so a person is not asked twice). Whether an act was proposed before is
     * the desk's to know, not this method's.
     */
    static List<ActionDeskCommand> commands(Incident incident) {
        if (incident != null && incident.mergedInto() != null) {
            List<ActionDeskCommand> out = new ArrayList<>();
            String why = "Incident " + incident.id() + " was merged into " + incident.mergedInto()
                    + ", which proposes this act itself.";
            for (Proposal p : acts(incident)) {
                out.add(ActionDeskCommand.withdraw(
                        new Proposal(p.incidentId(), p.type(), p.target(), p.confidence(), why, p.proposedAt())));
            }
            return out;
        }
        return proposals(incident).stream().map(ActionDeskCommand::propose).toList();
    }

    /**
     * The acts an incident recommends: blocking each address of one that recommends
     * {@code BLOCK_IP}, disabling each account of a {@code CRITICAL} one. Only an open incident
     * proposes; a suppressed or closed one has been answered already.
     */
    static List<Proposal> proposals(Incident incident) {
        if (incident == null || incident.status() != Incident.Status.OPEN) {
            return List.of();
        }
        return acts(incident);
    }

    private static List<Proposal> acts(Incident incident) {
        List<Proposal> out = new ArrayList<>();
        for (Suspect suspect : incident.suspects()) {
            if (suspect.type() == Suspect.Type.ip && incident.action() == Decision.Action.BLOCK_IP) {
                out.add(proposal(incident, ActionRequest.Type.BLOCK_IP, suspect));
            } else if (suspect.type() == Suspect.Type.user && incident.severity() == Decision.Severity.CRITICAL) {
                out.add(proposal(incident, ActionRequest.Type.DISABLE_ACCOUNT, suspect));
            }
        }
        return out;
    }

    private static Proposal proposal(Incident incident, ActionRequest.Type type, Suspect suspect) {
        Instant at = incident.updatedAt() != null ? incident.updatedAt() : incident.lastSeen();
        if (at == null) {
            // Thrown before anything is written: the processing handler sends the incident to dead-letters.
            throw new IllegalArgumentException("Incident " + incident.id()
                    + " has neither updatedAt nor lastSeen; an action proposed from it could not be timed.");
        }
        String reason = String.format(Locale.ROOT, "Incident %s (%s, confidence %.2f, %s) recommends %s against %s.",
                incident.id(), incident.severity(), incident.confidence(),
                incident.classes().isEmpty() ? "no class" : String.join(", ", incident.classes()), type,
                suspect.key());
        return new Proposal(incident.id(), type, suspect.value(), incident.confidence(), reason, at);
    }

    /** Connects {@value #ACTIONS_STORE} to the desk, so that {@link #addTo} needs no builder. */
    private record DeskSupplier(SwarmPolicy policy)
            implements ProcessorSupplier<String, ActionDeskCommand, String, Object> {
        @Override
        public Processor<String, ActionDeskCommand, String, Object> get() {
            return new ActionDeskProcessor(policy);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            StoreBuilder<KeyValueStore<String, ActionRequest>> store = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(ACTIONS_STORE), Serdes.String(),
                    JsonSerde.compact(ActionRequest.class)).withCachingEnabled();
            return Set.of(store);
        }
    }
}
