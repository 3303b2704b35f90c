package io.socswarm.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.replay.formats.EventBuilder;
import io.socswarm.ingest.replay.formats.FileContext;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every file reader against hostile files: whatever the bytes, reading ends within a bound, throws
 * nothing, accounts for every line (an event or a failure with a reason; only the blank lines and
 * headers a format documents are passed over), keeps its events within the documented cuts, and
 * says why it refused a line in text that is safe to log.
 */
class ReaderProperties {
    private static final FuzzTally TALLY = new FuzzTally("file readers");
    private static final Duration PER_FILE = Duration.ofSeconds(10);
    /** Longest reason a failed line may carry: it goes into a dead-letter header and a log line. */
    static final int MAX_REASON_CHARS = FileContext.MAX_REASON_CHARS;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Path DIR = tempDir();

    static final List<String> JSON = List.of(
            "{\"id\":\"e1\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"category\":\"network\",\"action\":\"connection\","
                    + "\"outcome\":\"success\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":1234},\"attributes\":{\"a\":\"b\"}}",
            "{\"id\":\"e2\",\"timestamp\":1700000000000,\"labels\":{\"label\":\"Malicious\"},\"network\":{\"bytes_in\":1}}");
    static final List<String> ZEEK_HEADER = List.of("#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)",
            "#unset_field\t-", "#path\tconn", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto"
                    + "\tconn_state\torig_bytes\tresp_bytes\ttunnel_parents   label   detailed-label",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount\tset[string]   string   string");
    static final List<String> ZEEK = List.of(
            "1700000000.123456\tCabc\t10.0.0.1\t1234\t10.0.0.2\t80\ttcp\tSF\t100\t200\t-   Malicious   C&C",
            "1700000001.000000\tCdef\tfe80::1\t-\t10.0.0.2\t(empty)\tudp\tS0\t-\t-\t(empty)   Benign   -",
            "{\"ts\":1700000000.5,\"_path\":\"dns\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":53,\"query\":\"example.com\","
                    + "\"rcode_name\":\"NXDOMAIN\",\"answers\":[\"1.2.3.4\"]}",
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"_path\":\"http\",\"id_orig_h\":\"10.0.0.1\",\"method\":\"GET\","
                    + "\"host\":\"x\",\"uri\":\"/a\",\"status_code\":404}",
            "{\"ts\":1700000000,\"_path\":\"kerberos\",\"client\":\"bob/CORP\",\"request_type\":\"TGS\",\"cipher\":\"rc4-hmac\"}");
    static final List<String> SYSLOG = List.of(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
            "Jan  1 00:00:00 host sshd[1]: Accepted publickey for root from ::1 port 22 ssh2",
            "Feb 29 12:00:00 host sshd[2]: message repeated 3 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]",
            "2024-01-01T00:00:00.123+02:00 host sudo: pam_unix(sudo:auth): authentication failure; rhost=1.2.3.4 user=bob",
            "Mar  3 03:03:03 fw CEF:0|Vendor|Product|1.0|100|Name with \\| pipe|5|src=10.0.0.1 dst=10.0.0.2 msg=a\\=b",
            "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - 'su root' failed",
            "Apr 11 11:11:11 host kernel: [1.0] IN=eth0 SRC=1.2.3.4 DST=10.0.0.1");
    static final List<String> WINDOWS = List.of(
            "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"winlog\":{\"event_id\":4625,\"channel\":\"Security\","
                    + "\"event_data\":{\"TargetUserName\":\"bob\",\"IpAddress\":\"10.0.0.1\",\"LogonType\":\"3\"}},"
                    + "\"host\":{\"name\":\"dc1\"}}",
            "{\"EventID\":4624,\"EventTime\":\"2024-01-01 00:00:00\",\"Hostname\":\"h\",\"TargetUserName\":\"x\","
                    + "\"IpAddress\":\"::ffff:1.2.3.4\"}",
            "{\"Event\":{\"System\":{\"EventID\":4688,\"TimeCreated\":{\"SystemTime\":\"2024-01-01T00:00:00Z\"},"
                    + "\"Computer\":\"h\",\"Provider\":{\"Name\":\"x\"}},\"EventData\":{\"Data\":[{\"Name\":\"NewProcessName\","
                    + "\"#text\":\"c:\\\\x.exe\"}]}}}",
            "{\"Computer\":\"h\",\"TimeGenerated\":\"2024-01-01T00:00:00Z\",\"EventID\":\"3\",\"Channel\":"
                    + "\"Microsoft-Windows-Sysmon/Operational\",\"SourceIp\":\"1.2.3.4\",\"DestinationPort\":\"443\"}");
    static final List<String> CLOUDTRAIL = List.of(
            "{\"eventName\":\"ConsoleLogin\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"sourceIPAddress\":\"1.2.3.4\","
                    + "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"bob\"},\"awsRegion\":\"us-east-1\","
                    + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"}}",
            "{\"Records\":[{\"eventName\":\"GetObject\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"errorCode\":\"AccessDenied\"},"
                    + "{\"eventName\":\"PutObject\",\"eventTime\":\"2024-01-01T00:00:01Z\"}]}");
    static final List<String> ECS = List.of(
            "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"event\":{\"category\":[\"authentication\"],\"action\":\"logon\","
                    + "\"outcome\":\"failure\"},\"source\":{\"ip\":\"1.2.3.4\",\"port\":1},\"user\":{\"name\":\"bob\"}}",
            "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"event.category\":\"network\",\"destination.ip\":\"10.0.0.1\","
                    + "\"network.bytes\":12345678901234567890}");
    static final List<String> CIC_HEADER = List.of("Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,"
            + "Flow Duration,Tot Fwd Pkts,Tot Bwd Pkts,TotLen Fwd Pkts,TotLen Bwd Pkts,SYN Flag Cnt,Label");
    static final List<String> CIC = List.of(
            "1,10.0.0.1,1234,10.0.0.2,80,6,01/01/2024 00:00:00,100,1,1,10,20,1,BENIGN",
            "\"a,b\",10.0.0.1,1,10.0.0.2,2,17,2024-01-01 00:00:00.123,1,2,3,4,5,0,\"Dos \"\"Hulk\"\"\"",
            "x,\"10.0.0.1,1,10.0.0.2,2,6,01/01/2024 00:00:00,1,2,3,4,5,0,\"unterminated");

    /** The formats, each with its header lines and good records. */
    enum Target {
        JSON(Readers.JSON, List.of(), ReaderProperties.JSON),
        ZEEK("zeek", ZEEK_HEADER, ReaderProperties.ZEEK),
        SYSLOG("syslog", List.of(), ReaderProperties.SYSLOG),
        WINDOWS("windows", List.of(), ReaderProperties.WINDOWS),
        CLOUDTRAIL("cloudtrail", List.of(), ReaderProperties.CLOUDTRAIL),
        ECS("ecs", List.of(), ReaderProperties.ECS),
        CICFLOWMETER("cicflowmeter", CIC_HEADER, ReaderProperties.CIC);

        final String format;
        final List<String> header;
        final List<String> samples;

        Target(String format, List<String> header, List<String> samples) {
            this.format = format;
            this.header = header;
            this.samples = samples;
        }
    }

    @AfterContainer
    static void printSummary() {
        System.out.println(TALLY.summary());
    }

    @Property(seed = "20250601", shrinking = ShrinkingMode.BOUNDED)
    void zeekFilesAreReadSafely(@ForAll("zeek") byte[] file) throws IOException {
        check(Target.ZEEK, file, "conn.log");
    }

    @Property(seed = "20250602", shrinking = ShrinkingMode.BOUNDED)
    void syslogFilesAreReadSafely(@ForAll("syslog") byte[] file) throws IOException {
        check(Target.SYSLOG, file, "auth.log");
    }

    @Property(seed = "20250603", shrinking = ShrinkingMode.BOUNDED)
    void jsonLinesFilesAreReadSafely(@ForAll("json") byte[] file) throws IOException {
        check(Target.JSON, file, "events.jsonl");
    }

    @Property(seed = "20250604", shrinking = ShrinkingMode.BOUNDED)
    void windowsFilesAreReadSafely(@ForAll("windows") byte[] file) throws IOException {
        check(Target.WINDOWS, file, "security.json");
    }

    @Property(seed = "20250605", shrinking = ShrinkingMode.BOUNDED)
    void cloudTrailFilesAreReadSafely(@ForAll("cloudtrail") byte[] file) throws IOException {
        check(Target.CLOUDTRAIL, file, "trail.json");
    }

    @Property(seed = "20250606", shrinking = ShrinkingMode.BOUNDED)
    void ecsFilesAreReadSafely(@ForAll("ecs") byte[] file) throws IOException {
        check(Target.ECS, file, "ecs.ndjson");
    }

    @Property(seed = "20250607", shrinking = ShrinkingMode.BOUNDED)
    void cicFlowMeterFilesAreReadSafely(@ForAll("cicflowmeter") byte[] file) throws IOException {
        check(Target.CICFLOWMETER, file, "flows.csv");
    }

    /** Any file, any format: detection either names a reader or refuses the file in one sentence. */
    @Property(seed = "20250608", shrinking = ShrinkingMode.BOUNDED)
    void detectedFilesAreReadSafely(@ForAll("anything") byte[] file) throws IOException {
        FuzzTally.Target tally = TALLY.target("auto (detect)");
        tally.input();
        Path path = write("detect.log", file);
        Bounded.call(PER_FILE, () -> {
            EventReader reader;
            try {
                reader = Readers.detect(path, new Readers.Options(null, CLOCK));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("Cannot tell the format of");
                tally.rejected("whole file: cannot tell the format");
                return null;
            } catch (IOException e) {
                // Documented: a file that cannot be read at all (here a broken gzip stream) throws.
                assertThat(Lines.gzip(file)).as("only a broken gzip file fails detection: %s", e).isTrue();
                tally.rejected("whole file: cannot read (broken gzip)");
                return null;
            }
            return readAll(reader, path, tally);
        });
    }

    @Provide
    Arbitrary<byte[]> zeek() {
        return files(Target.ZEEK);
    }

    @Provide
    Arbitrary<byte[]> syslog() {
        return files(Target.SYSLOG);
    }

    @Provide
    Arbitrary<byte[]> json() {
        return files(Target.JSON);
    }

    @Provide
    Arbitrary<byte[]> windows() {
        return files(Target.WINDOWS);
    }

    @Provide
    Arbitrary<byte[]> cloudtrail() {
        return files(Target.CLOUDTRAIL);
    }

    @Provide
    Arbitrary<byte[]> ecs() {
        return files(Target.ECS);
    }

    @Provide
    Arbitrary<byte[]> cicflowmeter() {
        return files(Target.CICFLOWMETER);
    }

    @Provide
    Arbitrary<byte[]> anything() {
        return Arbitraries.frequencyOf(Tuple.of(1, Hostile.binary()),
                Tuple.of(4, Arbitraries.of(Target.values()).flatMap(ReaderProperties::files)));
    }

    static Arbitrary<byte[]> files(Target target) {
        return Arbitraries.frequencyOf(Tuple.of(12, Hostile.file(target.header, Hostile.line(target.samples))),
                Tuple.of(1, Hostile.binary()));
    }

    private static void check(Target target, byte[] file, String name) throws IOException {
        FuzzTally.Target tally = TALLY.target(target.format);
        tally.input();
        Path path = write(name, file);
        EventReader reader = Readers.forFormat(target.format, new Readers.Options(null, CLOCK));
        List<EventReader.Line> lines;
        try {
            lines = Bounded.call(PER_FILE, () -> readAll(reader, path, tally));
        } catch (IOException e) {
            // Documented: only a file that cannot be opened throws; a broken gzip stream is one.
            assertThat(Lines.gzip(file)).as("only a broken gzip file fails to open: %s", e).isTrue();
            tally.rejected("whole file: cannot read (broken gzip)");
            return;
        }
        assertEveryLineAccountedFor(target, file, lines);
        assertBoundedMemory(file, lines);
    }

    /** Reads the whole file; what a replay would do with each line, without the broker. */
    static List<EventReader.Line> readAll(EventReader reader, Path path, FuzzTally.Target tally) throws IOException {
        List<EventReader.Line> lines = new ArrayList<>();
        try (EventReader.Lines it = reader.read(path)) {
            while (it.hasNext()) {
                EventReader.Line line = it.next();
                lines.add(line);
                if (line.isEvent()) {
                    assertSaneEvent(line.event());
                } else {
                    assertSafeReason(line.error());
                    assertThat(line.raw()).as("a failed line keeps its bytes").isNotNull();
                    tally.rejected(line.error());
                }
            }
        }
        tally.accepted(lines.stream().filter(EventReader.Line::isEvent).count());
        return lines;
    }

    static void assertSafeReason(String reason) {
        assertThat(reason).as("reason").isNotBlank();
        assertThat(Hostile.hasUnsafeChar(reason)).as("reason with a raw control or bidi character: %s",
                reason.codePoints().limit(200).mapToObj(c -> String.format("U+%04X", c)).toList()).isFalse();
        assertThat(reason.length()).as("reason length").isLessThanOrEqualTo(MAX_REASON_CHARS);
    }

    private static void assertSaneEvent(SecurityEvent e) {
        assertThat(e.id()).isNotBlank();
        assertThat(e.timestamp()).isNotNull();
        if (e.message() != null && e.message().length() * 3 > EventBuilder.MAX_MESSAGE_BYTES) {
            assertThat(e.message().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(EventBuilder.MAX_MESSAGE_BYTES);
        }
        long originals = 0;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            if (a.getKey().startsWith(Attributes.ORIGINAL_PREFIX)) {
                originals++;
                assertThat(a.getValue().length()).isLessThanOrEqualTo(Attributes.MAX_ORIGINAL_VALUE_CHARS);
            }
        }
        assertThat(originals).isLessThanOrEqualTo(Attributes.MAX_ORIGINAL_FIELDS);
    }

    /**
     * Every non-blank line is an event or a failure, except what the format documents it passes
     * over: Zeek's {@code #} headers, the CSV header row (and its repeats), a CloudTrail line whose
     * Records array is empty. Documents spread over lines (Windows, CloudTrail) are numbered by
     * the line they start on, so there each reported number must lie in the file.
     */
    private static void assertEveryLineAccountedFor(Target target, byte[] file, List<EventReader.Line> lines) {
        List<String> text = Lines.of(file);
        Set<Long> reported = new TreeSet<>();
        for (EventReader.Line line : lines) {
            reported.add(line.number());
            assertThat(line.number()).as("line number").isBetween(1L, (long) Math.max(1, text.size()) + 1);
        }
        if (Lines.gzip(file)) {
            return;
        }
        boolean documents = target == Target.WINDOWS || target == Target.CLOUDTRAIL;
        boolean headerSeen = false;
        for (int i = 0; i < text.size(); i++) {
            String t = text.get(i);
            if (t.isBlank()) {
                continue;
            }
            long number = i + 1;
            // The CSV header is the first line the reader took (a first line too long to read is a failure).
            boolean header = target == Target.CICFLOWMETER && !headerSeen && !reported.contains(number);
            headerSeen |= header;
            boolean passedOver = header || switch (target) {
                case ZEEK -> t.startsWith("#");
                // A repeated header, as the reader knows one: its Timestamp cell, letters only, says "timestamp".
                case CICFLOWMETER -> t.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "").contains("timestamp");
                case CLOUDTRAIL -> t.contains("Records");
                default -> false;
            };
            if (!passedOver && !documents) {
                assertThat(reported).as("line %d (%s) gave neither an event nor a failure", number,
                        Lines.show(t)).contains(number);
            }
        }
        if (documents && text.stream().anyMatch(t -> !t.isBlank() && !t.strip().matches("[\\[\\],\\s\ufeff]*"))) {
            assertThat(lines).as("a file with content gave nothing").isNotEmpty();
        }
    }

    /**
     * What the events hold, counted once per distinct string (shared strings cost once), stays
     * within a constant times the input plus a fixed allowance: no input line may make the reader
     * hold many copies of itself.
     */
    private static void assertBoundedMemory(byte[] file, List<EventReader.Line> lines) {
        Map<String, Boolean> seen = new IdentityHashMap<>();
        long chars = 0;
        for (EventReader.Line line : lines) {
            if (line.isEvent()) {
                SecurityEvent e = line.event();
                chars += chars(seen, e.id()) + chars(seen, e.message()) + chars(seen, e.action())
                        + chars(seen, e.category());
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    chars += chars(seen, a.getKey()) + chars(seen, a.getValue());
                }
                for (Map.Entry<String, String> a : e.labels().entrySet()) {
                    chars += chars(seen, a.getValue());
                }
            } else {
                chars += line.raw().length + line.error().length();
            }
        }
        assertThat(chars).as("characters held for a %d-byte file", file.length)
                .isLessThanOrEqualTo(16L * file.length + 4_000_000L);
    }

    private static long chars(Map<String, Boolean> seen, String s) {
        return s == null || seen.put(s, Boolean.TRUE) != null ? 0 : s.length();
    }

    static Path write(String name, byte[] content) {
        try {
            return Files.write(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("socswarm-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
