package io.socswarm.launcher.ops;

import io.socswarm.launcher.ops.AuditVerifier.Break;
import io.socswarm.launcher.ops.AuditVerifier.PartitionReport;
import io.socswarm.launcher.ops.AuditVerifier.Position;
import io.socswarm.launcher.ops.AuditVerifier.Report;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm audit verify}: reads every partition of {@code audit} from the beginning and checks
 * its hash chain ({@link AuditVerifier}); prints each partition's counts and "chain intact" or its
 * first broken link, and exits 1 when any link is broken. Text from entries is escaped: an entry
 * someone forged is exactly what this command shows.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that the audit trail is untouched: every partition of 'audit' is a hash chain;"
                + " names the first broken link (altered, removed or inserted entries).",
                "Exit code 0 when every chain is intact, 1 when one is broken, 2 when 'audit' cannot be read."})
public final class AuditVerifyCommand implements Callable<Integer> {
    public static final int BROKEN_EXIT = 1;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config(Map.of());
        Topic<String, AuditEntry> topic = Topics.from(config.asMap()).audit();
        TopicSnapshot.Snapshot<String, AuditEntry> snapshot = TopicSnapshot.read(config, topic);
        Report report = AuditVerifier.verify(snapshot.partitions(), positions(snapshot));
        PrintWriter out = spec.commandLine().getOut();
        print(out, topic.name(), report);
        out.flush();
        return report.intact() ? 0 : BROKEN_EXIT;
    }

    /** Every record of the snapshot where it was; tombstones and unreadable records as positions without an entry. */
    static List<Position> positions(TopicSnapshot.Snapshot<String, AuditEntry> snapshot) {
        List<Position> positions = new ArrayList<>();
        for (TopicSnapshot.Entry<String, AuditEntry> e : snapshot.records()) {
            positions.add(new Position(e.partition(), e.offset(), e.value(), null));
        }
        for (TopicSnapshot.Unreadable u : snapshot.skipped()) {
            positions.add(new Position(u.partition(), u.offset(), null, u.reason()));
        }
        return positions;
    }

    static void print(PrintWriter out, String topic, Report report) {
        String name = OpsText.safe(topic);
        for (PartitionReport p : report.partitions()) {
            StringBuilder line = new StringBuilder(name + "-" + p.partition() + ": " + count(p.entries(), "entry", "entries"));
            List<String> kinds = new ArrayList<>();
            if (p.unchained() > 0) {
                kinds.add(p.unchained() + " unchained (before chaining began)");
            }
            if (p.chained() > 0) {
                kinds.add(p.chained() + " chained");
            }
            if (!kinds.isEmpty()) {
                line.append(" (").append(String.join(", ", kinds)).append(')');
            }
            line.append(p.intact() ? ": chain intact" : ": BROKEN at offset " + p.broken().offset());
            out.println(line);
            if (!p.intact()) {
                describe(out, p.broken());
            }
        }
        if (report.intact()) {
            out.println("Chain intact: " + count(report.entries(), "entry", "entries") + " in "
                    + count(report.partitions().size(), "partition", "partitions") + " of " + name + ".");
        } else {
            Break first = report.firstBreak().orElseThrow();
            long broken = report.partitions().stream().filter(p -> !p.intact()).count();
            out.println("The audit trail is broken in " + broken + " of "
                    + count(report.partitions().size(), "partition", "partitions") + "; first broken link: partition "
                    + first.partition() + ", offset " + first.offset() + " (" + first.problem().text + ").");
        }
    }

    private static void describe(PrintWriter out, Break b) {
        out.println("  " + b.problem().text + ": " + OpsText.safe(b.detail()));
        AuditEntry e = b.entry();
        if (e != null) {
            out.println("  entry: " + OpsText.time(e.at()) + " " + OpsText.cell(e.principal(), 60) + " "
                    + OpsText.cell(e.act(), 60) + " " + OpsText.cell(e.subject(), 80) + " reason: "
                    + OpsText.cell(e.reason(), 120));
        }
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
