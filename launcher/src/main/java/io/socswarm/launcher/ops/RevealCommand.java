package io.socswarm.launcher.ops;

import io.socswarm.analyst.llm.Pseudonymizer;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm reveal}: turns the tokens of a share ({@code ./swarm share}) back into names and
 * addresses, for holders of the key. It recomputes the tokens of every name and internal address in
 * the cluster's incidents, decisions and investigations; a token whose value is not there any more
 * (retention) stays a token. JSON lines stay JSON; text from the topics is escaped before it is
 * printed.
 */
@Command(name = "reveal", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn the tokens of a share back into the names and addresses they stand for (needs the key"
                + " and the cluster the share came from).",
                "Reads the TEXT arguments, else --in FILE, else standard input; prints each line revealed."})
public final class RevealCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "The key the share was made with.")
    Path keyFile;

    @Option(names = "--in", paramLabel = "FILE", description = "A share (JSON lines) or any text holding tokens.")
    Path in;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Tokens or text holding them, e.g. user-1a2b3c4d.")
    List<String> texts = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] key = Sharing.readKey(keyFile);
        SwarmConfig config = cluster.config(Map.of());
        Topics topics = Topics.from(config.asMap());
        Pseudonymizer.Session session = Sharing.session(key,
                TopicSnapshot.read(config, topics.incidents()).latest().values(),
                TopicSnapshot.read(config, topics.decisions()).records().stream()
                        .map(TopicSnapshot.Entry::value).filter(d -> d != null).toList(),
                TopicSnapshot.read(config, topics.investigations()).latest().values());
        PrintWriter out = spec.commandLine().getOut();
        if (!texts.isEmpty()) {
            texts.forEach(text -> out.println(OpsText.safe(Sharing.reveal(session, text))));
        } else {
            try (BufferedReader reader = in != null ? Files.newBufferedReader(in, StandardCharsets.UTF_8)
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    out.println(OpsText.safe(Sharing.reveal(session, line)));
                }
            }
        }
        out.flush();
        return 0;
    }
}
