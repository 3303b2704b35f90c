package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static io.socswarm.ingest.replay.formats.Fixtures.originals;
import static io.socswarm.ingest.replay.formats.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyslogReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldMapSshdLoginLinesAndMoveToTheNextYearAfterDecember() throws Exception {
        List<Line> lines = readAll(new SyslogReader(2016, clockAt("2031-06-15T12:00:00Z")), fixture("auth.log"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome,
                SecurityEvent::userName, SecurityEvent::sourceIp).containsExactly(
                tuple("authentication", "ssh_invalid_user", "failure", "webmaster", "173.234.31.186"),
                tuple("authentication", "ssh_login", "failure", "webmaster", "173.234.31.186"),
                tuple("authentication", "pam_auth_failure", "failure", "root", "183.62.140.253"),
                tuple("authentication", "ssh_login", "failure", "root", "183.62.140.253"),
                tuple("authentication", "ssh_login", "failure", "root", "183.62.140.253"),
                tuple("authentication", "ssh_login", "success", "fztu", "119.137.62.142"),
                tuple("host", "syslog", "unknown", null, "103.99.0.122"),
                tuple("host", "syslog", "unknown", null, null),
                tuple("authentication", "pam_auth_failure", "failure", "root", null));
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2016-12-31T23:59:58Z"));
        assertThat(events.get(2).timestamp()).isEqualTo(Instant.parse("2017-01-01T00:00:01Z"));
        assertThat(events.get(1).source()).isEqualTo(SecurityEvent.Endpoint.of("173.234.31.186", 38926));
        assertThat(events.get(0).host()).isEqualTo(new SecurityEvent.Host("bastion"));
        assertThat(events.get(3).id()).endsWith("auth.log:4:1");
        assertThat(events.get(4).id()).endsWith("auth.log:4:2");
        assertThat(events.get(5).id()).endsWith("auth.log:5");
        assertThat(events.get(8).source().domain()).isEqualTo("220-135-151-1.hinet-ip.hinet.net");
        assertThat(events.get(5).message())
                .isEqualTo("Jan  1 00:00:05 bastion sshd[24300]: Accepted publickey for fztu from 119.137.62.142 port 49116 ssh2");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(6);
            assertThat(line.error()).contains("not a syslog line");
        });
    }

    private static Clock clockAt(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** The times of a file of these lines, read on {@code now} with no year given. */
    private List<Instant> timesReadOn(String now, String... lines) throws Exception {
        Path file = Files.writeString(dir.resolve("auth-" + counter++ + ".log"), String.join("\n", lines) + "\n");
        List<Line> read = readAll(new SyslogReader(null, clockAt(now)), file);
        assertThat(failures(read)).isEmpty();
        return events(read).stream().map(SecurityEvent::timestamp).toList();
    }

    private int counter;

    private static String line(LocalDateTime t) {
        return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d bastion sshd[1]: Connection closed by 203.0.113.9",
                t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond());
    }

    @ParameterizedTest(name = "read on {0}-01")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void shouldDateLinesWithoutAYearInTheLatestYearThatIsNotInTheFuture(int month) throws Exception {
        LocalDateTime now = LocalDateTime.of(2027, month, 1, 0, 0, 30);
        String at = now.toInstant(ZoneOffset.UTC).toString();
        LocalDateTime lastOfPreviousMonth = now.minusSeconds(31);
        LocalDateTime firstOfMonth = now.minusSeconds(20);
        LocalDateTime laterToday = now.plusHours(20);
        LocalDateTime twoDaysAhead = now.plusDays(2);

        // The month just ended: this year, or last year when the clock is on January 1st.
        assertThat(timesReadOn(at, line(lastOfPreviousMonth)))
                .containsExactly(lastOfPreviousMonth.toInstant(ZoneOffset.UTC));
        assertThat(timesReadOn(at, line(firstOfMonth))).containsExactly(firstOfMonth.toInstant(ZoneOffset.UTC));
        // Within a day ahead is a host a zone ahead, or a fast clock: still this year.
        assertThat(timesReadOn(at, line(laterToday))).containsExactly(laterToday.toInstant(ZoneOffset.UTC));
        // Further ahead cannot have been written yet: it was written a year ago.
        assertThat(timesReadOn(at, line(twoDaysAhead)))
                .containsExactly(twoDaysAhead.minusYears(1).toInstant(ZoneOffset.UTC));
    }

    @Test
    void shouldStepIntoTheNewYearWhenAFileGoesFromDecemberToJanuary() throws Exception {
        assertThat(timesReadOn("2027-01-01T00:05:00Z", "Dec 31 23:59:58 bastion sshd[1]: x",
                "Jan  1 00:00:01 bastion sshd[1]: x")).containsExactly(
                Instant.parse("2026-12-31T23:59:58Z"), Instant.parse("2027-01-01T00:00:01Z"));
        assertThat(timesReadOn("2027-01-05T09:00:00Z", "Dec 30 10:00:00 bastion sshd[1]: x",
                "Jan  2 11:00:00 bastion sshd[1]: x")).containsExactly(
                Instant.parse("2026-12-30T10:00:00Z"), Instant.parse("2027-01-02T11:00:00Z"));
        // Read years later, the sequence still decides: the year turns where the months step back.
        assertThat(timesReadOn("2031-06-15T12:00:00Z", "Dec 30 10:00:00 bastion sshd[1]: x",
                "Jan  2 11:00:00 bastion sshd[1]: x", "Feb  3 12:00:00 bastion sshd[1]: x")).containsExactly(
                Instant.parse("2030-12-30T10:00:00Z"), Instant.parse("2031-01-02T11:00:00Z"),
                Instant.parse("2031-02-03T12:00:00Z"));
    }

    @Test
    void shouldKeepALateDecemberLineAfterJanuaryInTheYearBefore() throws Exception {
        assertThat(timesReadOn("2030-06-01T00:00:00Z", "Jan  1 00:00:01 bastion sshd[1]: x",
                "Dec 31 23:59:59 bastion sshd[1]: x", "Jan  1 00:00:03 bastion sshd[1]: x")).containsExactly(
                Instant.parse("2030-01-01T00:00:01Z"), Instant.parse("2029-12-31T23:59:59Z"),
                Instant.parse("2030-01-01T00:00:03Z"));
    }

    @Test
    void shouldNotDateTheOpenSshSampleIntoTheFutureOnTheDayItBrokeTheReplay() throws Exception {
        // loghub's OpenSSH_2k.log starts on Dec 10; read on 2026-12-02 it was dated eight days ahead.
        assertThat(timesReadOn("2026-12-02T10:00:00Z",
                "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com "
                        + "[173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
                "Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 "
                        + "port 38926 ssh2"))
                .containsExactly(Instant.parse("2025-12-10T06:55:46Z"), Instant.parse("2025-12-10T06:55:48Z"));
    }

    @Test
    void shouldTakeAGivenYearAsTheFirstLinesWhateverTheClockSays() throws Exception {
        Path file = Files.writeString(dir.resolve("given.log"),
                "Dec 10 06:55:46 LabSZ sshd[1]: x\nJan  3 00:00:00 LabSZ sshd[1]: x\n");

        List<SecurityEvent> events = events(readAll(new SyslogReader(2026, clockAt("2026-12-02T10:00:00Z")), file));

        assertThat(events).extracting(SecurityEvent::timestamp).containsExactly(
                Instant.parse("2026-12-10T06:55:46Z"), Instant.parse("2027-01-03T00:00:00Z"));
    }

    @Test
    void shouldKeepHostProgramPidAndMessageAsOriginalFields() throws Exception {
        Path file = write(dir, "auth.log", """
                Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2
                Dec 10 06:55:47 LabSZ CRON: pam_unix(cron:session): session opened for user root
                Dec 10 06:55:48 LabSZ sshd[24201]: message repeated 2 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]
                Dec 10 06:55:49 LabSZ kernel
                """);

        List<SecurityEvent> events = events(readAll(new SyslogReader(2016, clockAt("2031-06-15T12:00:00Z")), file));

        assertThat(events).hasSize(5);
        assertThat(originals(events.get(0))).isEqualTo(new TreeMap<>(Map.of("host", "LabSZ", "program", "sshd",
                "pid", "24200", "message", "Failed password for root from 1.2.3.4 port 22 ssh2")));
        assertThat(events.get(0).attributes()).hasSize(4);
        assertThat(events.get(0)).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome,
                SecurityEvent::userName, SecurityEvent::sourceIp)
                .containsExactly("authentication", "ssh_login", "failure", "root", "1.2.3.4");
        assertThat(originals(events.get(1))).isEqualTo(new TreeMap<>(Map.of("host", "LabSZ", "program", "CRON",
                "message", "pam_unix(cron:session): session opened for user root")));
        assertThat(originals(events.get(2))).isEqualTo(originals(events.get(3)))
                .containsEntry("message", "Failed password for root from 1.2.3.4 port 22 ssh2")
                .containsEntry("pid", "24201");
        assertThat(originals(events.get(4))).isEqualTo(new TreeMap<>(Map.of("host", "LabSZ", "message", "kernel")));
    }

    @Test
    void shouldCutAnOriginalMessageToFourThousandNinetySixCharacters() throws Exception {
        Path file = write(dir, "messages", "Dec 10 06:55:46 LabSZ app[1]: " + "z".repeat(10_000) + "\n");

        SecurityEvent e = events(readAll(new SyslogReader(2016, clockAt("2031-06-15T12:00:00Z")), file)).get(0);

        assertThat(e.attribute("orig.message")).isEqualTo("z".repeat(4096));
        assertThat(e.action()).isEqualTo("syslog");
    }
}
