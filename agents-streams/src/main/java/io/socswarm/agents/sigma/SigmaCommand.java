package io.socswarm.agents.sigma;

import io.socswarm.agents.CompactedTopics;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.ProducerSettings;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.logging.LogEscaper;
import io.socswarm.sigma.LoadIssue;
import io.socswarm.sigma.SigmaLoader;
import io.socswarm.sigma.correlation.CorrelationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm sigma}: manages the Sigma agent's rules on the compacted topic {@code sigma-rules}.
 * Running Sigma agents pick up every change without a restart.
 *
 * <p>A rule file is one record, keyed by the id of its first rule and holding the file's YAML, so
 * that a correlation travels with the rules it names in the same file. Each file is checked with
 * the agent's own loader first: a file none of whose rules the agent could run is not sent, and
 * every rule it would skip is named with the construct at fault.
 */
@Command(name = "sigma", mixinStandardHelpOptions = true,
        description = "Load Sigma rules into sigma-rules, or withdraw them.",
        subcommands = {SigmaCommand.Load.class, SigmaCommand.Remove.class})
public final class SigmaCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: load or remove.");
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Check Sigma rule files (*.yml, *.yaml; directories are walked) and publish each to "
                    + "sigma-rules, keyed by the id of its first rule, replacing an earlier version of it.",
                    "Rules the agent cannot run are named with the construct at fault and skipped."})
    static final class Load implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Parameters(paramLabel = "DIR_OR_FILE", arity = "1..*", description = "Rule files or directories of them.")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() {
            SwarmConfig config = options.config(Map.of());
            Topic<String, String> topic = Topics.from(config.asMap()).sigmaRules();
            Map<String, String> records = new java.util.LinkedHashMap<>();
            int rules = 0;
            int skipped = 0;
            SigmaLoader loader = new SigmaLoader();
            for (Path file : ruleFiles(paths)) {
                String yaml = read(file);
                SigmaLoader.LoadResult loaded = loader.load(yaml, file.toString());
                for (LoadIssue issue : loaded.report().issues()) {
                    System.err.printf(Locale.ROOT, "  skipped %s (rule %s): %s%n", LogEscaper.escape(issue.file()),
                            LogEscaper.escape(String.valueOf(issue.ruleId())), LogEscaper.escape(issue.construct()));
                }
                skipped += loaded.report().skipped();
                String id = firstId(loaded);
                if (id == null) {
                    continue;
                }
                rules += loaded.rules().size() + loaded.correlations().size();
                records.put(id, yaml);
            }
            if (records.isEmpty()) {
                throw new IllegalArgumentException("No rule the Sigma agent can run was found in "
                        + paths.stream().map(Path::toString).toList() + ".");
            }
            CompactedTopics.ensure(config, topic);
            send(config, topic, records);
            System.out.printf(Locale.ROOT, "Loaded %,d rule%s from %,d file%s into %s%s.%n", rules, rules == 1 ? "" : "s",
                    records.size(), records.size() == 1 ? "" : "s", topic.name(),
                    skipped > 0 ? String.format(Locale.ROOT, "; skipped %,d the agent cannot run", skipped) : "");
            return 0;
        }

        private static String firstId(SigmaLoader.LoadResult loaded) {
            if (!loaded.rules().isEmpty()) {
                return loaded.rules().get(0).rule().id();
            }
            return loaded.correlations().stream().map(CorrelationRule::id).findFirst().orElse(null);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Withdraw rules by id (a tombstone each); running Sigma agents stop matching them.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Rule ids, as 'sigma load' keyed them.")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() {
            SwarmConfig config = options.config(Map.of());
            Topic<String, String> topic = Topics.from(config.asMap()).sigmaRules();
            Map<String, String> tombstones = new java.util.LinkedHashMap<>();
            ids.forEach(id -> tombstones.put(id.trim(), null));
            send(config, topic, tombstones);
            System.out.printf(Locale.ROOT, "Withdrew %,d rule%s from %s: %s%n", ids.size(), ids.size() == 1 ? "" : "s",
                    topic.name(), String.join(", ", tombstones.keySet()));
            return 0;
        }
    }

    static List<Path> ruleFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                    walk.filter(Files::isRegularFile).filter(SigmaCommand::isRuleFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("There is no rule file or directory at " + path + ".");
            }
        }
        return files;
    }

    private static boolean isRuleFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sends every record (null: a tombstone) and fails unless the broker acknowledged them all. */
    private static void send(SwarmConfig config, Topic<String, String> topic, Map<String, String> records) {
        try (Producer<String, String> producer = new KafkaProducer<>(ProducerSettings.of(config),
                new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            records.forEach((id, yaml) -> sent.add(producer.send(new ProducerRecord<>(topic.name(), id, yaml))));
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write to " + topic.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic.name(), e);
        }
    }
}
