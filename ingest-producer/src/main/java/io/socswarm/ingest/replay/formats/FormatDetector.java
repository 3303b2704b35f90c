package io.socswarm.ingest.replay.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells a file's format from its first non-blank lines (gzipped files are looked into), in
 * this order:
 * <ol>
 * <li>{@code zeek}: a Zeek TSV header line ({@code #separator}, {@code #fields}, {@code #path});
 * <li>{@code cloudtrail}: a {@code {"Records": …}} document;
 * <li>{@code windows}: an EVTX-rendered {@code {"Event": …}} document, pretty-printed or on one
 *     line, alone or in an array;
 * <li>a JSON object (the first line that parses): {@code cloudtrail} when it has
 *     {@code eventName} and {@code eventSource} / {@code awsRegion} / {@code userIdentity};
 *     {@code windows} when it has {@code EventID} or {@code winlog.event_id}; {@code zeek} when it
 *     has {@code ts} and {@code uid}, {@code id.orig_h} or {@code _path}; {@code json} (ours) when
 *     it has {@code id}, {@code timestamp} and {@code category} / {@code action} / {@code origin};
 *     {@code ecs} when it has {@code @timestamp} and {@code ecs.version}, {@code event.category},
 *     {@code event.kind}, {@code event.action} or {@code event.dataset};
 * <li>{@code syslog}: a line starting {@code Mmm dd hh:mm:ss host} or with an RFC 3339 time and a host;
 * <li>{@code cicflowmeter}: a CSV header naming a source IP and a destination port, or a flow
 *     duration and a destination port.
 * </ol>
 */
public final class FormatDetector {
    private static final int LINES = 5;
    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Z][a-z]{2} +\\d{1,2} \\d{1,2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\S*) \\S+.*");
    private static final Pattern RECORDS = Pattern.compile("^\\{\\s*\"Records\"\\s*:.*", Pattern.DOTALL);
    /** The start of an EVTX rendering: <code>{"Event": {</code>, possibly inside an array. */
    private static final Pattern EVTX = Pattern.compile("^\\[?\\s*\\{\\s*\"Event\"\\s*:\\s*\\{.*", Pattern.DOTALL);

    private FormatDetector() {
    }

    /**
     * The format name of {@code file}, or null when it has no non-blank line.
     *
     * @throws IllegalArgumentException naming the file when no format fits
     */
    public static String detect(Path file) throws IOException {
        List<String> head = TextLines.head(file, LINES);
        if (head.isEmpty()) {
            return null;
        }
        String format = detect(head);
        if (format == null) {
            String first = head.get(0).strip();
            throw new IllegalArgumentException("Cannot tell the format of " + file + ": its first line ("
                    + (first.length() > 60 ? first.substring(0, 60) + "…" : first)
                    + ") is no Zeek header, syslog line, CICFlowMeter CSV header or known JSON record; pass --format.");
        }
        return format;
    }

    /** The format the first non-blank lines of a file show, or null. */
    public static String detect(List<String> head) {
        String first = head.get(0).strip();
        if (first.startsWith("#separator") || first.startsWith("#fields") || first.startsWith("#path")) {
            return ZeekReader.FORMAT;
        }
        if (first.startsWith("{") || first.startsWith("[")) {
            String start = String.join("\n", head).strip();
            if (RECORDS.matcher(start).matches()) {
                return CloudTrailReader.FORMAT;
            }
            if (EVTX.matcher(start).matches()) {
                return WindowsReader.FORMAT;
            }
            for (String line : head) {
                JsonRecord record;
                try {
                    record = JsonRecord.parse(line.strip());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                return detect(record);
            }
            return null;
        }
        if (SYSLOG.matcher(first).matches()) {
            return SyslogReader.FORMAT;
        }
        if (first.indexOf(',') > 0) {
            List<String> columns = Csv.split(first).stream().map(CicFlowMeterReader::normalize).toList();
            boolean dstPort = columns.contains("dstport") || columns.contains("destinationport");
            boolean srcIp = columns.contains("srcip") || columns.contains("sourceip");
            if (dstPort && (srcIp || columns.contains("flowduration"))) {
                return CicFlowMeterReader.FORMAT;
            }
        }
        return null;
    }

    private static String detect(JsonRecord r) {
        if (r.has("eventName") && (r.has("eventSource") || r.has("awsRegion") || r.has("userIdentity"))) {
            return CloudTrailReader.FORMAT;
        }
        if (r.has("EventID") || r.has("winlog.event_id") || r.has("Event.System.EventID")) {
            return WindowsReader.FORMAT;
        }
        if (r.has("ts") && (r.has("uid") || r.has("id.orig_h") || r.has("id_orig_h") || r.has("_path"))) {
            return ZeekReader.FORMAT;
        }
        if (r.has("id") && r.has("timestamp") && (r.has("category") || r.has("action") || r.has("origin"))) {
            return "json";
        }
        if (r.has("@timestamp") && (r.has("ecs.version") || r.has("event.category") || r.has("event.kind")
                || r.has("event.action") || r.has("event.dataset"))) {
            return EcsReader.FORMAT;
        }
        return null;
    }
}
