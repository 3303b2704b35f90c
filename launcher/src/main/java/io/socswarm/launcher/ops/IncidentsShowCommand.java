package io.socswarm.launcher.ops;

import io.socswarm.local.UserError;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm incidents show ID}: one incident in full (its latest state on {@code incidents})
 * and every action proposed for it, from {@code actions}.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show one incident in full: every field, its reasons, sample event ids and its actions.")
public final class IncidentsShowCommand implements Callable<Integer> {
    /** Oldest proposal first, as they happened; ties by id. */
    static final Comparator<ActionRequest> PROPOSED_ORDER = Comparator
            .comparing(ActionRequest::proposedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(ActionRequest::id);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Parameters(paramLabel = "ID", description = "The incident's id.")
    String id;

    @Option(names = "--json", description = "Print {\"incident\": …, \"actions\": […]} as JSON instead of text.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config(Map.of());
        Topics topics = Topics.from(config.asMap());
        PrintWriter err = spec.commandLine().getErr();
        TopicSnapshot.Snapshot<String, Incident> incidents = TopicSnapshot.read(config, topics.incidents());
        OpsText.unreadable(err, topics.incidents(), incidents);
        Incident incident = incidents.latest().get(id);
        if (incident == null) {
            throw new UserError("No incident " + OpsText.safe(id) + " on the topic " + topics.incidents().name() + " ("
                    + incidents.latest().size() + " incidents; ./swarm incidents list shows them).");
        }
        Topic<String, ActionRequest> actionTopic = topics.actions();
        TopicSnapshot.Snapshot<String, ActionRequest> actions = TopicSnapshot.read(config, actionTopic);
        OpsText.unreadable(err, actionTopic, actions);
        List<ActionRequest> ofIncident = actionsOf(actions.latest().values(), id);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("incident", incident);
            both.put("actions", ofIncident);
            out.println(OpsText.json(both));
        } else {
            print(out, incident, ofIncident);
        }
        out.flush();
        return 0;
    }

    static List<ActionRequest> actionsOf(Collection<ActionRequest> actions, String incidentId) {
        return actions.stream().filter(a -> a.incidentId().equals(incidentId)).sorted(PROPOSED_ORDER).toList();
    }

    static void print(PrintWriter out, Incident i, List<ActionRequest> actions) {
        out.println("Incident " + OpsText.safe(i.id()) + " (version " + i.version() + ")");
        field(out, "status", i.status() + (i.suppressedBy() != null ? " (suppressed by feedback "
                + OpsText.safe(i.suppressedBy()) + ")" : ""));
        field(out, "severity", i.severity().name());
        field(out, "confidence", String.format(Locale.ROOT, "%.2f", i.confidence()));
        field(out, "campaign", i.campaign() ? "yes (many suspects, one target and class)" : "no");
        field(out, "classes", list(i.classes()));
        field(out, "suspects", list(i.suspects().stream().map(Suspect::key).toList())
                + (i.suspectCount() > i.suspects().size() ? " (" + i.suspectCount() + " in all)" : ""));
        field(out, "targets", list(i.targets()));
        field(out, "first seen", OpsText.time(i.firstSeen()));
        field(out, "last seen", OpsText.time(i.lastSeen()));
        field(out, "decisions", Long.toString(i.decisions()));
        field(out, "action", i.action() == null ? "-" : i.action().name());
        field(out, "agents", list(i.agents()));
        field(out, "policy", i.policy() == null ? "-"
                : OpsText.safe(i.policy().name()) + " " + OpsText.safe(i.policy().version()));
        field(out, "updated", OpsText.time(i.updatedAt()));
        out.println("Reasons (" + i.reasons().size() + "):");
        for (String reason : i.reasons()) {
            out.println("  - " + OpsText.safe(reason));
        }
        out.println("Sample event ids (" + i.sampleEventIds().size() + " of " + i.decisions() + " decisions):");
        if (!i.sampleEventIds().isEmpty()) {
            out.println("  " + list(i.sampleEventIds()));
        }
        out.println("Actions (" + actions.size() + "):");
        for (ActionRequest a : actions) {
            out.println("  " + OpsText.safe(a.id()) + "  " + a.type() + " " + OpsText.safe(a.target()) + "  " + a.state()
                    + " (mode " + a.mode() + ", confidence " + String.format(Locale.ROOT, "%.2f", a.confidence()) + ")");
            out.println("      proposed " + OpsText.time(a.proposedAt()) + ", expires " + OpsText.time(a.expiresAt())
                    + (a.decidedBy() != null ? ", decided by " + OpsText.safe(a.decidedBy()) + " at "
                            + OpsText.time(a.decidedAt()) : "")
                    + (a.rule() != null ? " under rule " + OpsText.safe(a.rule()) : ""));
            if (a.reason() != null) {
                out.println("      reason: " + OpsText.safe(a.reason()));
            }
        }
    }

    private static void field(PrintWriter out, String name, String value) {
        out.println(String.format(Locale.ROOT, "  %-11s %s", name, value));
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items.stream().map(OpsText::safe).toList());
    }
}
