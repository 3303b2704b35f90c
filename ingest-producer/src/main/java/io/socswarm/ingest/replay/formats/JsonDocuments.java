package io.socswarm.ingest.replay.formats;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The JSON documents of a file, one record each, however they are laid out: pretty-printed over
 * many lines, one per line, several after one another, or as the elements of one top-level
 * array. Documents are found by counting braces outside strings, not by parsing, so one broken
 * document is one bad record and the next is read: a document that does not parse goes to the
 * parser as it is and fails there; a document left open is closed by the end of the file or by
 * a line starting with <code>{</code> (pretty-printers indent everything inside a document, and a
 * JSON string cannot hold a line break); text outside any document is a bad record up to its
 * line's end. A record is numbered by the line it starts on.
 *
 * <p>A document longer than {@link TextLines#MAX_LINE_BYTES} characters is refused whole (only
 * its start is kept, for the dead letter), so a file of any size takes little memory.
 */
final class JsonDocuments implements LineReader.Records {
    private static final int MAX_CHARS = TextLines.MAX_LINE_BYTES;

    private final Reader in;
    /** Characters are taken one at a time from here: a Reader's own read() takes a lock per character. */
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private boolean lineStart = true;
    /** A character read but not yet used: the <code>{</code> that started the next document. */
    private int pushedBack = -1;

    private JsonDocuments(Reader in) {
        this.in = in;
    }

    static JsonDocuments open(Path file) throws IOException {
        // Undecodable bytes become U+FFFD, as TextLines does: one odd byte does not lose a record.
        return new JsonDocuments(new InputStreamReader(TextLines.openStream(file), StandardCharsets.UTF_8));
    }

    @Override
    public TextLines.Raw next() throws IOException {
        StringBuilder doc = new StringBuilder(1024);
        long start = 0;
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean outside = false;
        boolean tooLong = false;
        int c;
        while ((c = read()) != -1) {
            boolean atLineStart = lineStart;
            lineStart = c == '\n';
            if (doc.isEmpty() && !tooLong) {
                // Between documents: skip blanks, a byte-order mark and the punctuation of an enclosing array.
                if (Character.isWhitespace(c) || c == '\uFEFF' || c == ',' || c == '[' || c == ']') {
                    advanceLine(c);
                    continue;
                }
                start = line;
                outside = c != '{';
            } else if (!outside && atLineStart && c == '{') {
                // A document left open: the next one starts here.
                pushedBack = c;
                lineStart = true;
                return raw(doc, start, tooLong);
            }
            if (doc.length() < MAX_CHARS) {
                doc.append((char) c);
            } else {
                tooLong = true;
            }
            if (outside) {
                if (c == '\n') {
                    line++;
                    return raw(doc, start, tooLong);
                }
                continue;
            }
            advanceLine(c);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"' || c == '\n') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth <= 0) {
                return raw(doc, start, tooLong);
            }
        }
        return doc.isEmpty() && !tooLong ? null : raw(doc, start, tooLong);
    }

    private int read() throws IOException {
        if (pushedBack >= 0) {
            int c = pushedBack;
            pushedBack = -1;
            return c;
        }
        if (position == limit) {
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return -1;
            }
            position = 0;
            limit = read;
        }
        return buffer[position++];
    }

    private void advanceLine(int c) {
        if (c == '\n') {
            line++;
        }
    }

    private static TextLines.Raw raw(StringBuilder doc, long start, boolean tooLong) {
        String text = doc.toString().strip();
        return new TextLines.Raw(text.getBytes(StandardCharsets.UTF_8), text, start, tooLong);
    }

    @Override
    public long lineNumber() {
        return line - 1;
    }

    @Override
    public String tooLongReason() {
        return "JSON document longer than " + MAX_CHARS + " characters";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
