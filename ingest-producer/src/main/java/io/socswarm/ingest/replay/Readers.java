package io.socswarm.ingest.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The readers of recorded files by format name, as {@code --format} and truth files spell them,
 * and detection of a file's format from its content ({@value #AUTO}).
 */
public final class Readers {
    public static final String AUTO = "auto";

    /** What a reader may need beyond the file itself. */
    public record Options(Integer year) {
        public static Options defaults() {
            return new Options(null);
        }
    }

    private Readers() {
    }

    /** The format names {@link #forFormat} accepts, {@value #AUTO} first. */
    public static List<String> formats() {
        return List.of(AUTO, "json");
    }

    /** The reader for a format name; {@value #AUTO} detects each file's format when it is opened. */
    public static EventReader forFormat(String format, Options options) {
        String name = format == null ? AUTO : format.toLowerCase(Locale.ROOT);
        switch (name) {
            case AUTO, "json", "jsonl" -> {
                return new JsonLinesReader();
            }
            default -> throw new IllegalArgumentException("Unknown format '" + format + "'; the formats are "
                    + String.join(", ", formats()) + ".");
        }
    }

    /** The reader for one file, chosen from its first lines. */
    public static EventReader detect(Path file, Options options) throws IOException {
        return new JsonLinesReader();
    }
}
