package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** The reader fixtures under {@code src/test/resources/formats} and a way to read one whole. */
final class Fixtures {
    private Fixtures() {
    }

    static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/formats/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Line> readAll(EventReader reader, Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (EventReader.Lines it = reader.read(file)) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }

    static List<SecurityEvent> events(List<Line> lines) {
        return lines.stream().filter(Line::isEvent).map(Line::event).toList();
    }

    static List<Line> failures(List<Line> lines) {
        return lines.stream().filter(line -> !line.isEvent()).toList();
    }

    /** An event's original fields ({@code orig.*}), by original name. */
    static Map<String, String> originals(SecurityEvent event) {
        Map<String, String> originals = new TreeMap<>();
        event.attributes().forEach((key, value) -> {
            if (key.startsWith(Attributes.ORIGINAL_PREFIX)) {
                originals.put(key.substring(Attributes.ORIGINAL_PREFIX.length()), value);
            }
        });
        return originals;
    }

    /** An event's mapped attributes: all but the originals. */
    static Map<String, String> mapped(SecurityEvent event) {
        Map<String, String> mapped = new TreeMap<>();
        event.attributes().forEach((key, value) -> {
            if (!key.startsWith(Attributes.ORIGINAL_PREFIX)) {
                mapped.put(key, value);
            }
        });
        return mapped;
    }

    /** A file {@code name} in {@code dir} holding {@code text}. */
    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static Path gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
        return target;
    }
}
