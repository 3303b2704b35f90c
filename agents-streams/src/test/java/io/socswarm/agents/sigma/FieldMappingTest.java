package io.socswarm.agents.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.SigmaParser;
import io.socswarm.sigma.correlation.Observation;
import io.socswarm.sigma.correlation.WindowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldMappingTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final FieldMapping BUNDLED = FieldMapping.load(null);

    @TempDir
    Path dir;

    private static SecurityEvent event(String format, String category, String action, Map<String, String> attributes) {
        return new SecurityEvent(SigmaEvents.id(), T0, category, action, null, null, null, null, null, null, null,
                format == null ? null : new Origin(format, "f", 1L), Map.of(), attributes);
    }

    private static SecurityEvent windows(String channel, String eventId) {
        return event("windows", "host", "x", Map.of("orig.Channel", channel, "orig.EventID", eventId));
    }

    @Test
    void shouldDeriveWindowsLogSourcesFromChannelAndSysmonEventId() {
        assertThat(BUNDLED.logSources(windows(SigmaEvents.SYSMON, "1")))
                .containsExactly(LogSource.of("windows", "process_creation", "sysmon"));
        assertThat(BUNDLED.logSources(windows(SigmaEvents.SYSMON, "22")))
                .containsExactly(LogSource.of("windows", "dns_query", "sysmon"));
        // A registry event is both its specific category and the general one.
        assertThat(BUNDLED.logSources(windows(SigmaEvents.SYSMON, "13"))).containsExactly(
                LogSource.of("windows", "registry_set", "sysmon"), LogSource.of("windows", "registry_event", "sysmon"));
        assertThat(BUNDLED.logSources(windows("Security", "4688")))
                .containsExactly(LogSource.of("windows", "process_creation", "security"));
        assertThat(BUNDLED.logSources(windows("Security", "4625")))
                .containsExactly(LogSource.of("windows", null, "security"));
        assertThat(BUNDLED.logSources(windows("System", "7045"))).containsExactly(LogSource.of("windows", null, "system"));
        assertThat(BUNDLED.logSources(windows("Microsoft-Windows-PowerShell/Operational", "4104")))
                .containsExactly(LogSource.of("windows", "ps_script", "powershell"));
        // Events without orig.* keys (JSON lines) are placed by our own attributes.
        assertThat(BUNDLED.logSources(event("ecs", "process", "process_created",
                Map.of("event.provider", SigmaEvents.SYSMON, "event.code", "1"))))
                .containsExactly(LogSource.of("windows", "process_creation", "sysmon"));
    }

    @Test
    void shouldDeriveZeekCloudTrailAndSyslogLogSources() {
        assertThat(BUNDLED.logSources(SigmaEvents.zeekConn(T0, "10.0.0.1", "10.0.0.2", 80, Map.of())))
                .containsExactly(LogSource.of("zeek", null, "conn"));
        assertThat(BUNDLED.logSources(event("zeek", "dns", "dns_query", Map.of())))
                .containsExactly(LogSource.of("zeek", null, "dns"));
        assertThat(BUNDLED.logSources(event("zeek", "network", "x509", Map.of("orig._path", "X509"))))
                .containsExactly(LogSource.of("zeek", null, "x509"));
        assertThat(BUNDLED.logSources(event("zeek", "network", "rdp", Map.of())))
                .containsExactly(LogSource.of("zeek", null, "rdp"));
        assertThat(BUNDLED.logSources(event("cloudtrail", "cloud", "ConsoleLogin", Map.of())))
                .containsExactly(LogSource.of("aws", null, "cloudtrail"));
        assertThat(BUNDLED.logSources(event("syslog", "authentication", "ssh_login", Map.of())))
                .containsExactly(LogSource.of("linux", null, "sshd"));
        assertThat(BUNDLED.logSources(event("syslog", "authentication", "pam_auth_failure", Map.of())))
                .containsExactly(LogSource.of("linux", null, "auth"));
        assertThat(BUNDLED.logSources(event(null, "network", "connection", Map.of()))).containsExactly(LogSource.ANY);
    }

    @Test
    void shouldReadSigmaFieldsFromOriginalsThenFromOurNormalisedFields() {
        SecurityEvent withOriginals = SigmaEvents.sysmonProcess(T0, "WS-1", "CORP\\bob", "C:\\a.exe", "a.exe -x");
        SecurityEvent normalisedOnly = new SecurityEvent(SigmaEvents.id(), T0, "process", "process_created", null,
                SecurityEvent.Endpoint.ip("10.0.0.9"), SecurityEvent.Endpoint.of("10.0.0.10", 445),
                SecurityEvent.User.named("carol"), null, null, "a free text message", null, Map.of(),
                Map.of("process.command_line", "b.exe -y", "process.executable", "C:\\b.exe", "event.code", "1",
                        "event.provider", SigmaEvents.SYSMON));
        SecurityEvent security4688 = event("windows", "process", "process_created", Map.of("orig.Channel", "Security",
                "orig.EventID", "4688", "orig.NewProcessName", "C:\\c.exe", "orig.SubjectUserName", "dave"));

        MappedEvent a = mapped(withOriginals);
        MappedEvent b = mapped(normalisedOnly);
        MappedEvent c = mapped(security4688);

        assertThat(a.get("CommandLine")).isEqualTo("a.exe -x");
        assertThat(a.get("EventID")).isEqualTo("1");
        assertThat(a.get("User")).isEqualTo("CORP\\bob");
        assertThat(a.get("NoSuchField")).isNull();
        assertThat(a.has("ParentImage")).isTrue();
        assertThat(b.get("CommandLine")).isEqualTo("b.exe -y");
        assertThat(b.get("Image")).isEqualTo("C:\\b.exe");
        assertThat(b.get("EventID")).isEqualTo("1");
        assertThat(b.get("User")).isEqualTo("carol");
        assertThat(b.get("SourceIp")).isEqualTo("10.0.0.9");
        assertThat(b.get("DestinationPort")).isEqualTo("445");
        assertThat(b.values()).asList().contains("b.exe -y", "a free text message");
        assertThat(c.get("Image")).isEqualTo("C:\\c.exe");
        assertThat(c.get("User")).isEqualTo("dave");
        // The same names mean nothing on another source: Zeek's columns are read as they are.
        MappedEvent zeek = mapped(SigmaEvents.zeekConn(T0, "10.0.0.1", "10.0.0.2", 53, Map.of()));
        assertThat(zeek.get("id.resp_p")).isEqualTo("53");
        assertThat(zeek.get("DestinationPort")).isNull();
    }

    @Test
    void shouldMatchACompiledRuleThroughTheMapping() {
        var rule = io.socswarm.sigma.CompiledRule.compile(SigmaParser.parseRule(SigmaAgentTopologyTest.WHOAMI));
        SecurityEvent jsonLines = new SecurityEvent(SigmaEvents.id(), T0, "process", "process_created", null, null,
                null, null, null, null, null, null, Map.of(), Map.of("process.command_line", "whoami /priv",
                "process.executable", "C:\\Windows\\System32\\whoami.exe", "event.code", "1",
                "event.provider", SigmaEvents.SYSMON));

        assertThat(rule.matches(mapped(jsonLines))).isTrue();
    }

    @Test
    void shouldTryAUserFileBeforeTheBundledMapping() throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                logsources:
                  - when: {origin.format: ecs, category: process}
                    product: windows
                    category: process_creation
                fields:
                  - map:
                      CommandLine: [custom.cmd]
                suspect:
                  user: [custom.user]
                """);
        FieldMapping mine = FieldMapping.load(file);
        SecurityEvent e = event("ecs", "process", "started", Map.of("custom.cmd", "x.exe", "process.command_line", "y.exe",
                "custom.user", "erin"));

        List<LogSource> sources = mine.logSources(e);
        assertThat(sources).containsExactly(LogSource.of("windows", "process_creation", null));
        assertThat(new MappedEvent(e, sources, mine).get("CommandLine")).isEqualTo("x.exe");
        assertThat(mine.suspect().user()).containsExactly("custom.user");
        assertThat(mine.suspect().host()).isEqualTo(BUNDLED.suspect().host());
        // The bundled entries still apply after the user's.
        assertThat(mine.logSources(windows("Security", "4688")))
                .containsExactly(LogSource.of("windows", "process_creation", "security"));
    }

    @Test
    void shouldNameTheProblemOfAnInvalidMapping() {
        assertThatThrownBy(() -> FieldMapping.parse("logsources:\n  - product: windows\n", "m.yaml"))
                .hasMessage("The Sigma field mapping m.yaml is invalid: logsources[0] has no 'when'.");
        assertThatThrownBy(() -> FieldMapping.parse("logsources:\n  - when: {a: b}\n    category: {values: {}}\n", "m.yaml"))
                .hasMessage("The Sigma field mapping m.yaml is invalid: logsources[0].category is a table without 'by'"
                        + " (the event key whose value it looks up).");
        assertThatThrownBy(() -> FieldMapping.parse("fieldz: []\n", "m.yaml"))
                .hasMessage("The Sigma field mapping m.yaml is invalid: 'fieldz' is not a section (logsources, fields,"
                        + " suspect).");
        assertThatThrownBy(() -> FieldMapping.parse("fields: [{map: {A: [[x]]}}]\n", "m.yaml"))
                .hasMessage("The Sigma field mapping m.yaml is invalid: fields[0].map.A holds something other than text.");
        assertThatThrownBy(() -> FieldMapping.parse("logsources: [\n", "m.yaml"))
                .hasMessageStartingWith("The Sigma field mapping m.yaml is invalid: it is not YAML");
    }

    @Test
    void shouldKeepCorrelationWindowsThroughTheStoreSerde() {
        JsonSerde<WindowState> serde = JsonSerde.compact(WindowState.class);
        WindowState state = new WindowState(List.of(new Observation("r1", 1000L, "alice"), new Observation("r1", 2000L, null)),
                2000L);

        assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
        assertThat(SigmaVote.slug("attack.credential-access".substring(7))).isEqualTo("credential_access");
    }

    private static MappedEvent mapped(SecurityEvent e) {
        return new MappedEvent(e, BUNDLED.logSources(e), BUNDLED);
    }
}
