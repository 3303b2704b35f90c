package io.socswarm.incidents;

import io.socswarm.incidents.ActionDeskCommand.Proposal;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.ActionRequest.Mode;
import io.socswarm.model.ActionRequest.State;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.Suspect;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The state machine of action requests, one per action id in {@value ActionDesk#ACTIONS_STORE}:
 *
 * <pre>
 *   (none)   → PROPOSED   an incident proposes it (once per id; later updates do not)
 *   PROPOSED → APPROVED   policy at once ({@code auto}, confident enough, the target neither
 *                         allowlisted nor critical), or a person's APPROVE before expiresAt
 *   PROPOSED → REJECTED   a person's REJECT before expiresAt
 *   PROPOSED → EXPIRED    no answer by expiresAt (wall clock)
 *   PROPOSED → WITHDRAWN  its incident was merged into another, which proposes the same act itself
 * </pre>
 *
 * Every other answer (to an unknown action, a decided one, or one that had lapsed when the person
 * answered) changes nothing and is written to {@code audit} as {@code action.refused}. Each change
 * forwards the whole request with the next version, keyed by action id, and an {@link AuditEntry}
 * keyed by principal; the topology sends each to its topic.
 *
 * <p>Proposals waiting for an answer are indexed by expiry in memory, rebuilt from the store when
 * the task starts (after a rebalance or an aborted transaction the store is the truth).
 */
final class ActionDeskProcessor implements Processor<String, ActionDeskCommand, String, Object> {
    /** How often the wall clock is compared with the waiting proposals' expiry. */
    static final Duration EXPIRY_CHECK = Duration.ofSeconds(5);
    /** The from-state of a proposal in its audit entry: there was no request before. */
    static final String NEW = "NEW";

    private final SwarmPolicy policy;
    private final String principal;
    private final TreeSet<Waiting> waiting = new TreeSet<>(
            Comparator.comparing(Waiting::expiresAt).thenComparing(Waiting::actionId));
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ActionRequest> actions;

    ActionDeskProcessor(SwarmPolicy policy) {
        this.policy = policy;
        this.principal = "policy:" + policy.name();
    }

    /** A proposal waiting for an answer until it expires. */
    private record Waiting(Instant expiresAt, String actionId) {
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.actions = context.getStateStore(ActionDesk.ACTIONS_STORE);
        waiting.clear();
        try (KeyValueIterator<String, ActionRequest> it = actions.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.state() == State.PROPOSED) {
                    waiting.add(new Waiting(kv.value.expiresAt(), kv.key));
                }
            });
        }
        context.schedule(EXPIRY_CHECK, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, ActionDeskCommand> record) {
        ActionDeskCommand command = record.value();
        if (command.proposal() != null) {
            propose(record.key(), command.proposal());
        } else if (command.withdrawal() != null) {
            withdraw(record.key(), command.withdrawal());
        } else {
            answer(record.key(), command.answer());
        }
    }

    private void propose(String actionId, Proposal p) {
        if (actions.get(actionId) != null) {
            return;
        }
        SwarmPolicy.Autonomy autonomy = policy.autonomy(p.type());
        Instant at = p.proposedAt();
        ActionRequest proposed = new ActionRequest(actionId, 1, p.incidentId(), p.type(), p.target(), State.PROPOSED,
                autonomy.mode(), p.confidence(), p.reason(), at, null, null, null, at.plus(autonomy.ttl()),
                policy.id());
        String held = autonomy.mode() == Mode.auto ? heldFromPolicy(proposed, autonomy) : null;
        Map<String, String> details = details(NEW, proposed);
        if (held != null) {
            details.put("held", held);
        }
        write(proposed, new AuditEntry(principal, "action.proposed", actionId, p.reason(), details, at));
        if (autonomy.mode() == Mode.auto && held == null) {
            String rule = String.format(Locale.ROOT, "autonomy.%s: auto at confidence ≥ %.2f", p.type(),
                    autonomy.minConfidence());
            ActionRequest approved = new ActionRequest(actionId, proposed.version() + 1, p.incidentId(), p.type(),
                    p.target(), State.APPROVED, autonomy.mode(), p.confidence(), p.reason(), at, at, principal, rule,
                    at.plus(autonomy.ttl()), policy.id());
            write(approved, new AuditEntry(principal, "action.approved", actionId, rule, details(proposed, approved),
                    at));
        } else {
            waiting.add(new Waiting(proposed.expiresAt(), actionId));
        }
    }

    /**
     * Withdraws a proposal still waiting for an answer; an act never proposed, or answered already (an
     * approval by policy included), stays as it is.
     */
    private void withdraw(String actionId, Proposal w) {
        ActionRequest current = actions.get(actionId);
        if (current == null || current.state() != State.PROPOSED) {
            return;
        }
        String why = w.reason();
        ActionRequest withdrawn = new ActionRequest(actionId, current.version() + 1, current.incidentId(),
                current.type(), current.target(), State.WITHDRAWN, current.mode(), current.confidence(), why,
                current.proposedAt(), w.proposedAt(), principal, null, current.expiresAt(), current.policy());
        waiting.remove(new Waiting(current.expiresAt(), actionId));
        write(withdrawn, new AuditEntry(principal, "action.withdrawn", actionId, why, details(current, withdrawn),
                w.proposedAt()));
    }

    /** Why policy may not approve this proposal itself, or null when it may. */
    private String heldFromPolicy(ActionRequest proposed, SwarmPolicy.Autonomy autonomy) {
        Suspect target = proposed.type() == ActionRequest.Type.BLOCK_IP
                ? Suspect.ip(proposed.target())
                : Suspect.user(proposed.target());
        if (policy.isAllowlisted(target)) {
            return "the target is on the never-block allowlist; a person decides";
        }
        if (policy.criticality(proposed.target()) == SwarmPolicy.Criticality.critical) {
            return "the target is a critical asset; a person decides";
        }
        if (proposed.confidence() < autonomy.minConfidence()) {
            return String.format(Locale.ROOT, "confidence %.2f is below the %.2f that auto needs; a person decides",
                    proposed.confidence(), autonomy.minConfidence());
        }
        return null;
    }

    private void answer(String actionId, Feedback answer) {
        ActionRequest current = actions.get(actionId);
        if (current == null) {
            refuse(actionId, answer, null, "no action " + actionId + " has been proposed");
            return;
        }
        if (current.state().isFinal()) {
            refuse(actionId, answer, current, "it is " + current.state() + " already (by " + current.decidedBy()
                    + " at " + current.decidedAt() + ")");
            return;
        }
        if (!answer.at().isBefore(current.expiresAt())) {
            // The expiry check may not have run yet; the person answered too late all the same.
            refuse(actionId, answer, current, "the proposal lapsed at " + current.expiresAt()
                    + ", before the answer at " + answer.at());
            return;
        }
        boolean approve = answer.kind() == Feedback.Kind.APPROVE;
        // An approved action lapses a TTL after the person approved it, not after it was proposed.
        Instant expiresAt = approve ? answer.at().plus(policy.autonomy(current.type()).ttl()) : current.expiresAt();
        ActionRequest next = new ActionRequest(actionId, current.version() + 1, current.incidentId(), current.type(),
                current.target(), approve ? State.APPROVED : State.REJECTED, current.mode(), current.confidence(),
                answer.note(), current.proposedAt(), answer.at(), answer.by(), null, expiresAt, current.policy());
        waiting.remove(new Waiting(current.expiresAt(), actionId));
        Map<String, String> details = details(current, next);
        details.put("feedback", answer.id());
        write(next, new AuditEntry(answer.by(), approve ? "action.approved" : "action.rejected", actionId,
                answer.note(), details, answer.at()));
    }

    private void refuse(String actionId, Feedback answer, ActionRequest current, String why) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("answer", answer.kind().toString());
        details.put("state", current == null ? "UNKNOWN" : current.state().toString());
        if (current != null) {
            details.put("target", current.target());
            details.put("type", current.type().toString());
        }
        details.put("feedback", answer.id());
        AuditEntry entry = new AuditEntry(answer.by(), "action.refused", actionId,
                answer.kind() + " refused: " + why + ".", details, answer.at());
        context.forward(new Record<>(answer.by(), entry, stamp(answer.at())));
    }

    /** Expires the proposals that waited past their time unanswered. */
    private void expire(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        while (!waiting.isEmpty() && !waiting.first().expiresAt().isAfter(now)) {
            Waiting due = waiting.pollFirst();
            ActionRequest current = actions.get(due.actionId());
            if (current == null || current.state() != State.PROPOSED) {
                continue;
            }
            ActionRequest expired = new ActionRequest(current.id(), current.version() + 1, current.incidentId(),
                    current.type(), current.target(), State.EXPIRED, current.mode(), current.confidence(),
                    current.reason(), current.proposedAt(), now, principal, null, current.expiresAt(),
                    current.policy());
            write(expired, new AuditEntry(principal, "action.expired", current.id(),
                    "No answer before " + current.expiresAt() + ".", details(current, expired), now));
        }
    }

    private void write(ActionRequest request, AuditEntry entry) {
        actions.put(request.id(), request);
        long at = stamp(entry.at());
        context.forward(new Record<>(request.id(), request, at));
        context.forward(new Record<>(entry.principal(), entry, at));
    }

    /**
     * A record's timestamp: its act's time, written by whoever answered (a person's machine, another tool),
     * at most the wall clock plus {@link DecisionSighter#FUTURE_TOLERANCE}. The broker refuses a record
     * stamped too far ahead, and a refused write stops the app.
     */
    private long stamp(Instant at) {
        return Math.min(at.toEpochMilli(), context.currentSystemTimeMs() + DecisionSighter.FUTURE_TOLERANCE.toMillis());
    }

    private static Map<String, String> details(ActionRequest from, ActionRequest to) {
        return details(from.state().toString(), to);
    }

    private static Map<String, String> details(String from, ActionRequest to) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", from);
        details.put("to", to.state().toString());
        details.put("type", to.type().toString());
        details.put("target", to.target());
        details.put("incident", to.incidentId());
        return details;
    }
}
