package io.socswarm.launcher.ops;

import io.socswarm.local.UserError;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Feedback;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm actions}: the action requests on {@code actions}, and a person's approval or
 * rejection of a proposed one. The command does not change an action itself: it writes the
 * decision to {@code feedback}, and the incident-builder app, which owns {@code actions}, applies
 * it and records it on {@code actions} and {@code audit}.
 */
@Command(name = "actions", mixinStandardHelpOptions = true,
        description = "List action requests, or approve or reject a proposed one.",
        subcommands = {ActionsCommand.ListActions.class, ActionsCommand.Approve.class, ActionsCommand.Reject.class})
public final class ActionsCommand implements Runnable {
    static final List<String> HEADER = List.of("ID", "STATE", "TYPE", "TARGET", "INCIDENT", "MODE", "CONFIDENCE",
            "PROPOSED", "EXPIRES", "DECIDED BY");
    /** Newest proposal first; ties by id. */
    static final Comparator<ActionRequest> NEWEST_FIRST = Comparator
            .comparing(ActionRequest::proposedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
            .thenComparing(ActionRequest::id);

    final Clock clock;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public ActionsCommand() {
        this(Clock.systemUTC());
    }

    ActionsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: list, approve or reject.");
    }

    static List<ActionRequest> select(Collection<ActionRequest> actions, ActionRequest.State state) {
        return actions.stream().filter(a -> state == null || a.state() == state).sorted(NEWEST_FIRST).toList();
    }

    static List<String> row(ActionRequest a) {
        return List.of(
                OpsText.cell(a.id(), OpsText.CELL_MAX),
                a.state().name(),
                a.type().name(),
                OpsText.cell(a.target(), 40),
                OpsText.cell(a.incidentId(), OpsText.CELL_MAX),
                a.mode().name(),
                String.format(Locale.ROOT, "%.2f", a.confidence()),
                OpsText.time(a.proposedAt()),
                OpsText.time(a.expiresAt()),
                OpsText.cell(a.decidedBy(), 30));
    }

    /**
     * The feedback that asks the app to approve or reject {@code action}, or a refusal when the
     * action is not waiting for a person: only a PROPOSED action that has not expired can be decided.
     */
    static Feedback decision(ActionRequest action, Feedback.Kind kind, String reason, String principal, Instant now) {
        String verb = kind == Feedback.Kind.APPROVE ? "approved" : "rejected";
        if (action.state() != ActionRequest.State.PROPOSED) {
            throw new UserError("Action " + OpsText.safe(action.id()) + " is " + action.state()
                    + (action.decidedBy() != null ? " (by " + OpsText.safe(action.decidedBy()) + ")" : "")
                    + "; only a PROPOSED action can be " + verb + ".");
        }
        if (action.expiresAt() != null && !now.isBefore(action.expiresAt())) {
            throw new UserError("Action " + OpsText.safe(action.id()) + " expired unanswered at "
                    + OpsText.time(action.expiresAt()) + "; it can no longer be " + verb + ".");
        }
        return new Feedback(UUID.randomUUID().toString(), kind, action.incidentId(), action.id(), null, null, List.of(),
                List.of(), reason, principal, now);
    }

    /** Reads the action, asks for the decision on feedback and says what it asked. */
    int decide(SwarmConfig config, PrintWriter out, String actionId, Feedback.Kind kind, String reason, String principal)
            throws InterruptedException {
        Topic<String, ActionRequest> topic = Topics.from(config.asMap()).actions();
        TopicSnapshot.Snapshot<String, ActionRequest> actions = TopicSnapshot.read(config, topic);
        OpsText.unreadable(spec.commandLine().getErr(), topic, actions);
        ActionRequest action = actions.latest().get(actionId);
        if (action == null) {
            throw new UserError("No action " + OpsText.safe(actionId) + " on the topic " + topic.name()
                    + " (./swarm actions list shows them).");
        }
        Feedback feedback = decision(action, kind, reason, principal, clock.instant());
        RecordMetadata written = FeedbackSender.send(config, feedback);
        out.println("Asked, as " + OpsText.safe(principal) + ", to " + (kind == Feedback.Kind.APPROVE ? "approve" : "reject")
                + " action " + OpsText.safe(action.id()) + " (" + action.type() + " " + OpsText.safe(action.target())
                + ", incident " + OpsText.safe(action.incidentId()) + ")" + (reason != null ? ": " + OpsText.safe(reason) : "")
                + ".");
        out.println("Feedback " + feedback.id() + " is on " + written.topic() + " (partition " + written.partition()
                + ", offset " + written.offset() + "); the incident-builder app applies it and records the outcome on "
                + topic.name() + " and audit.");
        out.flush();
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the action requests (latest state of each on the actions topic), newest first.")
    static final class ListActions implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Option(names = "--state", paramLabel = "PROPOSED|APPROVED|REJECTED|EXPIRED|WITHDRAWN", description = "Only actions in this state.")
        ActionRequest.State state;

        @Option(names = "--json", description = "Print the actions as a JSON array instead of a table.")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            SwarmConfig config = cluster.config(Map.of());
            Topic<String, ActionRequest> topic = Topics.from(config.asMap()).actions();
            TopicSnapshot.Snapshot<String, ActionRequest> snapshot = TopicSnapshot.read(config, topic);
            List<ActionRequest> shown = select(snapshot.latest().values(), state);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(OpsText.json(shown));
            } else if (shown.isEmpty()) {
                out.println(state == null ? "No actions." : "No " + state + " actions.");
            } else {
                OpsText.table(out, HEADER, shown.stream().map(ActionsCommand::row).toList());
            }
            out.flush();
            OpsText.unreadable(spec.commandLine().getErr(), topic, snapshot);
            return 0;
        }
    }

    /**
     * What approving and rejecting share: the cluster, the action, who decides, and the call that
     * writes the person's answer; each says what its {@code --reason} must be.
     */
    abstract static class Decide implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Parameters(paramLabel = "ID", description = "The action's id.")
        String id;

        @Option(names = "--as", paramLabel = "NAME", description = "Who decides (default: the OS user).")
        String as;

        @ParentCommand
        ActionsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract Feedback.Kind kind();

        /** The reason as given (a subclass's option), null when none was. */
        abstract String reason();

        /** The reason as written to feedback; a subclass may refuse a missing one. */
        String why(String note) {
            return note;
        }

        @Override
        public Integer call() throws InterruptedException {
            String principal = OperatorInput.principal(as);
            String why = why(OperatorInput.note(reason(), "--reason"));
            return parent.decide(cluster.config(Map.of()), spec.commandLine().getOut(), id, kind(), why, principal);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Approve a PROPOSED action: the incident-builder app applies it; integrations then carry it out.")
    static final class Approve extends Decide {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded on audit).")
        String reason;

        @Override
        Feedback.Kind kind() {
            return Feedback.Kind.APPROVE;
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Reject a PROPOSED action, saying why.")
    static final class Reject extends Decide {
        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (required; recorded on audit).")
        String reason;

        @Override
        Feedback.Kind kind() {
            return Feedback.Kind.REJECT;
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        String why(String note) {
            if (note == null) {
                throw new UserError("--reason must say why the action is rejected.");
            }
            return note;
        }
    }
}
