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
import io.socswarm.ingest.replay.Readers;
import io.socswarm.model.Attributes;
import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Windows reader on EVTX renderings: {@code {"Event": {"System": …, "EventData": …}}}. */
class WindowsEvtxLayoutTest {
    /** The Sysmon process creation of line 6 of windows-nxlog.jsonl, as evtx_dump renders it. */
    private static final String SYSMON_1 = """
            {
              "Event": {
                "#attributes": {
                  "xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"
                },
                "System": {
                  "Provider": {
                    "#attributes": {
                      "Name": "Microsoft-Windows-Sysmon",
                      "Guid": "5770385F-C22A-43E0-BF4C-06F5698FFBD9"
                    }
                  },
                  "EventID": 1,
                  "Version": 5,
                  "Level": 4,
                  "Task": 1,
                  "Opcode": 0,
                  "Keywords": "0x8000000000000000",
                  "TimeCreated": {
                    "#attributes": {
                      "SystemTime": "2020-09-22T02:14:13.523Z"
                    }
                  },
                  "EventRecordID": 23503,
                  "Correlation": null,
                  "Execution": {
                    "#attributes": {
                      "ProcessID": 3308,
                      "ThreadID": 4008
                    }
                  },
                  "Channel": "Microsoft-Windows-Sysmon/Operational",
                  "Computer": "WORKSTATION6.theshire.local",
                  "Security": {
                    "#attributes": {
                      "UserID": "S-1-5-18"
                    }
                  }
                },
                "EventData": {
                  "RuleName": "-",
                  "UtcTime": "2020-09-22 02:14:13.520",
                  "ProcessGuid": "{7e57a1d0-0001-5f69-0c0c-000000000800}",
                  "ProcessId": 10048,
                  "Image": "C:\\\\windows\\\\system32\\\\whoami.exe",
                  "CommandLine": "whoami /user",
                  "ParentProcessGuid": "{7e57a1d0-0000-5f69-0b0c-000000000800}",
                  "ParentImage": "C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe",
                  "User": "THESHIRE\\\\wardog",
                  "Hashes": "SHA1=8F1F,MD5=2EEE,SHA256=AB12,IMPHASH=0000"
                }
              }
            }
            """;

    /**
     * The logon failure of line 1 of windows-nxlog.jsonl, its event data as XML-like
     * {@code Data} elements and its EventID with qualifiers, as some renderers write them.
     */
    private static final String SECURITY_4625 = """
            {
              "Event": {
                "System": {
                  "Provider": {
                    "#attributes": {
                      "Name": "Microsoft-Windows-Security-Auditing",
                      "Guid": "54849625-5478-4994-A5BA-3E3B0328C30D"
                    }
                  },
                  "EventID": {"#attributes": {"Qualifiers": 0}, "#text": 4625},
                  "Level": 0,
                  "Task": 12544,
                  "Keywords": "0x8010000000000000",
                  "TimeCreated": {"#attributes": {"SystemTime": "2020-10-22T08:29:55.210Z"}},
                  "Channel": "Security",
                  "Computer": "WORKSTATION5.theshire.local",
                  "Security": null
                },
                "EventData": {
                  "Data": [
                    {"#attributes": {"Name": "SubjectUserName"}, "#text": "pgustavo"},
                    {"#attributes": {"Name": "SubjectDomainName"}, "#text": "THESHIRE"},
                    {"#attributes": {"Name": "TargetUserName"}, "#text": "lrodriguez"},
                    {"#attributes": {"Name": "TargetDomainName"}, "#text": "theshire.local"},
                    {"#attributes": {"Name": "Status"}, "#text": "0xc000006d"},
                    {"#attributes": {"Name": "SubStatus"}, "#text": "0xc000006a"},
                    {"#attributes": {"Name": "LogonType"}, "#text": 2},
                    {"#attributes": {"Name": "WorkstationName"}, "#text": "WORKSTATION5"},
                    {"#attributes": {"Name": "IpAddress"}, "#text": "-"},
                    {"#attributes": {"Name": "IpPort"}, "#text": "-"},
                    {"#attributes": {"Name": "TransmittedServices"}}
                  ]
                }
              }
            }
            """;

