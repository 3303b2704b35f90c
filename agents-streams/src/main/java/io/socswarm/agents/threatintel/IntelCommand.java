package io.socswarm.agents.threatintel;

import io.socswarm.agents.threatintel.feeds.FeedFormat;
import io.socswarm.model.Topics;
import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.logging.LogEscaper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm intel}: manages the threat-intel agent's indicators on the compacted topic
 * {@code intel-indicators}. Running agents pick up every change without a restart.
 */
@Command(name = "intel", mixinStandardHelpOptions = true,
        description = "Load threat-intelligence feeds into intel-indicators, or withdraw indicators.",
        subcommands = {IntelCommand.Load.class, IntelCommand.Remove.class})
public final class IntelCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: load or remove.");
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new IntelCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return e instanceof IllegalArgumentException || e instanceof SwarmConfig.ConfigException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    @Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Parse feed files and publish their indicators to intel-indicators (key type:value, "
                    + "e.g. cidr:5.188.10.0/23), replacing earlier versions of the same indicators.",
                    "Formats: abusech (Feodo Tracker, URLhaus, ThreatFox, MalwareBazaar CSV), spamhaus (DROP, EDROP, "
                            + "DROPv6, ASN-DROP), stix (2.0/2.1 bundles), misp (event JSON).",
                    "Entries that cannot be read are counted, logged with file and line, and skipped."})
    static final class Load implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Feed files to load.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|abusech|spamhaus|stix|misp",
                description = "Format of the files, or auto to detect it from each file's content (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--feed", paramLabel = "NAME",
                description = "Feed name for every indicator (default: from each file: feodotracker, spamhaus-drop, "
                        + "the MISP organisation, or the file's name).")
        String feed;

        @Override
        public Integer call() {
            SwarmConfig config = options.config(Map.of());
            IntelLoad.Result result = IntelLoad.publish(config, files, FeedFormat.named(format), feed);
            for (IntelLoad.FileResult f : result.files()) {
                System.err.printf(Locale.ROOT, "  %s (%s, feed %s): %,d indicators%s%s%n", f.file(), f.format().code(),
                        LogEscaper.escape(f.feed()), f.indicators(), f.unreadable() > 0 ? String.format(Locale.ROOT, ", %,d unreadable", f.unreadable()) : "",
                        f.skipped() > 0 ? String.format(Locale.ROOT, ", %,d skipped", f.skipped()) : "");
            }
            System.out.println(result.summary());
            if (result.skipped() > 0) {
                System.err.printf(Locale.ROOT, "%,d entries were of kinds no event carries and were skipped.%n", result.skipped());
            }
            if (result.unreadable() > 0) {
                System.err.printf(Locale.ROOT, "%,d entries could not be read and were skipped (each is logged with "
                        + "file and line).%n", result.unreadable());
            }
            if (result.failed() > 0) {
                System.err.printf(Locale.ROOT, "error: %,d indicators could not be sent: %s%n", result.failed(),
                        result.firstFailure());
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Withdraw indicators by key (a tombstone each); running agents stop matching them.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Parameters(paramLabel = "KEY", arity = "1..*", description = "Indicator keys, type:value, e.g. cidr:5.188.10.0/23 domain:evil.example.")
        List<String> keys = new ArrayList<>();

        @Override
        public Integer call() {
            SwarmConfig config = options.config(Map.of());
            long removed = IntelLoad.remove(config, keys);
            System.out.printf(Locale.ROOT, "Removed %,d indicator%s from %s: %s%n", removed, removed == 1 ? "" : "s",
                    Topics.from(config.asMap()).intelIndicators().name(),
                    keys.stream().map(IntelLoad::normaliseKey).collect(Collectors.joining(", ")));
            return 0;
        }
    }
}
