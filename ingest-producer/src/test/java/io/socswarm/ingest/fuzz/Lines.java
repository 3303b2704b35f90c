package io.socswarm.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A file's lines as the line readers see them: split at LF, CR dropped before it, bytes decoded with replacement. */
final class Lines {
    private Lines() {
    }

    static List<String> of(byte[] file) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                if (i == file.length && i == start) {
                    break;
                }
                int end = i > start && file[i - 1] == '\r' ? i - 1 : i;
                String text = new String(file, start, end - start, StandardCharsets.UTF_8);
                lines.add(lines.isEmpty() && text.startsWith("\uFEFF") ? text.substring(1) : text);
                start = i + 1;
            }
        }
        return lines;
    }

    static boolean gzip(byte[] file) {
        return file.length >= 2 && file[0] == 0x1f && file[1] == (byte) 0x8b;
    }

    /** A line for an assertion message: escaped and cut. */
    static String show(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(160).forEach(c -> {
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