    /** The group change of line 4 of windows-nxlog.jsonl; its audit outcome comes from Keywords. */
    private static final String SECURITY_4728 = """
            {"Event": {"System": {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},\
             "EventID": 4728, "Keywords": "0x8020000000000000",\
             "TimeCreated": {"#attributes": {"SystemTime": "2020-09-14T12:06:03.906Z"}},\
             "Channel": "Security", "Computer": "WORKSTATION6.theshire.local"},\
             "EventData": {"SubjectUserName": "pgustavo", "MemberName": "CN=backdoor,CN=Users,DC=theshire,DC=local",\
             "MemberSid": "S-1-5-21-1", "TargetUserName": "Domain Admins", "TargetDomainName": "THESHIRE"}}}""";

    private final WindowsReader reader = new WindowsReader();

    @TempDir
    Path dir;

    /** What a detector reads of an event: all but its id, origin, message and original fields. */
    private record Mapping(Instant timestamp, String category, String action, String outcome,
            SecurityEvent.Endpoint source, SecurityEvent.Endpoint destination, SecurityEvent.User user,
            SecurityEvent.Host host, SecurityEvent.Network network, Map<String, String> labels,
            Map<String, String> attributes) {
        static Mapping of(SecurityEvent e) {
            return new Mapping(e.timestamp(), e.category(), e.action(), e.outcome(), e.source(), e.destination(),
                    e.user(), e.host(), e.network(), e.labels(), mapped(e));
        }
    }

    private List<SecurityEvent> flat() throws Exception {
        return events(readAll(reader, fixture("windows-nxlog.jsonl")));
    }

    private static String oneLine(String json) throws Exception {
        return Json.MAPPER.readTree(json).toString();
    }

