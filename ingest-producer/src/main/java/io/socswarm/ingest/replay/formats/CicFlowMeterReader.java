package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CICFlowMeter flow CSV, as in CIC-IDS2017, its "improved" relabelling (Engelen et al.) and
 * CSE-CIC-IDS2018. Column names are matched loosely (case, spaces and punctuation ignored, so
 * {@code " Source IP"}, {@code "Src IP"}; {@code "Total Fwd Packets"}, {@code "Total Fwd Packet"},
 * {@code "Tot Fwd Pkts"} are one column each). Each row becomes a {@code network} /
 * {@code connection} event; {@code Label} goes to {@code labels.label} verbatim and the improved
 * set's {@code Attempted Category}, when set, to {@code labels.attempted_category}.
 *
 * <p>{@code Timestamp} has no zone and is taken as UTC. The formats seen are
 * {@code 2017-07-07 11:59:50.315195} and day-first {@code 7/7/2017 11:59},
 * {@code 07/07/2017 11:59:50} or {@code 14/02/2018 08:31:01 AM}; a slashed date whose second part
 * is over 12 is read month-first. (The original CIC-IDS2017 files write afternoon hours on a 12-hour
 * clock without AM/PM; those stay as written.) {@code Flow Duration} is in microseconds.
 *
 * <p>CICFlowMeter has no connection state, so the nearest Zeek {@code conn_state} is derived
 * from the flag counts and the packets each way (SYN counts both SYN and SYN-ACK):
 * <ul>
 * <li>not TCP: {@code SF} when the responder sent packets, else {@code S0};
 * <li>no responder packets: {@code RSTOS0} for a SYN and the originator's RST, {@code S0} for a
 *     SYN alone, {@code OTH} without a SYN;
 * <li>a single SYN answered by the responder's RST and no payload either way: {@code REJ};
 * <li>a RST with payload both ways or after the handshake: {@code RSTO} from the originator,
 *     {@code RSTR} from the responder (direction from {@code Fwd/Bwd RST Flags} when present);
 * <li>a SYN, responder packets and a FIN: {@code SF}; without a FIN: {@code S1};
 * <li>no SYN at all (a flow picked up mid-stream): {@code OTH}.
 * </ul>
 *
 * <p>Unlike the other readers, it keeps no original fields ({@code orig.*}): no Sigma rule has a
 * flow-statistics logsource, and the 80-odd columns of a CIC-IDS2017 row tripled the size of each
 * event on {@code raw-events} (the evaluation's CIC replay slowed from 52 s to 176 s).
 */
public final class CicFlowMeterReader extends LineReader {
    public static final String FORMAT = "cicflowmeter";

    private static final DateTimeFormatter SLASHED = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d/M/uuuu H:mm")
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter SLASHED_12H = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d/M/uuuu h:mm")
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .appendPattern(" a")
            .toFormatter(Locale.ENGLISH);

    /** Column → the names CIC tools have given it, compared after {@link #normalize}. */
    private static final Map<String, List<String>> COLUMNS = Map.ofEntries(
            Map.entry("srcIp", List.of("srcip", "sourceip")),
            Map.entry("dstIp", List.of("dstip", "destinationip")),
            Map.entry("srcPort", List.of("srcport", "sourceport")),
            Map.entry("dstPort", List.of("dstport", "destinationport")),
            Map.entry("protocol", List.of("protocol")),
            Map.entry("timestamp", List.of("timestamp")),
            Map.entry("duration", List.of("flowduration")),
            Map.entry("fwdPackets", List.of("totalfwdpackets", "totalfwdpacket", "totfwdpkts")),
            Map.entry("bwdPackets", List.of("totalbackwardpackets", "totalbwdpackets", "totalbwdpacket",
                    "totbwdpkts")),
            Map.entry("fwdBytes", List.of("totallengthoffwdpackets", "totallengthoffwdpacket", "totlenfwdpkts",
                    "totallengthfwdpackets")),
            Map.entry("bwdBytes", List.of("totallengthofbwdpackets", "totallengthofbwdpacket", "totlenbwdpkts",
                    "totallengthbwdpackets")),
            Map.entry("fin", List.of("finflagcount", "finflagcnt")),
            Map.entry("syn", List.of("synflagcount", "synflagcnt")),
            Map.entry("rst", List.of("rstflagcount", "rstflagcnt")),
            Map.entry("fwdRst", List.of("fwdrstflags")),
            Map.entry("bwdRst", List.of("bwdrstflags")),
            Map.entry("label", List.of("label")),
            Map.entry("attemptedCategory", List.of("attemptedcategory")));

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected FileParser parser(FileContext file) {
        return new Parser(file);
    }

    /** A column name without case, spaces or punctuation. */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static final class Parser implements FileParser {
        private final FileContext file;
        private int width = -1;
        private final Map<String, Integer> index = new HashMap<>();

        Parser(FileContext file) {
            this.file = file;
        }

        @Override
        public void parse(TextLines.Raw raw, Deque<Line> out) {
            List<String> cells = Csv.split(raw.text());
            if (width < 0) {
                header(cells);
                return;
            }
            if (cells.size() != width) {
                out.add(file.failed(raw.bytes(), "a row with " + cells.size() + " columns where the header names "
                        + width, raw.number()));
                return;
            }
            if ("timestamp".equals(normalize(String.valueOf(cell(cells, "timestamp"))))) {
                // Concatenated exports repeat the header mid-file.
                return;
            }
            out.add(row(cells, raw));
        }

        private void header(List<String> cells) {
            width = cells.size();
            for (int i = 0; i < cells.size(); i++) {
                String name = normalize(cells.get(i));
                for (Map.Entry<String, List<String>> column : COLUMNS.entrySet()) {
                    if (column.getValue().contains(name)) {
                        index.putIfAbsent(column.getKey(), i);
                    }
                }
            }
        }

        private String cell(List<String> cells, String column) {
            Integer i = index.get(column);
            if (i == null) {
                return null;
            }
            String value = cells.get(i).strip();
            return value.isEmpty() ? null : value;
        }

        private Line row(List<String> cells, TextLines.Raw raw) {
            String src = cell(cells, "srcIp");
            String dst = cell(cells, "dstIp");
            if (src == null || !Values.isIp(src)) {
                return file.failed(raw.bytes(), "no readable source IP: '" + src + "'", raw.number());
            }
            if (dst == null || !Values.isIp(dst)) {
                return file.failed(raw.bytes(), "no readable destination IP: '" + dst + "'", raw.number());
            }
            String stamp = cell(cells, "timestamp");
            Instant time = stamp == null ? null : timestamp(stamp);
            if (time == null) {
                return file.failed(raw.bytes(), stamp == null ? "no Timestamp" : "unreadable Timestamp '" + stamp + "'",
                        raw.number());
            }
            Long fwdPackets = Values.toLong(cell(cells, "fwdPackets"));
            Long bwdPackets = Values.toLong(cell(cells, "bwdPackets"));
            Long fwdBytes = Values.toLong(cell(cells, "fwdBytes"));
            Long bwdBytes = Values.toLong(cell(cells, "bwdBytes"));
            String protocol = protocol(cell(cells, "protocol"));
            String state = state(protocol, fwdBytes, bwdBytes, bwdPackets, count(cells, "syn"), count(cells, "fin"),
                    count(cells, "rst"), index.containsKey("fwdRst") ? count(cells, "fwdRst") : null,
                    index.containsKey("bwdRst") ? count(cells, "bwdRst") : null);
            EventBuilder e = file.event(raw.number()).timestamp(time).category("network").action("connection")
                    .message(raw.text())
                    .source(src, Values.toPort(cell(cells, "srcPort")))
                    .destination(dst, Values.toPort(cell(cells, "dstPort")))
                    .network(protocol, bwdBytes, fwdBytes, Values.sum(fwdPackets, bwdPackets), state)
                    .outcome(Flows.outcome(state, fwdBytes, bwdBytes))
                    .label("label", cell(cells, "label"));
            String attempted = cell(cells, "attemptedCategory");
            if (attempted != null && !attempted.equals("-1")) {
                e.label("attempted_category", attempted);
            }
            Double micros = Values.toDouble(cell(cells, "duration"));
            if (micros != null && micros >= 0) {
                e.attribute(Attributes.FLOW_DURATION, BigDecimal.valueOf(micros)
                        .movePointLeft(6).stripTrailingZeros().toPlainString());
            }
            return file.ok(e, raw.number());
        }

        private long count(List<String> cells, String column) {
            Long value = Values.toLong(cell(cells, column));
            return value == null ? 0 : value;
        }
    }

    /** IANA protocol number as a name: 6 tcp, 17 udp, 1 icmp; others as the number. */
    static String protocol(String number) {
        if (number == null) {
            return null;
        }
        return switch (number.strip()) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmp";
            default -> number.strip().toLowerCase(Locale.ROOT);
        };
    }

    /** The nearest Zeek conn_state; see the class comment for the rules. */
    static String state(String protocol, Long fwdBytes, Long bwdBytes, Long bwdPackets, long syn, long fin, long rst,
            Long fwdRst, Long bwdRst) {
        boolean reply = bwdPackets != null && bwdPackets > 0;
        if (!"tcp".equals(protocol)) {
            return reply ? "SF" : "S0";
        }
        boolean payload = fwdBytes != null && fwdBytes > 0 && bwdBytes != null && bwdBytes > 0;
        boolean noPayload = (fwdBytes == null || fwdBytes == 0) && (bwdBytes == null || bwdBytes == 0);
        // Without direction columns a RST is put on the side that makes the flow most plausible.
        boolean originatorRst = fwdRst != null ? fwdRst > 0 : rst > 0 && (!reply || syn >= 2);
        boolean responderRst = bwdRst != null ? bwdRst > 0 : rst > 0 && reply && syn < 2;
        if (!reply) {
            if (syn > 0) {
                return originatorRst ? "RSTOS0" : "S0";
            }
            return "OTH";
        }
        if (syn == 1 && responderRst && noPayload) {
            return "REJ";
        }
        if (syn == 0) {
            return "OTH";
        }
        if (originatorRst) {
            return "RSTO";
        }
        if (responderRst) {
            return payload || syn >= 2 ? "RSTR" : "REJ";
        }
        return fin > 0 ? "SF" : "S1";
    }

    /** A CIC Timestamp as UTC, or null when it is in none of the known shapes. */
    static Instant timestamp(String text) {
        String t = text.strip();
        try {
            if (t.indexOf('/') < 0) {
                return Values.instant(t);
            }
            String[] date = t.split("[/ ]");
            if (date.length >= 2 && Integer.parseInt(date[1]) > 12) {
                // month-first: swap to day-first
                t = date[1] + "/" + date[0] + t.substring(t.indexOf('/', t.indexOf('/') + 1));
            }
            boolean twelveHour = t.toUpperCase(Locale.ROOT).endsWith("AM") || t.toUpperCase(Locale.ROOT).endsWith("PM");
            return LocalDateTime.parse(t, twelveHour ? SLASHED_12H : SLASHED).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
