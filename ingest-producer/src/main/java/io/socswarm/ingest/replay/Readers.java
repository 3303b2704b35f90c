package io.socswarm.ingest.replay;

import io.socswarm.ingest.replay.formats.CicFlowMeterReader;
import io.socswarm.ingest.replay.formats.CloudTrailReader;
import io.socswarm.ingest.replay.formats.EcsReader;
import io.socswarm.ingest.replay.formats.FormatDetector;
import io.socswarm.ingest.replay.formats.SyslogReader;
import io.socswarm.ingest.replay.formats.WindowsReader;
import io.socswarm.ingest.replay.formats.ZeekReader;
import java.io.IOException;
import java.time.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The readers of recorded files by format name, as {@code --format} and truth files spell them,
 * and detection of a file's format from its content ({@value #AUTO}). The names:
 * {@code json} (our own SecurityEvent lines), {@code zeek}, {@code syslog}, {@code windows},
 * {@code cloudtrail}, {@code cicflowmeter} and {@code ecs}; see {@link FormatDetector} for how
 * {@value #AUTO} tells them apart.
 */
public final class Readers {
    public static final String AUTO = "auto";
    public static final String JSON = "json";

    /**
     * What a reader may need beyond the file itself: the year of syslog lines that carry none
     * (null: inferred), and the clock that inference reads "now" from.
     */
    public record Options(Integer year, Clock clock) {
        public Options {
            if (year != null && (year < 1970 || year > 9999)) {
                throw new IllegalArgumentException("A syslog year must be between 1970 and 9999, not " + year + ".");
            }
            Objects.requireNonNull(clock, "clock");
        }

        public Options(Integer year) {
            this(year, Clock.systemUTC());
        }

        public static Options defaults() {
            return new Options(null);
        }
    }

    private Readers() {
    }

    /** The format names {@link #forFormat} accepts, {@value #AUTO} first. */
    public static List<String> formats() {
        return List.of(AUTO, JSON, ZeekReader.FORMAT, SyslogReader.FORMAT, WindowsReader.FORMAT,
                CloudTrailReader.FORMAT, CicFlowMeterReader.FORMAT, EcsReader.FORMAT);
    }

    /** The reader for a format name; {@value #AUTO} detects each file's format when it is opened. */
    public static EventReader forFormat(String format, Options options) {
        String name = format == null ? AUTO : format.strip().toLowerCase(Locale.ROOT);
        Options opts = options == null ? Options.defaults() : options;
        return switch (name) {
            case AUTO -> new AutoReader(opts);
            case JSON, "jsonl" -> new JsonLinesReader();
            case ZeekReader.FORMAT -> new ZeekReader();
            case SyslogReader.FORMAT -> new SyslogReader(opts.year(), opts.clock());
            case WindowsReader.FORMAT -> new WindowsReader();
            case CloudTrailReader.FORMAT -> new CloudTrailReader();
            case CicFlowMeterReader.FORMAT -> new CicFlowMeterReader();
            case EcsReader.FORMAT -> new EcsReader();
            default -> throw new IllegalArgumentException("Unknown format '" + format + "'; the formats are "
                    + String.join(", ", formats()) + ".");
        };
    }

    /**
     * The reader for one file, chosen from its first lines. An empty file gets the {@code json}
     * reader, which finds nothing in it.
     *
     * @throws IllegalArgumentException "Cannot tell the format of FILE: …; pass --format." when nothing fits
     */
    public static EventReader detect(Path file, Options options) throws IOException {
        String format = FormatDetector.detect(file);
        return forFormat(format == null ? JSON : format, options);
    }

    /** Detects each file's format as it is opened. */
    private static final class AutoReader implements EventReader {
        private final Options options;

        AutoReader(Options options) {
            this.options = options;
        }

        @Override
        public String format() {
            return AUTO;
        }

        @Override
        public Lines read(Path file) throws IOException {
            return detect(file, options).read(file);
        }
    }
}
