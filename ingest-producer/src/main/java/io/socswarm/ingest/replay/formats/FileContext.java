package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.SecurityEvent;
import io.socswarm.runtime.logging.LogEscaper;
import java.nio.file.Path;

/**
 * One file being read: how its events are named and where they say they came from. An event's
 * id is the file's last path components (at most three, so {@code 008-zeek-mixed/data/conn.log}
 * and {@code 010-zeek-mixed/data/conn.log} differ) plus the line number: unique across the files
 * of one replay, the same on every run and on every machine. Zeek's {@code uid} is no id: it
 * repeats across a connection's logs.
 */
public record FileContext(String format, String file, String idPrefix) {

    public static FileContext of(String format, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        int count = absolute.getNameCount();
        Path tail = absolute.subpath(Math.max(0, count - 3), count);
        return new FileContext(format, path.toString(), tail.toString().replace('\\', '/'));
    }

    /** A new event for line {@code number}. */
    public EventBuilder event(long number) {
        return new EventBuilder(idPrefix + ":" + number, new SecurityEvent.Origin(format, file, number));
    }

    /** A new event for the {@code index}-th record (from 1) of a line holding several. */
    public EventBuilder event(long number, long index) {
        return new EventBuilder(idPrefix + ":" + number + ":" + index,
                new SecurityEvent.Origin(format, file, number));
    }

    public Line ok(EventBuilder event, long number) {
        return Line.ok(event.build(), file, number);
    }

    public Line failed(byte[] raw, String reason, long number) {
        return Line.failed(raw, reason(reason), file, number);
    }

    /** Longest reason kept, in characters: it quotes the line and goes to a log and a dead-letter header. */
    public static final int MAX_REASON_CHARS = 1024;

    /**
     * A reason safe to log and to put in a header: reasons quote what the line held, so control
     * and bidirectional characters are escaped ({@link LogEscaper}) and the text is cut.
     */
    public static String reason(String reason) {
        String safe = LogEscaper.escape(reason == null || reason.isBlank() ? "unreadable" : reason);
        if (safe.length() <= MAX_REASON_CHARS) {
            return safe;
        }
        int end = Character.isHighSurrogate(safe.charAt(MAX_REASON_CHARS - 2)) ? MAX_REASON_CHARS - 2
                : MAX_REASON_CHARS - 1;
        return safe.substring(0, end) + "\u2026";
    }
}