    @Test
    void shouldMapASysmonProcessCreationLikeItsFlatLayout() throws Exception {
        List<Line> lines = readAll(reader, write(dir, "sysmon.json", SYSMON_1));

        SecurityEvent evtx = events(lines).get(0);
        assertThat(Mapping.of(evtx)).isEqualTo(Mapping.of(flat().get(5)));
        assertThat(evtx.timestamp()).isEqualTo(Instant.parse("2020-09-22T02:14:13.523Z"));
        assertThat(evtx).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome)
                .containsExactly("process", "process_created", "success");
        assertThat(evtx.user()).isEqualTo(new SecurityEvent.User("wardog", "THESHIRE"));
        assertThat(evtx.host()).isEqualTo(new SecurityEvent.Host("WORKSTATION6.theshire.local"));
        assertThat(mapped(evtx)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry(Attributes.EVENT_CODE, "1"),
                Map.entry(Attributes.EVENT_PROVIDER, "Microsoft-Windows-Sysmon/Operational"),
                Map.entry(Attributes.PROCESS_EXECUTABLE, "C:\\windows\\system32\\whoami.exe"),
                Map.entry(Attributes.PROCESS_COMMAND_LINE, "whoami /user"),
                Map.entry(Attributes.PROCESS_PARENT_EXECUTABLE,
                        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"),
                Map.entry(Attributes.PROCESS_ENTITY_ID, "{7e57a1d0-0001-5f69-0c0c-000000000800}"),
                Map.entry(Attributes.PROCESS_PARENT_ENTITY_ID, "{7e57a1d0-0000-5f69-0b0c-000000000800}"),
                Map.entry(Attributes.HASH_SHA1, "8F1F"),
                Map.entry(Attributes.HASH_MD5, "2EEE"),
                Map.entry(Attributes.HASH_SHA256, "AB12"))));
        assertThat(evtx.id()).endsWith("sysmon.json:1");
        assertThat(evtx.origin()).isEqualTo(new SecurityEvent.Origin("windows", dir.resolve("sysmon.json").toString(), 1L));
        assertThat(evtx.message()).isEqualTo(oneLine(SYSMON_1));
        assertThat(failures(lines)).isEmpty();
    }

    @Test
    void shouldKeepSystemFieldsAndEventDataAsOriginalFields() throws Exception {
        SecurityEvent evtx = events(readAll(reader, write(dir, "sysmon.json", SYSMON_1))).get(0);

        assertThat(originals(evtx)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("Provider_Name", "Microsoft-Windows-Sysmon"),
                Map.entry("Provider", "Microsoft-Windows-Sysmon"),
                Map.entry("Provider_Guid", "5770385F-C22A-43E0-BF4C-06F5698FFBD9"),
                Map.entry("EventID", "1"),
                Map.entry("Version", "5"),
                Map.entry("Level", "4"),
                Map.entry("Task", "1"),
                Map.entry("Opcode", "0"),
                Map.entry("Keywords", "0x8000000000000000"),
                Map.entry("TimeCreated_SystemTime", "2020-09-22T02:14:13.523Z"),
                Map.entry("EventRecordID", "23503"),
                Map.entry("Execution_ProcessID", "3308"),
                Map.entry("Execution_ThreadID", "4008"),
                Map.entry("Channel", "Microsoft-Windows-Sysmon/Operational"),
                Map.entry("Computer", "WORKSTATION6.theshire.local"),
                Map.entry("Security_UserID", "S-1-5-18"),
                Map.entry("RuleName", "-"),
                Map.entry("UtcTime", "2020-09-22 02:14:13.520"),
                Map.entry("ProcessGuid", "{7e57a1d0-0001-5f69-0c0c-000000000800}"),
                Map.entry("ProcessId", "10048"),
                Map.entry("Image", "C:\\windows\\system32\\whoami.exe"),
                Map.entry("CommandLine", "whoami /user"),
                Map.entry("ParentProcessGuid", "{7e57a1d0-0000-5f69-0b0c-000000000800}"),
                Map.entry("ParentImage", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"),
                Map.entry("User", "THESHIRE\\wardog"),
                Map.entry("Hashes", "SHA1=8F1F,MD5=2EEE,SHA256=AB12,IMPHASH=0000"))));
    }

    @Test
    void shouldMapASecurityLogonFailureWithDataElementsLikeItsFlatLayout() throws Exception {
        SecurityEvent evtx = events(readAll(reader, write(dir, "4625.json", SECURITY_4625))).get(0);

        assertThat(Mapping.of(evtx)).isEqualTo(Mapping.of(flat().get(0)));
        assertThat(evtx).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome)
                .containsExactly("authentication", "logon", "failure");
        assertThat(evtx.user()).isEqualTo(new SecurityEvent.User("lrodriguez", "theshire.local"));
        assertThat(evtx.source()).isEqualTo(new SecurityEvent.Endpoint(null, null, "WORKSTATION5", null));
        assertThat(mapped(evtx)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.EVENT_CODE, "4625",
                Attributes.EVENT_PROVIDER, "Security",
                Attributes.SUBJECT_USER, "pgustavo",
                Attributes.LOGON_TYPE, "2",
                Attributes.WINDOWS_STATUS, "0xc000006d",
                Attributes.WINDOWS_SUB_STATUS, "0xc000006a")));
        assertThat(originals(evtx)).containsEntry("EventID", "4625")
                .containsEntry("EventID_Qualifiers", "0")
                .containsEntry("TargetUserName", "lrodriguez")
                .containsEntry("LogonType", "2")
                .containsEntry("IpAddress", "-")
                .containsEntry("TransmittedServices", "")
                .doesNotContainKeys("Data", "Security");
    }

    @Test
    void shouldReadJsonLinesOfEvtxDocumentsAndTakeTheAuditOutcomeFromKeywords() throws Exception {
        Path file = write(dir, "evtx.jsonl",
                oneLine(SECURITY_4625) + "\n" + oneLine(SYSMON_1) + "\n" + oneLine(SECURITY_4728) + "\n");

        List<Line> lines = readAll(reader, file);

        List<SecurityEvent> events = events(lines);
        List<SecurityEvent> flat = flat();
        assertThat(events).extracting(Mapping::of)
                .containsExactly(Mapping.of(flat.get(0)), Mapping.of(flat.get(5)), Mapping.of(flat.get(3)));
        assertThat(events.get(2)).extracting(SecurityEvent::action, SecurityEvent::outcome, SecurityEvent::userName)
                .containsExactly("group_member_added", "success", "backdoor");
        assertThat(events).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 3L);
        assertThat(failures(lines)).isEmpty();
        assertThat(FormatDetector.detect(file)).isEqualTo("windows");
    }

    @Test
    void shouldReadAPrettyPrintedFileOfSeveralDocuments() throws Exception {
        Path file = write(dir, "events.json", SYSMON_1 + SECURITY_4625 + "\n" + SECURITY_4728 + "\n");
        long second = SYSMON_1.lines().count() + 1;
        long third = second + SECURITY_4625.lines().count() + 1;

        List<Line> lines = readAll(Readers.detect(file, Readers.Options.defaults()), file);

        assertThat(FormatDetector.detect(file)).isEqualTo("windows");
        assertThat(failures(lines)).isEmpty();
        assertThat(events(lines)).extracting(e -> e.origin().line(), SecurityEvent::action, SecurityEvent::outcome)
                .containsExactly(
                        tuple(1L, "process_created", "success"),
                        tuple(second, "logon", "failure"),
                        tuple(third, "group_member_added", "success"));
        assertThat(events(lines).get(1).id()).endsWith("events.json:" + second);
    }

    @Test
    void shouldReadAnArrayOfDocuments() throws Exception {
        Path file = write(dir, "array.json", "[\n" + SYSMON_1.strip() + ",\n" + SECURITY_4625.strip() + "\n]\n");

        List<Line> lines = readAll(Readers.detect(file, Readers.Options.defaults()), file);

        assertThat(failures(lines)).isEmpty();
        assertThat(events(lines)).extracting(SecurityEvent::action).containsExactly("process_created", "logon");
    }

    @Test
    void shouldSendEachMalformedDocumentToTheBadRecordPathAndReadOn() throws Exception {
        String broken = """
                {
                  "Event": {
                    "System": {"EventID": 4625 "Channel": "Security"}
                  }
                }
                """;
        String unclosed = """
                {
                  "Event": {
                    "System": {"EventID": 4624,
                """;
        String noSystem = """
                {"Event": {"EventData": {"Image": "x"}}}
                """;
        String noTime = """
                {"Event": {"System": {"EventID": 4624, "Channel": "Security"}}}
                """;
        String junk = "not json at all\n";
        Path file = write(dir, "mixed.json", SYSMON_1 + broken + unclosed + noSystem + noTime + junk + SECURITY_4728);
        long brokenAt = SYSMON_1.lines().count() + 1;
        long unclosedAt = brokenAt + broken.lines().count();
        long noSystemAt = unclosedAt + unclosed.lines().count();

        List<Line> lines = readAll(reader, file);

        assertThat(events(lines)).extracting(SecurityEvent::action)
                .containsExactly("process_created", "group_member_added");
        List<Line> failed = failures(lines);
        assertThat(failed).extracting(Line::number)
                .containsExactly(brokenAt, unclosedAt, noSystemAt, noSystemAt + 1, noSystemAt + 2);
        assertThat(failed.get(0).error()).startsWith("not valid JSON");
        assertThat(failed.get(1).error()).startsWith("not valid JSON");
        assertThat(failed.get(2).error()).isEqualTo("an EVTX Event without a System object");
        assertThat(failed.get(3).error()).isEqualTo("no time (@timestamp, TimeCreated or EventTime)");
        assertThat(failed.get(4).error()).startsWith("not valid JSON");
        assertThat(new String(failed.get(4).raw(), StandardCharsets.UTF_8))
                .isEqualTo("not json at all");
        assertThat(new String(failed.get(0).raw(), StandardCharsets.UTF_8))
                .isEqualTo(broken.strip());
    }

    @Test
    void shouldSendAMalformedEvtxLineToTheBadRecordPathAndReadTheNextLine() throws Exception {
        Path file = write(dir, "evtx.jsonl", "{\"Event\": {\"System\": {\"EventID\": 4625, \"Channel\": \n"
                + "{\"Event\": {\"System\": []}}\n" + oneLine(SECURITY_4728) + "\n");

        List<Line> lines = readAll(reader, file);

        assertThat(events(lines)).extracting(SecurityEvent::action).containsExactly("group_member_added");
        assertThat(failures(lines)).extracting(Line::number).containsExactly(1L, 2L);
        assertThat(failures(lines).get(0).error()).startsWith("not valid JSON");
        assertThat(failures(lines).get(1).error()).isEqualTo("an EVTX Event without a System object");
    }

    @Test
    void shouldGiveEachOfSeveralDocumentsOnOneLineItsOwnId() throws Exception {
        Path file = write(dir, "run.json", "{\n" + oneLine(SECURITY_4728).substring(1) + oneLine(SECURITY_4728)
                + oneLine(SECURITY_4728) + "\n");

        List<SecurityEvent> events = events(readAll(reader, file));

        assertThat(events).extracting(SecurityEvent::id).map(id -> id.substring(id.indexOf("run.json")))
                .containsExactly("run.json:1", "run.json:2", "run.json:2:2");
    }

    @Test
    void shouldReadUserDataAndUnnamedData() throws Exception {
        Path file = write(dir, "cleared.json", """
                {"Event": {"System": {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Eventlog"}},
                  "EventID": 1102, "Keywords": "0x4020000000000000",
                  "TimeCreated": {"#attributes": {"SystemTime": "2021-01-01T00:00:00Z"}},
                  "Channel": "Security", "Computer": "dc01"},
                  "UserData": {"LogFileCleared": {"#attributes": {"xmlns": "http://manifests.microsoft.com/win/2004/08/windows/eventlog"},
                    "SubjectUserName": "mallory", "SubjectDomainName": "CORP"}}}}
                {"Event": {"System": {"EventID": 7036, "Channel": "System", "Computer": "dc01",
                  "TimeCreated": {"#attributes": {"SystemTime": "2021-01-01T00:00:01Z"}}},
                  "EventData": {"Data": [{"#text": "Windows Update"}, "running"], "Binary": "7700"}}}
                """);

        List<SecurityEvent> events = events(readAll(reader, file));

        SecurityEvent cleared = events.get(0);
        assertThat(cleared).extracting(SecurityEvent::action, SecurityEvent::outcome, SecurityEvent::userName)
                .containsExactly("windows_event_1102", "success", "mallory");
        assertThat(originals(cleared)).containsEntry("SubjectUserName", "mallory")
                .containsEntry("Provider_Name", "Microsoft-Windows-Eventlog")
                .doesNotContainKey("xmlns");
        assertThat(originals(events.get(1))).containsEntry("Data", "[\"Windows Update\",\"running\"]")
                .containsEntry("Binary", "7700")
                .containsEntry("EventID", "7036");
        assertThat(events.get(1).outcome()).isEqualTo("unknown");
    }

    @Test
    void shouldKeepAtMostTwoHundredOriginalFieldsWithTheSystemFieldsFirst() throws Exception {
        StringBuilder data = new StringBuilder("\"CommandLine\": \"" + "c".repeat(10_000) + "\"");
        for (int i = 1; i <= 201; i++) {
            data.append(", \"D").append(i).append("\": \"v").append(i).append('"');
        }
        Path file = write(dir, "big.json", """
                {"Event": {"System": {"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational",
                  "Computer": "ws1", "TimeCreated": {"#attributes": {"SystemTime": "2021-01-01T00:00:00Z"}}},
                  "EventData": {%s}}}
                """.formatted(data));

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).hasSize(200)
                .containsEntry("EventID", "1")
                .containsEntry("TimeCreated_SystemTime", "2021-01-01T00:00:00Z")
                .containsEntry("D195", "v195")
                .doesNotContainKey("D196");
        assertThat(e.attribute("orig.CommandLine")).isEqualTo("c".repeat(4096));
        // The mapped attribute is as it always was: the whole command line.
        assertThat(e.attribute(Attributes.PROCESS_COMMAND_LINE)).hasSize(10_000);
    }

    @Test
    void shouldRefuseADocumentLongerThanTheLimitAndReadTheNextOne() throws Exception {
        String huge = "{\n  \"Event\": {\"EventData\": {\"Blob\": \"" + "b".repeat(TextLines.MAX_LINE_BYTES) + "\"}}\n}\n";
        Path file = write(dir, "huge.json", huge + SECURITY_4728 + "\n");

        List<Line> lines = readAll(reader, file);

        assertThat(events(lines)).extracting(SecurityEvent::action).containsExactly("group_member_added");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(1L);
            assertThat(line.error()).isEqualTo("JSON document longer than 1048576 characters");
            assertThat(line.raw()).hasSize(TextLines.MAX_LINE_BYTES);
        });
    }

    @Test
    void shouldReadAGzippedPrettyPrintedFileWithAByteOrderMarkAndWindowsLineEnds() throws Exception {
        Path plain = write(dir, "export.txt", "\uFEFF" + (SYSMON_1 + SECURITY_4625).replace("\n", "\r\n"));
        Path file = Fixtures.gzip(plain, dir.resolve("export.json.gz"));

        List<Line> lines = readAll(Readers.detect(file, Readers.Options.defaults()), file);

        assertThat(failures(lines)).isEmpty();
        assertThat(events(lines)).extracting(e -> e.origin().line(), SecurityEvent::action).containsExactly(
                tuple(1L, "process_created"), tuple(SYSMON_1.lines().count() + 1, "logon"));
        assertThat(originals(events(lines).get(1))).containsEntry("TargetUserName", "lrodriguez");
    }

    @Test
    void shouldDetectTheEvtxLayoutFromTheFirstLinesOfAFile() {
        assertThat(FormatDetector.detect(List.of("{", "  \"Event\": {", "    \"#attributes\": {"))).isEqualTo("windows");
        assertThat(FormatDetector.detect(List.of("[", "{", "\"Event\": {"))).isEqualTo("windows");
        assertThat(FormatDetector.detect(List.of("{\"Event\": {\"System\": {\"EventID\": 1}}}"))).isEqualTo("windows");
        assertThat(FormatDetector.detect(List.of("{\"event\": {\"kind\": \"x\"}}"))).isNull();
    }
}
