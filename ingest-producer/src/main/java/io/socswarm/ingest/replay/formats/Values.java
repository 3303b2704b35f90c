package io.socswarm.ingest.replay.formats;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/** Small parsers shared by the readers: addresses, numbers and times as logs write them. */
public final class Values {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(%[\\w.]+)?");

    /** {@code 2017-07-04 18:07:01.839467}, {@code 2020-09-14 08:05:43}, {@code 2020-09-14T08:05:43.1}: no zone. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
            .appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    private Values() {
    }

    /** True for an IPv4 or IPv6 literal (with an optional zone), never for a host name. */
    public static boolean isIp(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        return IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && IPV6.matcher(text).matches());
    }

    /** {@code ::ffff:10.0.0.1}, as Windows writes IPv4 peers of a dual-stack socket, as plain IPv4. */
    public static String stripIpv4Mapped(String ip) {
        if (ip.regionMatches(true, 0, "::ffff:", 0, 7) && IPV4.matcher(ip.substring(7)).matches()) {
            return ip.substring(7);
        }
        return ip;
    }

    /** An integer, or null when the text is absent or not a whole number. */
    public static Long toLong(String text) {
        if (EventBuilder.absent(text)) {
            return null;
        }
        String t = text.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                BigDecimal d = new BigDecimal(t);
                return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
            } catch (NumberFormatException | ArithmeticException e2) {
                return null;
            }
        }
    }

    /** A port 0..65535, or null. */
    public static Integer toPort(String text) {
        Long value = toLong(text);
        return value == null || value < 0 || value > 65535 ? null : value.intValue();
    }

    public static Double toDouble(String text) {
        if (EventBuilder.absent(text)) {
            return null;
        }
        try {
            double d = Double.parseDouble(text.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A sum of counts where either may be missing; null only when both are. */
    public static Long sum(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }

    /** Seconds since the epoch with an optional fraction ({@code 1655071198.444458}), exactly. */
    public static Instant epochSeconds(String text) {
        BigDecimal seconds = new BigDecimal(text.strip());
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /**
     * An instant from ISO-8601 text: with a zone or offset it is exact; without one it is taken
     * as UTC. Also reads epoch seconds. Throws {@link DateTimeParseException} or
     * {@link NumberFormatException} when it is none of these.
     */
    public static Instant instant(String text) {
        String t = text.strip();
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0))) && t.indexOf('-') < 0 && t.indexOf(':') < 0) {
            return epochSeconds(t);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // no zone: fall through to a local time read as UTC
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
        }
    }

    /** Like {@link #instant} but null instead of an exception. */
    public static Instant instantOrNull(String text) {
        if (EventBuilder.absent(text)) {
            return null;
        }
        try {
            return instant(text);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
