package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static Path gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
        return target;
    }
}
