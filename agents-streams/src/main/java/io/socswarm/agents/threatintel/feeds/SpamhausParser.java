package io.socswarm.agents.threatintel.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Indicator;
import io.socswarm.model.Indicator.Type;
import io.socswarm.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Spamhaus DROP, EDROP and DROPv6: one network per line, {@code CIDR ; SBLnnnnnn}, comments after
 * {@code ;} (or {@code #}, so that plain one-address-per-line blocklists read too). Also the JSON-lines
 * forms: {@code {"cidr":…,"sblid":…}} per line, and ASN-DROP's {@code {"asn":…,"asname":…}}.
 * The SBL id becomes the indicator's reference. The feed is named from the header
 * ({@code ; Spamhaus EDROP List …}) or else the file name: spamhaus-drop, -edrop, -dropv6, -asndrop.
 */
final class SpamhausParser implements FeedParser {

    @Override
    public FeedSummary read(Path file, String feed, Consumer<Indicator> sink) throws IOException {
        FeedSummary.Builder out = new FeedSummary.Builder(file, FeedFormat.SPAMHAUS, feed, sink);
        out.feedIfUnnamed(feedFromName(file.getFileName().toString()));
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                String where = "line " + number;
                if (s.startsWith(";") || s.startsWith("#")) {
                    out.feedIfUnnamed(number <= 5 ? feedFromHeader(s) : null);
                } else if (s.startsWith("{")) {
                    jsonLine(s, where, out);
                } else {
                    int semicolon = s.indexOf(';');
                    int hash = s.indexOf('#');
                    int cut = semicolon < 0 ? hash : hash < 0 ? semicolon : Math.min(semicolon, hash);
                    String network = (cut < 0 ? s : s.substring(0, cut)).strip();
                    String sbl = semicolon < 0 ? null : s.substring(semicolon + 1).strip();
                    out.add(Type.CIDR, network, where, null, null, sbl, null);
                }
            }
        }
        return out.build();
    }

    private static void jsonLine(String line, String where, FeedSummary.Builder out) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            out.problem(where, "not JSON: " + e.getOriginalMessage());
            return;
        }
        if (node.hasNonNull("cidr")) {
            out.add(Type.CIDR, node.get("cidr").asText(), where, null, null, text(node, "sblid"), null);
        } else if (node.hasNonNull("asn")) {
            StringJoiner description = new StringJoiner(", ");
            for (String field : new String[] {"asname", "domain", "cc", "rir"}) {
                if (text(node, field) != null) {
                    description.add(text(node, field));
                }
            }
            out.add(Type.ASN, node.get("asn").asText(), where, null, description.toString(), null, null);
        } else if ("metadata".equals(text(node, "type"))) {
            // The trailer line of Spamhaus' JSON files: timestamps and a record count, not an entry.
            return;
        } else {
            out.problem(where, "a JSON line with neither cidr nor asn");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static String feedFromName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.contains("asndrop") || n.contains("asn-drop") || n.contains("asn_drop")) {
            return "spamhaus-asndrop";
        }
        if (n.contains("edrop")) {
            return "spamhaus-edrop";
        }
        if (n.contains("dropv6") || n.contains("drop_v6") || n.contains("drop-v6")) {
            return "spamhaus-dropv6";
        }
        if (n.contains("drop")) {
            return "spamhaus-drop";
        }
        return "spamhaus";
    }

    /** {@code ; Spamhaus EDROP List 2024/02/27 …} names the list; other comment lines name nothing. */
    static String feedFromHeader(String comment) {
        String c = comment.toLowerCase(Locale.ROOT);
        if (!c.contains("spamhaus")) {
            return null;
        }
        if (c.contains("asn-drop") || c.contains("asndrop")) {
            return "spamhaus-asndrop";
        }
        if (c.contains("edrop")) {
            return "spamhaus-edrop";
        }
        if (c.contains("dropv6") || c.contains("drop v6") || c.contains("ipv6 drop")) {
            return "spamhaus-dropv6";
        }
        return c.contains("drop") ? "spamhaus-drop" : null;
    }
}
