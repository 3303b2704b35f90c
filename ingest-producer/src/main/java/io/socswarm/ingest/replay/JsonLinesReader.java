package io.socswarm.ingest.replay;

import io.socswarm.ingest.replay.formats.FileContext;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Reads our own format: one {@link SecurityEvent} as JSON per line (what {@code produce synthetic
 * --out} and {@code produce replay --out} write, see {@link JsonLinesWriter}); every field comes
 * back as written. An event without an {@code origin} gets this file and line. Blank lines are skipped. Bytes that are not UTF-8, JSON that does not parse and
 * events without id or timestamp become error lines with their line number.
 */
public final class JsonLinesReader implements EventReader {
    /** Longer lines are refused whole rather than held in memory. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    @Override
    public String format() {
        return "json";
    }

    @Override
    public Lines read(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        String name = file.toString();
        return new Lines() {
            private long number;
            private Line next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = readLine();
                }
                return next != null;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line line = next;
                next = null;
                return line;
            }

            private Line readLine() {
                try {
                    while (true) {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
                        boolean tooLong = false;
                        int b;
                        while ((b = in.read()) != -1 && b != '\n') {
                            if (bytes.size() < MAX_LINE_BYTES) {
                                bytes.write(b);
                            } else {
                                tooLong = true;
                            }
                        }
                        if (b == -1 && bytes.size() == 0) {
                            return null;
                        }
                        number++;
                        byte[] raw = bytes.toByteArray();
                        if (tooLong) {
                            return Line.failed(raw, "line longer than " + MAX_LINE_BYTES + " bytes", name, number);
                        }
                        Line line = parse(raw, name, number);
                        if (line != null) {
                            return line;
                        }
                    }
                } catch (IOException e) {
                    return Line.failed(new byte[0], FileContext.reason("cannot read: " + e.getMessage()), name, number + 1);
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /**
     * The event with {@code origin} set and every other field kept. The canonical constructor, not
     * a shorter convenience one: a field added to the record then fails to compile here instead of
     * being dropped on replay (as {@code attributes} once was).
     */
    static SecurityEvent withOrigin(SecurityEvent e, SecurityEvent.Origin origin) {
        return new SecurityEvent(e.id(), e.timestamp(), e.category(), e.action(), e.outcome(), e.source(),
                e.destination(), e.user(), e.host(), e.network(), e.message(), origin, e.labels(), e.attributes());
    }

    /** One line's event, an error line, or null for a blank line. */
    static Line parse(byte[] raw, String file, long number) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return Line.failed(raw, "not valid UTF-8", file, number);
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            SecurityEvent event = Topics.EVENT_SERDE.parse(text.strip());
            if (event == null) {
                return Line.failed(raw, "not a JSON object", file, number);
            }
            if (event.origin() == null) {
                event = withOrigin(event, new SecurityEvent.Origin("json", file, number));
            }
            return Line.ok(event, file, number);
        } catch (RuntimeException e) {
            return Line.failed(raw, FileContext.reason(e.getMessage()), file, number);
        }
    }
}
