package io.socswarm.launcher.ops;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm incidents list}: the incidents as the compacted topic {@code incidents} holds them
 * now, the most recently active first.
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the incidents (latest state of each on the incidents topic), most recently seen first.")
public final class IncidentsListCommand implements Callable<Integer> {
    static final List<String> HEADER = List.of("ID", "STATUS", "SEVERITY", "CLASS", "SUSPECTS", "TARGETS", "DECISIONS",
            "LAST SEEN");
    private static final int SUSPECTS_SHOWN = 3;
    private static final int TARGETS_SHOWN = 2;
    /** Newest activity first; an incident without a last-seen time last; ties by id, so the order is stable. */
    static final Comparator<Incident> NEWEST_FIRST = Comparator
            .comparing(Incident::lastSeen, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
            .thenComparing(Incident::id);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--status", paramLabel = "OPEN|CLOSED|SUPPRESSED", description = "Only incidents in this state.")
    Incident.Status status;

    @Option(names = "--json", description = "Print the incidents as a JSON array instead of a table.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config(Map.of());
        Topic<String, Incident> topic = Topics.from(config.asMap()).incidents();
        TopicSnapshot.Snapshot<String, Incident> snapshot = TopicSnapshot.read(config, topic);
        PrintWriter out = spec.commandLine().getOut();
        List<Incident> shown = select(snapshot.latest().values(), status);
        if (json) {
            out.println(OpsText.json(shown));
        } else if (shown.isEmpty()) {
            out.println(status == null ? "No incidents." : "No " + status + " incidents.");
        } else {
            OpsText.table(out, HEADER, shown.stream().map(IncidentsListCommand::row).toList());
        }
        out.flush();
        OpsText.unreadable(spec.commandLine().getErr(), topic, snapshot);
        return 0;
    }

    static List<Incident> select(Collection<Incident> incidents, Incident.Status status) {
        return incidents.stream().filter(i -> status == null || i.status() == status).sorted(NEWEST_FIRST).toList();
    }

    static List<String> row(Incident i) {
        return List.of(
                OpsText.cell(i.id(), OpsText.CELL_MAX),
                i.status().name(),
                i.severity().name(),
                OpsText.cell(String.join(",", i.classes()), 30) + (i.campaign() ? " (campaign)" : ""),
                OpsText.cell(OpsText.firstOf(i.suspects().stream().map(Suspect::key).toList(), SUSPECTS_SHOWN,
                        i.suspectCount()), 60),
                OpsText.cell(OpsText.firstOf(i.targets(), TARGETS_SHOWN, i.targets().size()), 40),
                Long.toString(i.decisions()),
                OpsText.time(i.lastSeen()));
    }
}
