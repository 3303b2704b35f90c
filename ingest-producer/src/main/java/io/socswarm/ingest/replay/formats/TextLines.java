package io.socswarm.ingest.replay.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a text file, numbered from 1, read as a stream so a file of any size takes
 * little memory. Gzipped files are recognised by their magic bytes (whatever their name) and
 * decompressed on the fly. Bytes that are not UTF-8 are replaced rather than refused: a log
 * line with one odd byte is still a log line.
 */
public final class TextLines implements LineReader.Records {
    /** Longer lines are refused whole rather than held in memory. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    /** One line: its bytes as read (without the line break), its text, its number, and whether it was cut. */
    public record Raw(byte[] bytes, String text, long number, boolean tooLong) {
    }

    private final InputStream in;
    private final byte[] block = new byte[1 << 16];
    /** The unread part of {@link #block}. */
    private int position;
    private int limit;
    /** The line being cut, grown as needed up to {@link #MAX_LINE_BYTES}. */
    private byte[] line = new byte[256];
    private long number;

    private TextLines(InputStream in) {
        this.in = in;
    }

    public static TextLines open(Path file) throws IOException {
        return new TextLines(openStream(file));
    }

    /** The file's bytes, decompressed when it is gzipped. */
    public static InputStream openStream(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** Up to {@code max} non-blank lines from the start of the file, for telling its format. */
    public static List<String> head(Path file, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        try (TextLines text = open(file)) {
            Raw raw;
            while (lines.size() < max && (raw = text.next()) != null) {
                if (!raw.text().isBlank()) {
                    lines.add(raw.text());
                }
            }
        }
        return lines;
    }

    /**
     * The next line, or null at the end of the file. Lines are cut out of a block read at a time
     * (a byte-at-a-time read through the stream's locks was the replay's largest cost).
     */
    @Override
    public Raw next() throws IOException {
        int size = 0;
        boolean tooLong = false;
        boolean ended = true;
        while (position < limit || fill()) {
            int end = position;
            while (end < limit && block[end] != '\n') {
                end++;
            }
            int keep = Math.min(end - position, MAX_LINE_BYTES - size);
            if (keep > 0) {
                if (size + keep > line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(size + keep, 2 * line.length)));
                }
                System.arraycopy(block, position, line, size, keep);
                size += keep;
            }
            tooLong |= end - position > keep;
            position = end;
            if (end < limit) {
                position++;
                ended = false;
                break;
            }
        }
        if (ended && size == 0) {
            return null;
        }
        number++;
        byte[] raw = Arrays.copyOf(line, size);
        int length = size > 0 && raw[size - 1] == '\r' ? size - 1 : size;
        String text = new String(raw, 0, length, StandardCharsets.UTF_8);
        if (number == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Raw(raw, text, number, tooLong);
    }

    /** Reads the next block; false at the end of the file. */
    private boolean fill() throws IOException {
        int read = in.read(block, 0, block.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    @Override
    public String tooLongReason() {
        return "line longer than " + MAX_LINE_BYTES + " bytes";
    }

    /** The number of the last line returned, 0 before the first. */
    @Override
    public long lineNumber() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
