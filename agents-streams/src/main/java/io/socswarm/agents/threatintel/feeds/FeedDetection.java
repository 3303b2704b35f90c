package io.socswarm.agents.threatintel.feeds;

import io.socswarm.agents.threatintel.IndicatorValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a feed's format from the start of its content, not its name (feeds are saved under any name):
 * <ul>
 * <li>JSON whose first line is a whole object with {@code asn} or {@code cidr}: Spamhaus JSON lines;
 * <li>JSON with {@code "type": "bundle"} or STIX ids ({@code "indicator--…"}) and {@code "objects"}: STIX;
 * <li>JSON with {@code "Event"} or {@code "Attribute"}: MISP;
 * <li>text mentioning abuse.ch in a {@code #} comment, or whose first entry has commas: abuse.ch CSV;
 * <li>text whose first entry starts with an address or CIDR: a Spamhaus-style list.
 * </ul>
 */
public final class FeedDetection {
    private static final int HEAD_BYTES = 64 * 1024;
    private static final Pattern STIX = Pattern.compile("\"type\"\\s*:\\s*\"bundle\"|\"(indicator|identity|relationship)--");
    private static final Pattern MISP = Pattern.compile("\"(Event|Attribute)\"\\s*:");
    private static final Pattern SPAMHAUS_JSON = Pattern.compile("^\\{.*\"(asn|cidr)\"\\s*:.*}$");

    private FeedDetection() {
    }

    /** The file's format; one sentence naming the file when it is none of them. */
    public static FeedFormat detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            String firstLine = text.lines().findFirst().orElse("").strip();
            if (SPAMHAUS_JSON.matcher(firstLine).matches()) {
                return FeedFormat.SPAMHAUS;
            }
            if (text.contains("\"objects\"") && STIX.matcher(text).find()) {
                return FeedFormat.STIX;
            }
            if (MISP.matcher(text).find()) {
                return FeedFormat.MISP;
            }
        } else {
            for (String line : (Iterable<String>) text.lines()::iterator) {
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.startsWith("#") || s.startsWith(";")) {
                    if (s.toLowerCase(Locale.ROOT).contains("abuse.ch")) {
                        return FeedFormat.ABUSECH;
                    }
                    continue;
                }
                if (s.contains(",")) {
                    return FeedFormat.ABUSECH;
                }
                String first = s.split("[\\s;#]", 2)[0];
                if (IndicatorValues.address(first).isPresent()) {
                    return FeedFormat.SPAMHAUS;
                }
                break;
            }
        }
        throw new IllegalArgumentException("Cannot tell the format of " + file + ": it is not abuse.ch CSV, a Spamhaus "
                + "list, a STIX bundle or a MISP event; name one with --format.");
    }
}
