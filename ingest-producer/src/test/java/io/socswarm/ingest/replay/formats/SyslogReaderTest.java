package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldMapSshdLoginLinesAndMoveToTheNextYearAfterDecember() throws Exception {
        List<Line> lines = readAll(new SyslogReader(2016), fixture("auth.log"));

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

    @Test
    void shouldTakeTheYearFromTheFileTimeWhenNoneIsGiven() throws Exception {
        Path file = dir.resolve("auth.log");
        Files.copy(fixture("auth.log"), file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-01-01T00:10:00Z")));

        List<SecurityEvent> events = events(readAll(new SyslogReader(null), file));

        // The file was last written in January and starts in December: it started the year before.
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2020-12-31T23:59:58Z"));
        assertThat(events.get(8).timestamp()).isEqualTo(Instant.parse("2021-01-01T00:00:08Z"));
    }
}
