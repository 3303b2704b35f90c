package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.mapped;
import static io.socswarm.ingest.replay.formats.Fixtures.originals;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
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

class WindowsReaderTest {
    private final WindowsReader reader = new WindowsReader();

    @TempDir
    Path dir;

    @Test
    void shouldMapNxlogSecuritySystemAndSysmonEvents() throws Exception {
        List<Line> lines = readAll(reader, fixture("windows-nxlog.jsonl"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome,
                SecurityEvent::userName).containsExactly(
                tuple("authentication", "logon", "failure", "lrodriguez"),
                tuple("authentication", "logon", "success", "pgustavo"),
                tuple("authentication", "kerberos_service_ticket_request", "failure", "pgustavo@THESHIRE.LOCAL"),
                tuple("iam", "group_member_added", "success", "backdoor"),
                tuple("process", "service_installed", "success", "pgustavo"),
                tuple("process", "process_created", "success", "wardog"),
                tuple("network", "connection", "unknown", "NETWORK SERVICE"),
                tuple("process", "process_access", "success", null),
                tuple("host", "windows_event_5156", "success", null),
                tuple("authentication", "ntlm_credential_validation", "failure", "mscott"));

        SecurityEvent spray = events.get(0);
        assertThat(spray.timestamp()).isEqualTo(Instant.parse("2020-10-22T08:29:55.210Z"));
        assertThat(spray.user()).isEqualTo(new SecurityEvent.User("lrodriguez", "theshire.local"));
        assertThat(spray.host()).isEqualTo(new SecurityEvent.Host("WORKSTATION5.theshire.local"));
        assertThat(spray.source()).isEqualTo(new SecurityEvent.Endpoint(null, null, "WORKSTATION5", null));
        assertThat(spray.attributes()).containsEntry(Attributes.EVENT_CODE, "4625")
                .containsEntry(Attributes.EVENT_PROVIDER, "Security")
                .containsEntry(Attributes.SUBJECT_USER, "pgustavo")
                .containsEntry(Attributes.LOGON_TYPE, "2")
                .containsEntry(Attributes.WINDOWS_STATUS, "0xc000006d")
                .containsEntry(Attributes.WINDOWS_SUB_STATUS, "0xc000006a");
        assertThat(events.get(1).sourceIp()).isEqualTo("172.18.39.5");
        assertThat(events.get(1).source().port()).isNull();
        assertThat(events.get(2).attributes()).containsEntry(Attributes.TICKET_ENCRYPTION, "0x17")
                .containsEntry(Attributes.KERBEROS_SERVICE, "MSSQLSvc");
        assertThat(events.get(3).attribute(Attributes.GROUP_NAME)).isEqualTo("Domain Admins");
        assertThat(events.get(4).attributes()).containsEntry(Attributes.SERVICE_NAME, "Updater")
                .containsEntry(Attributes.SERVICE_PATH, "%COMSPEC% /C start /b powershell -noP -enc SQBmAA==");
        assertThat(events.get(5).attributes())
                .containsEntry(Attributes.PROCESS_EXECUTABLE, "C:\\windows\\system32\\whoami.exe")
                .containsEntry(Attributes.PROCESS_COMMAND_LINE, "whoami /user")
                .containsEntry(Attributes.HASH_SHA256, "AB12")
                .containsEntry(Attributes.HASH_MD5, "2EEE")
                .containsEntry(Attributes.PROCESS_ENTITY_ID, "{7e57a1d0-0001-5f69-0c0c-000000000800}")
                .containsEntry(Attributes.PROCESS_PARENT_ENTITY_ID, "{7e57a1d0-0000-5f69-0b0c-000000000800}");
        assertThat(events.get(5).user().domain()).isEqualTo("THESHIRE");
        SecurityEvent flow = events.get(6);
        assertThat(flow.source()).isEqualTo(SecurityEvent.Endpoint.of("172.18.39.6", 53146));
        assertThat(flow.destination()).isEqualTo(SecurityEvent.Endpoint.of("13.107.4.50", 80));
        assertThat(flow.network().protocol()).isEqualTo("tcp");
        assertThat(events.get(7).attributes())
                .containsEntry(Attributes.TARGET_PROCESS_EXECUTABLE, "C:\\windows\\system32\\lsass.exe")
                .containsEntry(Attributes.GRANTED_ACCESS, "0x1010")
                // The process that opened LSASS: the parent of line 6's whoami.exe.
                .containsEntry(Attributes.PROCESS_ENTITY_ID, "{7e57a1d0-0000-5f69-0b0c-000000000800}");
        // EventTime has no zone: UTC.
        assertThat(events.get(9).timestamp()).isEqualTo(Instant.parse("2020-10-22T04:29:55Z"));

        assertThat(failures(lines)).extracting(Line::number).containsExactly(10L, 11L);
        assertThat(failures(lines).get(0).error()).startsWith("not valid JSON");
        assertThat(failures(lines).get(1).error()).isEqualTo("no EventID");
    }

    @Test
    void shouldReadWinlogbeatNestedEventData() throws Exception {
        List<SecurityEvent> events = events(readAll(reader, fixture("winlogbeat.jsonl")));

        assertThat(events).hasSize(2);
        SecurityEvent failure = events.get(0);
        assertThat(failure.action()).isEqualTo("logon");
        assertThat(failure.outcome()).isEqualTo("failure");
        assertThat(failure.user()).isEqualTo(new SecurityEvent.User("alice", "CORP"));
        assertThat(failure.source()).isEqualTo(SecurityEvent.Endpoint.of("10.1.2.3", 51234));
        assertThat(failure.host().name()).isEqualTo("DC01.corp.local");
        assertThat(failure.timestamp()).isEqualTo(Instant.parse("2021-03-01T10:00:00.123Z"));
        assertThat(failure.attribute(Attributes.LOGON_TYPE)).isEqualTo("3");
        SecurityEvent preauth = events.get(1);
        assertThat(preauth.action()).isEqualTo("kerberos_preauth_failed");
        assertThat(preauth.outcome()).isEqualTo("failure");
        assertThat(preauth.sourceIp()).isEqualTo("10.1.2.4");
        assertThat(preauth.attribute(Attributes.WINDOWS_STATUS)).isEqualTo("0x18");
    }

    @Test
    void shouldKeepEveryNxlogFieldAndTheSystemNamesAsOriginalsBesideUnchangedMappedAttributes() throws Exception {
        SecurityEvent spray = events(readAll(reader, fixture("windows-nxlog.jsonl"))).get(0);

        assertThat(originals(spray)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("EventID", "4625"),
                Map.entry("Channel", "Security"),
                Map.entry("Computer", "WORKSTATION5.theshire.local"),
                Map.entry("Provider_Name", "Microsoft-Windows-Security-Auditing"),
                Map.entry("Provider", "Microsoft-Windows-Security-Auditing"),
                Map.entry("Hostname", "WORKSTATION5.theshire.local"),
                Map.entry("SourceName", "Microsoft-Windows-Security-Auditing"),
                Map.entry("EventType", "AUDIT_FAILURE"),
                Map.entry("@timestamp", "2020-10-22T08:29:55.210Z"),
                Map.entry("EventTime", "2020-10-22 04:29:53"),
                Map.entry("SubjectUserName", "pgustavo"),
                Map.entry("SubjectDomainName", "THESHIRE"),
                Map.entry("TargetUserName", "lrodriguez"),
                Map.entry("TargetDomainName", "theshire.local"),
                Map.entry("LogonType", "2"),
                Map.entry("Status", "0xc000006d"),
                Map.entry("SubStatus", "0xc000006a"),
                Map.entry("IpAddress", "-"),
                Map.entry("IpPort", "-"),
                Map.entry("WorkstationName", "WORKSTATION5"))));
        assertThat(mapped(spray)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.EVENT_CODE, "4625",
                Attributes.EVENT_PROVIDER, "Security",
                Attributes.SUBJECT_USER, "pgustavo",
                Attributes.LOGON_TYPE, "2",
                Attributes.WINDOWS_STATUS, "0xc000006d",
                Attributes.WINDOWS_SUB_STATUS, "0xc000006a")));
    }

    @Test
    void shouldKeepWinlogbeatEventDataByFieldNameAndTheRestByDottedName() throws Exception {
        SecurityEvent failure = events(readAll(reader, fixture("winlogbeat.jsonl"))).get(0);

        assertThat(originals(failure)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("EventID", "4625"),
                Map.entry("Channel", "Security"),
                Map.entry("Computer", "DC01.corp.local"),
                Map.entry("Provider_Name", "Microsoft-Windows-Security-Auditing"),
                Map.entry("Provider", "Microsoft-Windows-Security-Auditing"),
                Map.entry("TargetUserName", "alice"),
                Map.entry("TargetDomainName", "CORP"),
                Map.entry("IpAddress", "10.1.2.3"),
                Map.entry("IpPort", "51234"),
                Map.entry("LogonType", "3"),
                Map.entry("Status", "0xc000006d"),
                Map.entry("SubStatus", "0xc000006a"),
                Map.entry("@timestamp", "2021-03-01T10:00:00.123Z"),
                Map.entry("event.code", "4625"),
                Map.entry("event.provider", "Microsoft-Windows-Security-Auditing"),
                Map.entry("host.name", "dc01"),
                Map.entry("winlog.event_id", "4625"),
                Map.entry("winlog.channel", "Security"),
                Map.entry("winlog.computer_name", "DC01.corp.local"))));
        assertThat(mapped(failure)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.EVENT_CODE, "4625",
                Attributes.EVENT_PROVIDER, "Security",
                Attributes.LOGON_TYPE, "3",
                Attributes.WINDOWS_STATUS, "0xc000006d",
                Attributes.WINDOWS_SUB_STATUS, "0xc000006a")));
    }

    @Test
    void shouldKeepWinlogbeatKeywordsAndTaskAsWritten() throws Exception {
        Path file = write(dir, "wlb.jsonl", "{\"@timestamp\":\"2021-03-01T10:00:00Z\",\"winlog\":{\"event_id\":4672,"
                + "\"provider_name\":\"Microsoft-Windows-Security-Auditing\",\"task\":\"Special Logon\","
                + "\"keywords\":[\"Audit Success\"],\"event_data\":{\"SubjectUserName\":\"svc\","
                + "\"PrivilegeList\":null}}}\n");

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).containsEntry("Task", "Special Logon")
                .containsEntry("Keywords", "[\"Audit Success\"]")
                .containsEntry("Provider_Name", "Microsoft-Windows-Security-Auditing")
                .containsEntry("SubjectUserName", "svc")
                .doesNotContainKeys("PrivilegeList", "Channel", "Level", "winlog.event_data.SubjectUserName");
        assertThat(e).extracting(SecurityEvent::action, SecurityEvent::outcome, SecurityEvent::userName)
                .containsExactly("special_privileges_assigned", "success", "svc");
    }

    @Test
    void shouldKeepAtMostTwoHundredOriginalFieldsOfAtMostFourThousandNinetySixCharacters() throws Exception {
        StringBuilder line = new StringBuilder("{\"EventID\":4688,\"Channel\":\"Security\","
                + "\"@timestamp\":\"2021-03-01T10:00:00Z\",\"CommandLine\":\"" + "c".repeat(10_000) + "\"");
        for (int i = 1; i <= 201; i++) {
            line.append(",\"F").append(i).append("\":\"v").append(i).append('"');
        }
        Path file = write(dir, "big.jsonl", line.append("}\n").toString());

        SecurityEvent e = events(readAll(reader, file)).get(0);

        // EventID and Channel are written first under their System names, then the record's fields in order.
        assertThat(originals(e)).hasSize(200).containsEntry("F196", "v196").doesNotContainKey("F197");
        assertThat(e.attribute("orig.CommandLine")).isEqualTo("c".repeat(4096));
        assertThat(e.attribute(Attributes.PROCESS_COMMAND_LINE)).hasSize(10_000);
    }
}
