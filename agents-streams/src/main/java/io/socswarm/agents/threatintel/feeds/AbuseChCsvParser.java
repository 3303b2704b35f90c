package io.socswarm.agents.threatintel.feeds;

import io.socswarm.agents.CsvRecords;
import io.socswarm.model.Indicator;
import io.socswarm.model.Indicator.Type;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * abuse.ch CSV exports, read by their column names so that one parser serves them all: Feodo
 * Tracker ({@code first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware}), URLhaus
 * ({@code id,dateadded,url,url_status,…,urlhaus_link}), ThreatFox ({@code ioc_value,ioc_type,
 * malware_printable,…}) and MalwareBazaar ({@code sha256_hash,md5_hash,sha1_hash,…,signature}).
 * The header is the first uncommented line when it names columns (Feodo), else the last
 * {@code #} comment line that does (URLhaus, ThreatFox). The feed is named from the banner.
 */
final class AbuseChCsvParser implements FeedParser {
    private static final Map<String, Type> VALUE_COLUMNS = Map.ofEntries(
            Map.entry("dst_ip", Type.IPV4), Map.entry("dstip", Type.IPV4), Map.entry("ip_address", Type.IPV4),
            Map.entry("url", Type.URL), Map.entry("sha256_hash", Type.SHA256), Map.entry("md5_hash", Type.MD5),
            Map.entry("sha1_hash", Type.SHA1));
    private static final List<String> FAMILY_COLUMNS = List.of("malware_printable", "malware", "signature");
    private static final List<String> FIRST_SEEN_COLUMNS = List.of("first_seen_utc", "firstseen", "first_seen", "dateadded");
    private static final List<String> REFERENCE_COLUMNS = List.of("urlhaus_link", "reference");
    private static final List<String> DESCRIBING_COLUMNS = List.of("dst_port", "c2_status", "url_status", "last_online",
            "threat", "threat_type", "tags");
    private static final Set<String> KNOWN = Set.of("first_seen_utc", "firstseen", "dst_ip", "dstip", "ioc_value",
            "url", "sha256_hash", "dateadded");
    private static final DateTimeFormatter ABUSE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Override
    public FeedSummary read(Path file, String feed, Consumer<Indicator> sink) throws IOException {
        FeedSummary.Builder out = new FeedSummary.Builder(file, FeedFormat.ABUSECH, feed, sink);
        out.feedIfUnnamed("abuse.ch");
        List<String> header = null;
        List<String> commentHeader = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.startsWith("#")) {
                    String comment = s.substring(1).strip();
                    out.feedIfUnnamed(feedFromBanner(comment));
                    List<String> fields = columns(split(comment));
                    if (fields.stream().anyMatch(KNOWN::contains)) {
                        commentHeader = fields;
                    }
                    continue;
                }
                List<String> fields = split(s);
                if (header == null) {
                    List<String> names = columns(fields);
                    if (names.stream().anyMatch(KNOWN::contains)) {
                        header = names;
                        continue;
                    }
                    header = commentHeader;
                    if (header == null) {
                        throw new IllegalArgumentException(file + " has no abuse.ch column header (such as "
                                + "first_seen_utc,dst_ip,… or # id,dateadded,url,…) before its first row");
                    }
                }
                row(header, fields, "line " + number, out);
            }
        }
        return out.build();
    }

    private static void row(List<String> header, List<String> fields, String where, FeedSummary.Builder out) {
        if (fields.size() != header.size()) {
            out.problem(where, fields.size() + " fields where the header names " + header.size());
            return;
        }
        String family = first(header, fields, FAMILY_COLUMNS);
        if (family != null && (family.equalsIgnoreCase("none") || family.equalsIgnoreCase("n/a"))) {
            family = null;
        }
        String reference = first(header, fields, REFERENCE_COLUMNS);
        Instant firstSeen = time(first(header, fields, FIRST_SEEN_COLUMNS));
        StringJoiner description = new StringJoiner(", ");
        for (String column : DESCRIBING_COLUMNS) {
            String v = value(header, fields, column);
            if (v != null) {
                description.add(column + " " + v);
            }
        }
        boolean any = false;
        for (int i = 0; i < header.size(); i++) {
            Type type = VALUE_COLUMNS.get(header.get(i));
            String v = fields.get(i).strip();
            if (type != null && !v.isEmpty()) {
                out.add(type, v, where, family, description.toString(), reference, firstSeen);
                any = true;
            }
        }
        String ioc = value(header, fields, "ioc_value");
        if (ioc != null) {
            threatFox(ioc, value(header, fields, "ioc_type"), where, family, description.toString(), reference,
                    firstSeen, out);
            any = true;
        }
        if (!any) {
            out.problem(where, "no indicator in any of the columns " + header);
        }
    }

    /** ThreatFox says what each value is: {@code ip:port}, {@code domain}, {@code url}, {@code md5_hash}, … */
    private static void threatFox(String ioc, String iocType, String where, String family, String description,
            String reference, Instant firstSeen, FeedSummary.Builder out) {
        String kind = iocType == null ? "" : iocType.toLowerCase(Locale.ROOT);
        switch (kind) {
            case "ip:port" -> {
                int colon = ioc.lastIndexOf(':');
                String ip = colon > 0 && ioc.indexOf(':') == colon ? ioc.substring(0, colon) : ioc;
                out.add(Type.IPV4, ip, where, family, description, reference, firstSeen);
            }
            case "domain" -> out.add(Type.DOMAIN, ioc, where, family, description, reference, firstSeen);
            case "url" -> out.add(Type.URL, ioc, where, family, description, reference, firstSeen);
            case "md5_hash" -> out.add(Type.MD5, ioc, where, family, description, reference, firstSeen);
            case "sha1_hash" -> out.add(Type.SHA1, ioc, where, family, description, reference, firstSeen);
            case "sha256_hash" -> out.add(Type.SHA256, ioc, where, family, description, reference, firstSeen);
            default -> out.skip("threatfox " + (kind.isEmpty() ? "(no ioc_type)" : kind));
        }
    }

    private static String first(List<String> header, List<String> fields, List<String> columns) {
        for (String c : columns) {
            String v = value(header, fields, c);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String value(List<String> header, List<String> fields, String column) {
        int i = header.indexOf(column);
        if (i < 0 || i >= fields.size()) {
            return null;
        }
        String v = fields.get(i).strip();
        return v.isEmpty() ? null : v;
    }

    /** abuse.ch writes UTC as {@code 2023-05-23 17:51:44}, sometimes only a date; anything else is unknown. */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : LocalDateTime.parse(text, ABUSE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> columns(List<String> fields) {
        return fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
    }

    static String feedFromBanner(String comment) {
        String c = comment.toLowerCase(Locale.ROOT);
        if (c.contains("feodo tracker")) {
            return "feodotracker";
        }
        if (c.contains("urlhaus")) {
            return "urlhaus";
        }
        if (c.contains("threatfox")) {
            return "threatfox";
        }
        if (c.contains("malwarebazaar") || c.contains("malware bazaar")) {
            return "malwarebazaar";
        }
        if (c.contains("ssl blacklist") || c.contains("sslbl")) {
            return "sslbl";
        }
        return null;
    }

    /** One CSV record: commas separate, double quotes enclose, {@code ""} is a quote inside quotes. */
    static List<String> split(String line) {
        return CsvRecords.split(line);
    }
}
