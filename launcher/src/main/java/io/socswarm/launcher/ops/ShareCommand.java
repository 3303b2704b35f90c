package io.socswarm.launcher.ops;

import io.socswarm.analyst.llm.Pseudonymizer;
import io.socswarm.local.UserError;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm share}: the cluster's decisions, incidents and investigations as JSON lines for
 * people outside the SOC, with user names, host names and internal addresses replaced by keyed
 * tokens ({@link Pseudonymizer}); public addresses, domains and hashes stay. Decisions lose their
 * ground-truth labels. {@code ./swarm reveal} turns the tokens back for holders of the key.
 */
@Command(name = "share", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write decisions, incidents and investigations as JSON lines for sharing outside the SOC:"
                + " user and host names and internal addresses become keyed tokens (user-…, host-…, ip-…, HMAC-SHA256);"
                + " public addresses, domains and hashes stay.",
                "Holders of the key turn tokens back with ./swarm reveal."})
public final class ShareCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--key-file", required = true, paramLabel = "FILE",
            description = "The pseudonymisation key (at least 16 bytes). Keep it inside the SOC: it links tokens to names.")
    Path keyFile;

    @Option(names = "--new-key", description = "Create the key file first (32 random bytes, readable by you only); never overwrites.")
    boolean newKey;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the JSON lines go (default: standard output).")
    Path out;

    @Option(names = "--without-decisions", description = "Leave the decisions out (they are the bulk of a share).")
    boolean withoutDecisions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] key = newKey ? Sharing.newKey(keyFile) : Sharing.readKey(keyFile);
        SwarmConfig config = cluster.config(Map.of());
        Topics topics = Topics.from(config.asMap());
        Map<String, Incident> incidents = TopicSnapshot.read(config, topics.incidents()).latest();
        Map<String, Decision> decided = !withoutDecisions ? latest(TopicSnapshot.read(config, topics.decisions()))
                : Map.of();
        Map<String, Investigation> investigations = TopicSnapshot.read(config, topics.investigations()).latest();
        Pseudonymizer.Session session = Sharing.session(key, incidents.values(), decided.values(),
                investigations.values());
        List<Sharing.Line> lines = Sharing.lines(session, incidents, decided, investigations,
                topics.incidents().name(), topics.decisions().name(), topics.investigations().name());
        if (out == null) {
            write(spec.commandLine().getOut(), lines);
        } else {
            if (Files.exists(out)) {
                throw new UserError("The file " + out + " exists already; share writes a new file.");
            }
            try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                write(new PrintWriter(file), lines);
            }
        }
        spec.commandLine().getErr().printf("Shared %d decisions, %d incidents and %d investigations%s.%n",
                decided.size(), incidents.size(), investigations.size(),
                out == null ? "" : " to " + OpsText.safe(out.toString()));
        return 0;
    }

    /** The latest record per key: a decision is written once, but a replay may write an event's decision again. */
    private static Map<String, Decision> latest(TopicSnapshot.Snapshot<String, Decision> snapshot) {
        Map<String, Decision> latest = new LinkedHashMap<>();
        snapshot.records().forEach(e -> {
            if (e.value() != null) {
                latest.put(e.key(), e.value());
            }
        });
        return latest;
    }

    private static void write(PrintWriter writer, List<Sharing.Line> lines) {
        lines.forEach(line -> writer.println(Sharing.json(line)));
        writer.flush();
    }
}
