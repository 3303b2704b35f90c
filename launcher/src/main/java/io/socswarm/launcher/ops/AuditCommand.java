package io.socswarm.launcher.ops;

import io.socswarm.model.AuditEntry;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm audit}: who did what to which incident or action, oldest first, from the
 * append-only topic {@code audit}. It is keyed by principal, so one person's acts are in order on
 * one partition; across people the entries are merged by the time of the act. {@code ./swarm audit
 * verify} ({@link AuditVerifyCommand}) checks the hash chain of each partition.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = AuditVerifyCommand.class,
        description = {"Show the audit trail: every act on an incident or action by a person or by policy, oldest first.",
                "'audit verify' checks that no entry was altered, removed or inserted."})
public final class AuditCommand implements Callable<Integer> {
    static final List<String> HEADER = List.of("AT", "PRINCIPAL", "ACT", "SUBJECT", "REASON", "DETAILS");
    static final int DEFAULT_LIMIT = 100;
    /** By the time of the act; entries of the same instant in the order the topic holds them. */
    static final Comparator<TopicSnapshot.Entry<String, AuditEntry>> CHRONOLOGICAL = Comparator
            .comparing((TopicSnapshot.Entry<String, AuditEntry> e) -> e.value().at())
            .thenComparing(TopicSnapshot.Entry::timestamp)
            .thenComparingInt(TopicSnapshot.Entry::partition)
            .thenComparingLong(TopicSnapshot.Entry::offset);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--principal", paramLabel = "NAME", description = "Only the acts of this person (or policy:NAME).")
    String principal;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the latest N entries, still oldest first; 0 shows all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the entries as a JSON array instead of a table.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more, not " + limit + ".");
        }
        SwarmConfig config = cluster.config(Map.of());
        Topic<String, AuditEntry> topic = Topics.from(config.asMap()).audit();
        TopicSnapshot.Snapshot<String, AuditEntry> snapshot = TopicSnapshot.read(config, topic);
        List<AuditEntry> matching = select(snapshot.records(), principal);
        List<AuditEntry> shown = latest(matching, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(OpsText.json(shown));
        } else if (shown.isEmpty()) {
            out.println(principal == null ? "The audit trail is empty." : "No acts by " + OpsText.safe(principal) + ".");
        } else {
            OpsText.table(out, HEADER, shown.stream().map(AuditCommand::row).toList());
            if (shown.size() < matching.size()) {
                out.println("(the latest " + shown.size() + " of " + matching.size() + " entries; --limit 0 shows all)");
            }
        }
        out.flush();
        OpsText.unreadable(spec.commandLine().getErr(), topic, snapshot);
        return 0;
    }

    /** The entries (tombstones have none) of {@code principal}, or of everyone, oldest first. */
    static List<AuditEntry> select(List<TopicSnapshot.Entry<String, AuditEntry>> records, String principal) {
        return records.stream()
                .filter(e -> e.value() != null && (principal == null || e.value().principal().equals(principal)))
                .sorted(CHRONOLOGICAL).map(TopicSnapshot.Entry::value).toList();
    }

    /** The last {@code limit} of {@code entries} (all when 0). */
    static List<AuditEntry> latest(List<AuditEntry> entries, int limit) {
        return limit == 0 || entries.size() <= limit ? entries : entries.subList(entries.size() - limit, entries.size());
    }

    static List<String> row(AuditEntry e) {
        return List.of(
                OpsText.time(e.at()),
                OpsText.cell(e.principal(), 30),
                OpsText.cell(e.act(), 30),
                OpsText.cell(e.subject(), OpsText.CELL_MAX),
                OpsText.cell(e.reason(), 60),
                OpsText.safe(e.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining(" "))));
    }
}
