package io.socswarm.launcher.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.socswarm.model.Json;
import io.socswarm.model.Topic;
import io.socswarm.runtime.logging.LogEscaper;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the operator commands print what they read. Everything on {@code incidents}, {@code actions}
 * and {@code audit} can carry attacker-written text (reasons quote log lines, targets and names
 * come from events), so every value from a topic goes through {@link #safe} before it reaches a
 * terminal, and JSON output escapes everything outside ASCII.
 */
final class OpsText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectWriter JSON = Json.MAPPER.writerWithDefaultPrettyPrinter()
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);
    /** Table cells longer than this are cut: a table row must stay a row. */
    static final int CELL_MAX = 48;

    private OpsText() {
    }

    /** Control characters, line separators and bidi overrides as visible escapes; null as "-". */
    static String safe(String s) {
        return s == null ? "-" : LogEscaper.escape(s);
    }

    /** {@link #safe} and cut to {@code max} characters. */
    static String cell(String s, int max) {
        String safe = safe(s);
        return safe.length() <= max ? safe : safe.substring(0, max - 1) + "…";
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    /** The first {@code shown} items, then how many more there are of {@code total} in all. */
    static String firstOf(List<String> items, int shown, long total) {
        List<String> first = items.stream().limit(shown).map(OpsText::safe).toList();
        String text = first.isEmpty() ? "-" : String.join(", ", first);
        long more = Math.max(total, items.size()) - first.size();
        return more > 0 ? text + " (+" + more + ")" : text;
    }

    /** Columns padded to their widest cell (cells are already safe); the last column is not padded. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Says on stderr that records were skipped, so a short listing is never mistaken for the whole topic. */
    static void unreadable(PrintWriter err, Topic<?, ?> topic, TopicSnapshot.Snapshot<?, ?> snapshot) {
        if (snapshot.unreadable() > 0) {
            err.println("warning: " + snapshot.unreadable() + " unreadable records on " + topic.name()
                    + " were skipped (the log names them).");
            err.flush();
        }
    }

    /** Pretty JSON with every non-ASCII character escaped, so no terminal control can pass. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
