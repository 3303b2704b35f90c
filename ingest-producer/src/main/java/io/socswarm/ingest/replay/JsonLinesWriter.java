package io.socswarm.ingest.replay;

import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes events as JSON lines, one {@link SecurityEvent} per line, with every field: the
 * recording format of {@code produce synthetic --out} and {@code produce replay --out}, read back
 * by {@link JsonLinesReader}. One writer for both, so a recording replays to the same events.
 */
public final class JsonLinesWriter implements Closeable {
    private final Path file;
    private final BufferedWriter out;
    private long written;

    private JsonLinesWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    public static JsonLinesWriter open(Path file) {
        try {
            return new JsonLinesWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(SecurityEvent event) {
        try {
            // Jackson escapes line breaks inside strings, so one event is always one line.
            out.write(Json.MAPPER.writeValueAsString(event));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
