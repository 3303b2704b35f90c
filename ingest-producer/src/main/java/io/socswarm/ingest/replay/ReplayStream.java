package io.socswarm.ingest.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The lines of a replay's files as one stream: in file order, or merged in event-time order.
 * What {@link Replayer} sends and what {@code produce replay --out} writes.
 */
public final class ReplayStream implements EventReader.Lines {
    private final Iterator<EventReader.Line> lines;
    private final AutoCloseable onClose;

    private ReplayStream(Iterator<EventReader.Line> lines, AutoCloseable onClose) {
        this.lines = lines;
        this.onClose = onClose;
    }

    /** The files one after the other, each read as it comes. */
    public static ReplayStream inFileOrder(EventReader reader, List<Path> files) {
        Concatenation concatenation = new Concatenation(reader, files);
        return new ReplayStream(concatenation, concatenation);
    }

    /** The events of all files in event-time order (ties keep file order), error lines as they are read. */
    public static ReplayStream inTimeOrder(EventReader reader, List<Path> files) {
        List<EventReader.Line> errors = new ArrayList<>();
        List<EventReader.Line> events = new ArrayList<>();
        try (Concatenation all = new Concatenation(reader, files)) {
            all.forEachRemaining(line -> (line.isEvent() ? events : errors).add(line));
        }
        events.sort(Comparator.comparing(line -> line.event().timestamp()));
        errors.addAll(events);
        return new ReplayStream(errors.iterator(), () -> { });
    }

    @Override
    public boolean hasNext() {
        return lines.hasNext();
    }

    @Override
    public EventReader.Line next() {
        return lines.next();
    }

    @Override
    public void close() throws IOException {
        try {
            onClose.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    static UncheckedIOException cannotRead(Path file, IOException e) {
        return new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }

    /** Each file opened when the one before it is done. */
    private static final class Concatenation implements Iterator<EventReader.Line>, AutoCloseable {
        private final EventReader reader;
        private final Iterator<Path> files;
        private EventReader.Lines current;
        private Path currentFile;

        Concatenation(EventReader reader, List<Path> files) {
            this.reader = reader;
            this.files = files.iterator();
        }

        @Override
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                close();
                if (!files.hasNext()) {
                    return false;
                }
                currentFile = files.next();
                try {
                    current = reader.read(currentFile);
                } catch (IOException e) {
                    throw cannotRead(currentFile, e);
                }
            }
            return true;
        }

        @Override
        public EventReader.Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        @Override
        public void close() {
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    throw cannotRead(currentFile, e);
                } finally {
                    current = null;
                }
            }
        }
    }
}
