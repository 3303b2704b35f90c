package io.socswarm.ingest.replay;

import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one recorded file into events, line by line. A line it cannot read becomes an error
 * {@link Line}, never an exception that stops the file: the replay sends it to dead-letters and
 * goes on. Readers for other log formats (Zeek, syslog, Windows, cloud) implement this too.
 */
public interface EventReader {

    /** The format's name, as {@code --format} spells it. */
    String format();

    /** Opens {@code file}; the iterator must be closed. Only failing to open the file at all throws. */
    Lines read(Path file) throws IOException;

    /** The lines of one file. */
    interface Lines extends Iterator<Line>, AutoCloseable {
        @Override
        void close() throws IOException;

        /** Lines already in memory: nothing to close. */
        static Lines of(List<Line> lines) {
            Iterator<Line> each = List.copyOf(lines).iterator();
            return new Lines() {
                @Override
                public boolean hasNext() {
                    return each.hasNext();
                }

                @Override
                public Line next() {
                    return each.next();
                }

                @Override
                public void close() {
                    // Nothing was opened.
                }
            };
        }
    }

    /** One line: an event, or the raw bytes and why they could not be read. */
    record Line(SecurityEvent event, byte[] raw, String error, String file, long number) {
        public static Line ok(SecurityEvent event, String file, long number) {
            return new Line(event, null, null, file, number);
        }

        public static Line failed(byte[] raw, String error, String file, long number) {
            return new Line(null, raw, error, file, number);
        }

        public boolean isEvent() {
            return event != null;
        }
    }
}
