package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * A reader of line-oriented files: it streams the lines and hands each to a per-file
 * {@link FileParser}, which keeps what the file has said so far (a Zeek header, a CSV header,
 * the year of a syslog). A line the parser cannot map becomes an error line; a file that
 * stops being readable part-way ends with one error line.
 */
public abstract class LineReader implements EventReader {

    /** Maps the lines of one file, in order. */
    protected interface FileParser {
        /** Adds the events (or the error) of one line to {@code out}; nothing for a header or blank line. */
        void parse(TextLines.Raw line, Deque<Line> out);
    }

    /** The records of one file, in order: its lines ({@link TextLines}) or its JSON documents ({@link JsonDocuments}). */
    interface Records extends Closeable {
        /** The next record, or null at the end of the file. */
        TextLines.Raw next() throws IOException;

        /** The number of the last line read, 0 before the first. */
        long lineNumber();

        /** Why a record marked {@link TextLines.Raw#tooLong()} is refused. */
        String tooLongReason();
    }

    /** A parser for a new file. */
    protected abstract FileParser parser(FileContext file);

    @Override
    public Lines read(Path path) throws IOException {
        return read(FileContext.of(format(), path), TextLines.open(path));
    }

    /** The events of {@code text}'s records, each mapped by a new {@link #parser}. */
    Lines read(FileContext file, Records text) {
        FileParser parser = parser(file);
        return new Lines() {
            private final Deque<Line> pending = new ArrayDeque<>();
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && !ended) {
                    TextLines.Raw raw;
                    try {
                        raw = text.next();
                    } catch (IOException e) {
                        ended = true;
                        pending.add(file.failed(new byte[0], "cannot read further: " + e.getMessage(),
                                text.lineNumber() + 1));
                        break;
                    }
                    if (raw == null) {
                        ended = true;
                    } else if (raw.tooLong()) {
                        pending.add(file.failed(raw.bytes(), text.tooLongReason(), raw.number()));
                    } else if (!raw.text().isBlank()) {
                        try {
                            parser.parse(raw, pending);
                        } catch (RuntimeException e) {
                            // A mapping bug on one odd record must not stop the replay: report the line.
                            pending.add(file.failed(raw.bytes(), "cannot map: " + e, raw.number()));
                        }
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }

            @Override
            public void close() throws IOException {
                text.close();
            }
        };
    }
}
