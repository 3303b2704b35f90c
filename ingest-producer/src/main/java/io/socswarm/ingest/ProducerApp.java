package io.socswarm.ingest;

import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.JsonLinesWriter;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.replay.ReplayStream;
import io.socswarm.ingest.replay.Replayer;
import io.socswarm.ingest.replay.Speed;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.ingest.synthetic.render.Renderer;
import io.socswarm.ingest.synthetic.render.Renderers;
import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code produce}: puts security events on {@code raw-events}, either a seeded synthetic stream
 * or a replay of recorded files. Exits non-zero when any event could not be sent.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publish security events to raw-events: synthetic, or replayed from files.",
        subcommands = {ProducerApp.Synthetic.class, ProducerApp.Replay.class})
public final class ProducerApp implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerApp.class);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to produce: synthetic or replay.");
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ProducerApp());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return e instanceof IllegalArgumentException || e instanceof SwarmConfig.ConfigException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    /** Exit code and sentence for a finished send. */
    static int report(EventPublisher publisher, long attempted) {
        if (publisher.failed() > 0) {
            System.err.printf(Locale.ROOT, "error: %,d of %,d events could not be sent: %s%n", publisher.failed(),
                    attempted, publisher.firstFailure());
            return 1;
        }
        return 0;
    }

    @Command(name = "synthetic", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"A seeded, repeatable mix of benign traffic and attacks, each event labelled "
                    + "with its ground truth (docs/synthetic-scenarios.md).",
                    "Settings: swarm.synthetic.attack.ratio (0.1), swarm.synthetic.attacks (e.g. port_scan=1,beaconing=2)."})
    static final class Synthetic implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Option(names = "--seed", defaultValue = "42", description = "Seed; the same seed and --start give the same stream (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--count", defaultValue = "0", description = "Events to produce; 0 = until stopped (default: ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--rate", defaultValue = "20",
                description = "Events per second; 0 = as fast as possible, with --count. Also spaces the events' own times, "
                        + "in a recording too (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--attack-ratio", paramLabel = "0..1", description = "Share of attack events (default 0.1).")
        Double attackRatio;

        @Option(names = "--start", paramLabel = "INSTANT", description = "Event time of the first event, e.g. 2026-03-02T08:00:00Z (default: now).")
        Instant start;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the events to FILE as JSON lines instead of to Kafka (needs --count).")
        Path out;

        @Option(names = "--format", defaultValue = Renderers.JSON, paramLabel = "FORMAT",
                description = "With --out: json (SecurityEvent lines, the default) or a native log rendering: "
                        + "zeek-conn-tsv, zeek-conn-json, zeek-ssh-tsv, zeek-ssh-json, windows-logon-evtx, "
                        + "windows-logon-flat, windows-kerberos-evtx, windows-kerberos-flat, windows-ntlm-evtx, "
                        + "windows-ntlm-flat, syslog-sshd, cloudtrail. A rendering writes only the events its format "
                        + "can hold; see docs/synthetic-scenarios.md.")
        String format;

        @Option(names = "--quiet", description = "No progress, only the summary.")
        boolean quiet;

        @Override
        public Integer call() {
            Renderer renderer = Renderers.JSON.equalsIgnoreCase(format.strip()) ? null : Renderers.forName(format);
            if (renderer != null && out == null) {
                throw new IllegalArgumentException("--format " + renderer.name() + " needs --out: a rendering is a file.");
            }
            SwarmConfig config = options.config(Map.of());
            if (attackRatio != null) {
                config = config.with(SyntheticSettings.ATTACK_RATIO, Double.toString(attackRatio));
            }
            if (rate <= 0 && count <= 0) {
                throw new IllegalArgumentException("--rate 0 needs --count N: " + SyntheticSettings.UNPACED_NEEDS_AN_END);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // Event time keeps step with --rate, also in a recording: the same flags give the same stream.
            SyntheticSettings settings = SyntheticSettings.live(config, seed, rate, count, now);
            if (start != null) {
                settings = settings.withStart(start);
            }
            Instant first = settings.start();
            SyntheticGenerator generator = new SyntheticGenerator(settings);
            if (out != null) {
                if (count <= 0) {
                    throw new IllegalArgumentException("--out needs --count: a recording must end.");
                }
                if (renderer != null) {
                    Renderers.Counts written = SyntheticRun.write(out, generator, count, renderer);
                    System.err.printf(Locale.ROOT, "Rendered %,d of %,d events (seed %d, from %s) as %s to %s; the other "
                            + "%,d are not %s%n", written.rendered(), count, seed, first, renderer.name(), out,
                            written.skipped(), renderer.expresses());
                    return 0;
                }
                SyntheticRun.write(out, generator, count);
                System.err.printf(Locale.ROOT, "Wrote %,d events (seed %d, from %s) to %s%n", count, seed, first, out);
                return 0;
            }
            boolean[] stop = {false};
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop[0] = true));
            try (EventPublisher publisher = new EventPublisher(config)) {
                Progress progress = quiet ? null : Progress.forConsole(count);
                SyntheticRun.Result result = SyntheticRun.publish(publisher, generator, count, rate, progress,
                        () -> stop[0]);
                if (quiet) {
                    System.err.printf(Locale.ROOT, "%,d events sent, %,d failed%n", result.sent(), result.failed());
                }
                return report(publisher, result.produced());
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Replay recorded files into raw-events, each event at its own event time. Reads every "
                    + "supported format (see --format), detected per file by default, as a stream: memory does not "
                    + "grow with the files.",
                    "Unreadable lines are reported with file and line, sent to dead-letters, and skipped."})
    static final class Replay implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to replay, in order.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--speed", defaultValue = "max", description = "max, 1 (real time) or a factor like 60 (default: ${DEFAULT-VALUE}).")
        String speed;

        @Option(names = "--format", defaultValue = Readers.AUTO, paramLabel = "FORMAT",
                description = "Format of the files: auto (detect each file from its first lines), json (our "
                        + "SecurityEvent lines), zeek (TSV or JSON, .gz too), syslog (auth.log, OpenSSH), windows "
                        + "(Winlogbeat / NXLog JSON lines), cloudtrail, cicflowmeter (CSV) or ecs "
                        + "(default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--year", paramLabel = "YYYY",
                description = "Year of the first line of BSD syslog files, which carry none (default: inferred as "
                        + "log shippers do: this year, or the year before when that would put the line more than a "
                        + "day in the future; Dec to Jan within a file moves to the next year).")
        Integer year;

        @Option(names = "--in-time-order",
                description = {"Send the events of all files merged in event-time order, as they happened (for "
                        + "samples and recordings split by class rather than by time). Streams: each file is read as "
                        + "the merge reaches it, through a reorder buffer of --reorder-window events that puts a "
                        + "file's own small disorder right; an event further out of place is sent late and counted "
                        + "(docs/memory.md)."})
        boolean inTimeOrder;

        @Option(names = "--reorder-window", paramLabel = "N", defaultValue = "" + ReplayStream.DEFAULT_REORDER_WINDOW,
                description = "With --in-time-order: events per file held to put the file's own disorder right; "
                        + "memory is about N KB for each file open at once (default: ${DEFAULT-VALUE}).")
        int reorderWindow;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Write the events to FILE as JSON lines (every field, as produce synthetic --out "
                        + "writes them) instead of to Kafka; replaying FILE gives the same events.")
        Path out;

        @Option(names = "--quiet", description = "No progress, only the summary.")
        boolean quiet;

        @Override
        public Integer call() {
            Readers.Options readerOptions = new Readers.Options(year);
            EventReader reader = Readers.forFormat(format, readerOptions);
            Speed pace = Speed.parse(speed);
            for (Path file : files) {
                if (!Files.isReadable(file) || Files.isDirectory(file)) {
                    throw new IllegalArgumentException("Cannot read " + file + ": no such file or no permission.");
                }
            }
            if (reader.format().equals(Readers.AUTO)) {
                // Tell every file's format before sending anything, so a stray file stops the run cleanly.
                for (Path file : files) {
                    try {
                        Readers.detect(file, readerOptions);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage() + ".");
                    }
                }
            }
            if (out != null) {
                return record(reader);
            }
            try (EventPublisher publisher = new EventPublisher(options.config(Map.of()))) {
                Replayer replayer = new Replayer(publisher, reader, pace, quiet ? null : Progress.forConsole(0));
                Replayer.Result result = (inTimeOrder ? replayer.inTimeOrder(reorderWindow) : replayer).replay(files);
                if (result.badLines() > 0) {
                    System.err.printf(Locale.ROOT, "%,d lines could not be read and went to dead-letters.%n",
                            result.badLines());
                }
                if (publisher.refused() > 0) {
                    System.err.printf(Locale.ROOT, "%,d events were refused by the broker and went to dead-letters "
                            + "with its reason (an event time too far from now, or too large).%n", publisher.refused());
                }
                return report(publisher, result.events());
            }
        }

        /** Converts the files to one JSON-lines recording; lines that cannot be read are reported and left out. */
        private int record(EventReader reader) {
            long bad = 0;
            try (JsonLinesWriter writer = JsonLinesWriter.open(out);
                 ReplayStream lines = inTimeOrder ? ReplayStream.inTimeOrder(reader, files, reorderWindow)
                         : ReplayStream.inFileOrder(reader, files)) {
                while (lines.hasNext()) {
                    EventReader.Line line = lines.next();
                    if (line.isEvent()) {
                        writer.write(line.event());
                    } else {
                        bad++;
                        LOG.warn("{}:{}: {} (left out of {})", line.file(), line.number(), line.error(), out);
                    }
                }
                System.err.printf(Locale.ROOT, "Wrote %,d events to %s%s%n", writer.written(), out,
                        bad > 0 ? String.format(Locale.ROOT, "; %,d lines could not be read and were left out", bad)
                                : "");
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the replayed files: " + e.getMessage(), e);
            }
        }
    }
}
