package io.socswarm.ingest.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines of a replay's files as one stream: in file order, or merged in event-time order.
 * What {@link Replayer} sends and what {@code produce replay --out} writes.
 */
public final class ReplayStream implements EventReader.Lines {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayStream.class);
    /** Per file; at about 1 KB an event, 10 MB for each file the merge holds open. */
    public static final int DEFAULT_REORDER_WINDOW = 10_000;

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

    /** {@link #inTimeOrder(EventReader, List, int)} with {@value #DEFAULT_REORDER_WINDOW} events per file. */
    public static ReplayStream inTimeOrder(EventReader reader, List<Path> files) {
        return inTimeOrder(reader, files, DEFAULT_REORDER_WINDOW);
    }

    /**
     * The events of all files merged in event-time order (ties keep file order, then line order),
     * error lines as they are read. Each file is read as the merge reaches it, through a buffer of
     * at most {@code reorderWindow} events that puts a file's own small disorder right; an event
     * further out of place than that is sent late, behind later ones, and counted ({@link #late()}).
     * Memory: {@code reorderWindow} events for each file whose time span the merge is in.
     */
    public static ReplayStream inTimeOrder(EventReader reader, List<Path> files, int reorderWindow) {
        if (reorderWindow < 1) {
            throw new IllegalArgumentException("A reorder window must hold at least one event, not " + reorderWindow + ".");
        }
        Merge merge = new Merge(reader, files, reorderWindow);
        return new ReplayStream(merge, merge);
    }

    /** Events sent behind a later one because their file had them further out of place than the window. */
    public long late() {
        return lines instanceof Merge merge ? merge.late : 0;
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

    /**
     * The file's lines; for a file that cannot be opened at all (gone, unreadable, a corrupt archive,
     * a format nothing recognises), one error line that says why, so that it goes to dead-letters
     * and the replay goes on with the other files.
     */
    static EventReader.Lines open(EventReader reader, Path file) {
        try {
            return reader.read(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot open {}", file, e);
            EventReader.Line failed = EventReader.Line.failed(new byte[0], "cannot open the file: " + e.getMessage(),
                    file.toString(), 0);
            return EventReader.Lines.of(List.of(failed));
        }
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
                current = open(reader, currentFile);
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

    /**
     * A k-way merge of the files' event streams. A file is first looked at (its earliest time
     * among its first window of events) and closed again; it is opened for good only when the
     * merge reaches that time, so a month of hourly logs holds one or two open, not all.
     */
    private static final class Merge implements Iterator<EventReader.Line>, AutoCloseable {
        private static final Comparator<Source> BY_NEXT_TIME =
                Comparator.comparing((Source s) -> s.key).thenComparingInt(s -> s.index);

        private final EventReader reader;
        private final int window;
        private final PriorityQueue<Source> sources = new PriorityQueue<>(BY_NEXT_TIME);
        private final Deque<EventReader.Line> errors = new ArrayDeque<>();
        private EventReader.Line next;
        private Instant lastSent;
        private long late;

        Merge(EventReader reader, List<Path> files, int window) {
            this.reader = reader;
            this.window = window;
            for (int i = 0; i < files.size(); i++) {
                Source source = new Source(i, files.get(i));
                source.key = earliest(source.file);
                sources.add(source);
            }
        }

        /** The earliest time among a file's first window of events; a file with none is opened first (for its errors). */
        private Instant earliest(Path file) {
            Instant earliest = Instant.MIN;
            try (EventReader.Lines lines = open(reader, file)) {
                int seen = 0;
                while (seen < window && lines.hasNext()) {
                    EventReader.Line line = lines.next();
                    if (line.isEvent()) {
                        Instant t = line.event().timestamp();
                        earliest = seen++ == 0 || t.isBefore(earliest) ? t : earliest;
                    }
                }
            } catch (IOException e) {
                throw cannotRead(file, e);
            }
            return earliest;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public EventReader.Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EventReader.Line line = next;
            next = null;
            return line;
        }

        private EventReader.Line advance() {
            while (errors.isEmpty()) {
                Source source = sources.poll();
                if (source == null) {
                    return null;
                }
                if (source.lines == null) {
                    source.open();
                    source.fill();
                    requeue(source);
                    continue;
                }
                EventReader.Line line = source.buffer.poll().line;
                source.fill();
                requeue(source);
                Instant t = line.event().timestamp();
                if (lastSent != null && t.isBefore(lastSent)) {
                    late++;
                    source.late++;
                } else {
                    lastSent = t;
                }
                return line;
            }
            return errors.poll();
        }

        private void requeue(Source source) {
            if (source.buffer.isEmpty()) {
                source.close();
            } else {
                source.key = source.buffer.peek().line.event().timestamp();
                sources.add(source);
            }
        }

        @Override
        public void close() {
            sources.forEach(Source::close);
            sources.clear();
        }

        /** One file of the merge: its lines and the events read ahead of the merge. */
        private final class Source {
            final int index;
            final Path file;
            final PriorityQueue<Buffered> buffer = new PriorityQueue<>();
            Instant key;
            EventReader.Lines lines;
            long read;
            long late;

            Source(int index, Path file) {
                this.index = index;
                this.file = file;
            }

            void open() {
                lines = ReplayStream.open(reader, file);
            }

            /** Reads until the buffer holds a window of events or the file ends; error lines pass straight on. */
            void fill() {
                while (buffer.size() < window && lines.hasNext()) {
                    EventReader.Line line = lines.next();
                    if (line.isEvent()) {
                        buffer.add(new Buffered(line, read++));
                    } else {
                        errors.add(line);
                    }
                }
            }

            void close() {
                if (lines == null) {
                    return;
                }
                try {
                    lines.close();
                } catch (IOException e) {
                    throw cannotRead(file, e);
                } finally {
                    lines = null;
                    if (late > 0) {
                        LOG.warn("{}: {} events were more than {} events out of time order in the file and were sent "
                                + "behind later ones (raise --reorder-window)", file, late, window);
                    }
                }
            }
        }

        /** An event read ahead, in time order, then in the order read. */
        private record Buffered(EventReader.Line line, long seq) implements Comparable<Buffered> {
            @Override
            public int compareTo(Buffered other) {
                int byTime = line.event().timestamp().compareTo(other.line.event().timestamp());
                return byTime != 0 ? byTime : Long.compare(seq, other.seq);
            }
        }
    }
}
