package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader;
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

    /** A parser for a new file. */
    protected abstract FileParser parser(FileContext file);

    @Override
    public Lines read(Path path) throws IOException {
        TextLines text = TextLines.open(path);
        FileContext file = FileContext.of(format(), path);
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
                        pending.add(file.failed(raw.bytes(), "line longer than " + TextLines.MAX_LINE_BYTES + " bytes",
                                raw.number()));
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
