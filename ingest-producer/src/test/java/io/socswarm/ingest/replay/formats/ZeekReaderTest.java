package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static io.socswarm.ingest.replay.formats.Fixtures.mapped;
import static io.socswarm.ingest.replay.formats.Fixtures.originals;
import static io.socswarm.ingest.replay.formats.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeekReaderTest {
    private final ZeekReader reader = new ZeekReader();

    @TempDir
    Path dir;

    @Test
    void shouldMapTsvConnRowsToFlowsWithStateOutcomeAndStratosphereLabels() throws Exception {
        Path file = fixture("zeek-conn.log");

        List<Line> lines = readAll(reader, file);

        List<SecurityEvent> events = events(lines);
        assertThat(events).hasSize(3);
        SecurityEvent sf = events.get(0);
        assertThat(sf.id()).endsWith("/formats/zeek-conn.log:9");
        assertThat(sf.timestamp()).isEqualTo(Instant.parse("2022-06-12T21:59:58.444458Z"));
        assertThat(sf.category()).isEqualTo("network");
        assertThat(sf.action()).isEqualTo("connection");
        assertThat(sf.outcome()).isEqualTo("success");
        assertThat(sf.source()).isEqualTo(SecurityEvent.Endpoint.of("147.32.81.167", 62771));
        assertThat(sf.destination()).isEqualTo(SecurityEvent.Endpoint.of("40.74.108.123", 443));
        assertThat(sf.network()).isEqualTo(new SecurityEvent.Network("tcp", 4039L, 1596L, 30L, "SF"));
        assertThat(sf.labels()).isEqualTo(Map.of("label", "Benign", "detailed_label", "Microsoft"));
        assertThat(sf.attributes()).containsEntry(Attributes.FLOW_DURATION, "1.135424")
                .containsEntry(Attributes.ZEEK_HISTORY, "ShADdaFf");
        assertThat(sf.origin()).isEqualTo(new SecurityEvent.Origin("zeek", file.toString(), 9L));
        assertThat(sf.message()).startsWith("1655071198.444458\tCHLXQF2OBY4onAR0Ug\t");

        assertThat(events.get(1).outcome()).isEqualTo("failure");
        assertThat(events.get(1).labels()).containsEntry("label", "Malicious");
        SecurityEvent rej = events.get(2);
        assertThat(rej.network().state()).isEqualTo("REJ");
        assertThat(rej.outcome()).isEqualTo("failure");
        assertThat(rej.labels()).isEqualTo(Map.of("label", "Background"));
        assertThat(rej.attributes()).doesNotContainKey(Attributes.FLOW_DURATION);

        List<Line> failed = failures(lines);
        assertThat(failed).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(11);
            assertThat(line.error()).contains("4 columns").contains("23");
            assertThat(new String(line.raw())).startsWith("1655071240.000001\tCbroken");
        });
    }

    @Test
    void shouldSplitLabelColumnsAppendedWithSpacesInsteadOfTabs() throws Exception {
        List<Line> lines = readAll(reader, fixture("zeek-iot23-conn.log.labeled"));

        assertThat(failures(lines)).isEmpty();
        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(SecurityEvent::labels).containsExactly(
                Map.of("label", "Malicious", "detailed_label", "PartOfAHorizontalPortScan"),
                Map.of("label", "Benign"));
        assertThat(events.get(0).network().state()).isEqualTo("S0");
    }

    @Test
    void shouldReadGzippedJsonWithUnderscoreNamesAndTheLogTypeFromTheFileName() throws Exception {
        Path gz = Fixtures.gzip(fixture("zeek-dns.json"), dir.resolve("zeek-dns.json.gz"));

        List<Line> lines = readAll(reader, gz);

        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(SecurityEvent::action).containsOnly("dns_query");
        assertThat(events).extracting(SecurityEvent::outcome).containsExactly("success", "failure");
        SecurityEvent first = events.get(0);
        assertThat(first.category()).isEqualTo("dns");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2020-08-07T08:49:24.509987Z"));
        assertThat(first.source()).isEqualTo(SecurityEvent.Endpoint.of("10.8.0.61", 35740));
        assertThat(first.destination()).isEqualTo(new SecurityEvent.Endpoint("8.8.8.8", 53,
                "infinitedata-pa.googleapis.com", null));
        assertThat(first.attributes()).containsEntry(Attributes.DNS_RCODE, "NOERROR")
                .containsEntry(Attributes.DNS_QTYPE, "A");
        assertThat(events.get(1).attribute(Attributes.DNS_RCODE)).isEqualTo("NXDOMAIN");
        assertThat(events.get(1).id()).endsWith("zeek-dns.json.gz:4");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(2);
            assertThat(line.error()).startsWith("not valid JSON");
        });
    }

    @Test
    void shouldMapEachJsonRecordByItsPath() throws Exception {
        List<SecurityEvent> events = events(readAll(reader, fixture("zeek-mixed.json")));

        assertThat(events).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome)
                .containsExactly(
                        tuple("authentication", "ssh_login", "failure"),
                        tuple("http", "post", "failure"),
                        tuple("alert", "Scan::Port_Scan", "unknown"),
                        tuple("network", "tls", "success"),
                        tuple("authentication", "kerberos_service_ticket_request",
                                "success"),
                        tuple("network", "rdp", "unknown"));
        assertThat(events.get(0).attribute(ZeekReader.SSH_AUTH_ATTEMPTS)).isEqualTo("3");
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2018-03-24T17:16:39.739898Z"));
        SecurityEvent http = events.get(1);
        assertThat(http.destination().domain()).isEqualTo("intranet.example");
        assertThat(http.attributes()).containsEntry(Attributes.URL_FULL, "http://intranet.example/login.php")
                .containsEntry(Attributes.HTTP_STATUS, "401")
                .containsEntry(Attributes.USER_AGENT, "curl/7.58");
        SecurityEvent notice = events.get(2);
        assertThat(notice.attribute(Attributes.RULE_NAME)).isEqualTo("Scan::Port_Scan");
        assertThat(notice.sourceIp()).isEqualTo("10.0.0.9");
        assertThat(notice.destination()).isEqualTo(SecurityEvent.Endpoint.of("10.47.8.60", 22));
        assertThat(events.get(3).destination().domain()).isEqualTo("example.com");
        SecurityEvent kerberos = events.get(4);
        assertThat(kerberos.user()).isEqualTo(new SecurityEvent.User("alice", "CORP.LOCAL"));
        assertThat(kerberos.attributes()).containsEntry(Attributes.TICKET_ENCRYPTION, "0x17")
                .containsEntry(Attributes.KERBEROS_SERVICE, "MSSQLSvc/db01");
        assertThat(events.get(5).userName()).isEqualTo("bob");
    }

    @Test
    void shouldTellTheLogTypeFromFileNames() {
        assertThat(ZeekReader.typeFromFileName("/data/conn.log.labeled")).isEqualTo("conn");
        assertThat(ZeekReader.typeFromFileName("labeled-conn.log")).isEqualTo("conn");
        assertThat(ZeekReader.typeFromFileName("smb_files.json.gz")).isEqualTo("smb_files");
        assertThat(ZeekReader.typeFromFileName("capture.json")).isNull();
    }

    @Test
    void shouldKeepEveryTsvColumnByItsHeaderNameLeavingOutUnsetAndEmpty() throws Exception {
        List<SecurityEvent> events = events(readAll(reader, fixture("zeek-conn.log")));

        SecurityEvent sf = events.get(0);
        assertThat(originals(sf)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("ts", "1655071198.444458"), Map.entry("uid", "CHLXQF2OBY4onAR0Ug"),
                Map.entry("id.orig_h", "147.32.81.167"), Map.entry("id.orig_p", "62771"),
                Map.entry("id.resp_h", "40.74.108.123"), Map.entry("id.resp_p", "443"),
                Map.entry("proto", "tcp"), Map.entry("service", "ssl"), Map.entry("duration", "1.135424"),
                Map.entry("orig_bytes", "1596"), Map.entry("resp_bytes", "4039"), Map.entry("conn_state", "SF"),
                Map.entry("local_orig", "T"), Map.entry("local_resp", "F"), Map.entry("missed_bytes", "0"),
                Map.entry("history", "ShADdaFf"), Map.entry("orig_pkts", "14"), Map.entry("orig_ip_bytes", "2168"),
                Map.entry("resp_pkts", "16"), Map.entry("resp_ip_bytes", "4871"), Map.entry("label", "Benign"),
                Map.entry("detailedlabel", "Microsoft"))));
        assertThat(mapped(sf)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.FLOW_DURATION, "1.135424", Attributes.ZEEK_HISTORY, "ShADdaFf")));
        // REJ row: service, duration, bytes and detailedlabel are "-", tunnel_parents "(empty)".
        assertThat(originals(events.get(2))).doesNotContainKeys("service", "duration", "orig_bytes", "resp_bytes",
                "tunnel_parents", "detailedlabel").containsEntry("conn_state", "REJ").hasSize(17);
    }

    @Test
    void shouldHonourTheFilesOwnUnsetAndEmptyMarkers() throws Exception {
        Path file = write(dir, "http.log", """
                #separator \\x09
                #unset_field\tNIL
                #empty_field\tNONE
                #path\thttp
                #fields\tts\tid.orig_h\tid.resp_h\tmethod\thost\turi\tusername\ttags\tuser_agent
                1600000000.5\t10.0.0.1\t10.0.0.2\tGET\tshop.example\t/login?u=-\tNIL\tNONE\t-
                """);

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).isEqualTo(new TreeMap<>(Map.of(
                "ts", "1600000000.5", "id.orig_h", "10.0.0.1", "id.resp_h", "10.0.0.2", "method", "GET",
                "host", "shop.example", "uri", "/login?u=-", "user_agent", "-")));
        // The mapping still reads "-" as absent, whatever the file's unset marker.
        assertThat(mapped(e)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.HTTP_METHOD, "GET", Attributes.URL_FULL, "http://shop.example/login?u=-")));
    }

    @Test
    void shouldKeepJsonFieldsAsWrittenWithSetsAsJsonAndPlaceholdersLeftOut() throws Exception {
        Path file = write(dir, "dns.log", """
                {"ts":1596790164.509987,"uid":"C1","id.orig_h":"10.8.0.61","id.resp_h":"8.8.8.8","query":"evil.ru",\
                "answers":["1.2.3.4","5.6.7.8"],"TTLs":[60.0,0.25],"rcode_name":"NOERROR","qclass_name":"-",\
                "auth":"(empty)","rejected":false,"id":{"vlan":7}}
                {"ts":1596790165.25,"uid":"C2","id_orig_h":"10.8.0.62","query":"ok.example"}
                """);

        List<SecurityEvent> events = events(readAll(reader, file));

        assertThat(originals(events.get(0))).isEqualTo(new TreeMap<>(Map.of(
                "ts", "1596790164.509987", "uid", "C1", "id.orig_h", "10.8.0.61", "id.resp_h", "8.8.8.8",
                "query", "evil.ru", "answers", "[\"1.2.3.4\",\"5.6.7.8\"]", "TTLs", "[60,0.25]",
                "rcode_name", "NOERROR", "rejected", "false", "id.vlan", "7")));
        assertThat(mapped(events.get(0))).isEqualTo(new TreeMap<>(Map.of(Attributes.DNS_RCODE, "NOERROR")));
        assertThat(events.get(0).destination().domain()).isEqualTo("evil.ru");
        assertThat(originals(events.get(1))).containsEntry("id_orig_h", "10.8.0.62").doesNotContainKey("id.orig_h");
        assertThat(events.get(1).sourceIp()).isEqualTo("10.8.0.62");
    }

    @Test
    void shouldKeepAtMostTwoHundredColumnsOfAtMostFourThousandNinetySixCharacters() throws Exception {
        StringBuilder header = new StringBuilder("#fields\tts\tquery");
        StringBuilder row = new StringBuilder("1600000000\t" + "q".repeat(10_000));
        for (int i = 1; i <= 201; i++) {
            header.append("\tc").append(i);
            row.append("\tv").append(i);
        }
        Path file = write(dir, "dns.log", header + "\n" + row + "\n");

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).hasSize(200).containsEntry("c198", "v198").doesNotContainKey("c199");
        assertThat(e.attribute("orig.query")).isEqualTo("q".repeat(4096));
        // A domain's name is bounded as every name of an event is (no real one is longer than 253).
        assertThat(e.destination().domain()).hasSize(SecurityEvent.MAX_NAME_CHARS);
    }
}
