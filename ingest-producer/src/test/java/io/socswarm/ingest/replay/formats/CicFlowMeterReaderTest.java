package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static io.socswarm.ingest.replay.formats.Fixtures.originals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CicFlowMeterReaderTest {

    @Test
    void shouldMapRowsWithSpacedColumnNamesToFlowsWithADerivedState() throws Exception {
        List<Line> lines = readAll(new CicFlowMeterReader(), fixture("cic-flows.csv"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(e -> e.network().state(), SecurityEvent::outcome, e -> e.labels().get("label"))
                .containsExactly(
                        tuple("REJ", "failure", "PortScan"),
                        tuple("SF", "success", "BENIGN"),
                        tuple("SF", "success", "SSH-Patator"),
                        tuple("S0", "failure", "PortScan"));
        SecurityEvent scan = events.get(0);
        assertThat(scan.id()).endsWith("cic-flows.csv:2");
        assertThat(scan.category()).isEqualTo("network");
        assertThat(scan.action()).isEqualTo("connection");
        assertThat(scan.timestamp()).isEqualTo(Instant.parse("2017-07-07T01:51:00Z"));
        assertThat(scan.source()).isEqualTo(SecurityEvent.Endpoint.of("172.16.0.1", 55191));
        assertThat(scan.destination()).isEqualTo(SecurityEvent.Endpoint.of("192.168.10.50", 4005));
        assertThat(scan.labels()).isEqualTo(Map.of("label", "PortScan"));
        SecurityEvent dns = events.get(1);
        assertThat(dns.network()).isEqualTo(new SecurityEvent.Network("udp", 120L, 40L, 2L, "SF"));
        assertThat(dns.timestamp()).isEqualTo(Instant.parse("2017-07-07T09:00:01Z"));
        assertThat(dns.attribute(Attributes.FLOW_DURATION)).isEqualTo("0.02");
        SecurityEvent ssh = events.get(2);
        assertThat(ssh.timestamp()).isEqualTo(Instant.parse("2017-07-04T18:07:01.839467Z"));
        assertThat(ssh.network().bytesOut()).isEqualTo(1304L);
        assertThat(ssh.network().bytesIn()).isEqualTo(2153L);
        assertThat(ssh.attribute(Attributes.FLOW_DURATION)).isEqualTo("4.755497");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(5);
            assertThat(line.error()).contains("source IP").contains("999.1.1.1");
        });
    }

    @Test
    void shouldDeriveZeekLikeStatesFromFlagsAndDirections() {
        assertThat(CicFlowMeterReader.state("tcp", 0L, 0L, 1L, 1, 0, 1, 0L, 1L)).isEqualTo("REJ");
        assertThat(CicFlowMeterReader.state("tcp", 0L, 0L, 0L, 1, 0, 0, 0L, 0L)).isEqualTo("S0");
        assertThat(CicFlowMeterReader.state("tcp", 0L, 0L, 0L, 1, 0, 1, 1L, 0L)).isEqualTo("RSTOS0");
        assertThat(CicFlowMeterReader.state("tcp", 0L, 0L, 1L, 2, 0, 1, 1L, 0L)).isEqualTo("RSTO");
        assertThat(CicFlowMeterReader.state("tcp", 10L, 20L, 3L, 2, 0, 1, 0L, 1L)).isEqualTo("RSTR");
        assertThat(CicFlowMeterReader.state("tcp", 10L, 20L, 3L, 2, 2, 0, 0L, 0L)).isEqualTo("SF");
        assertThat(CicFlowMeterReader.state("tcp", 10L, 20L, 3L, 2, 0, 0, 0L, 0L)).isEqualTo("S1");
        assertThat(CicFlowMeterReader.state("tcp", 10L, 20L, 3L, 0, 1, 0, 0L, 0L)).isEqualTo("OTH");
        assertThat(CicFlowMeterReader.state("udp", 10L, 0L, 0L, 0, 0, 0, null, null)).isEqualTo("S0");
    }

    @Test
    void shouldReadEveryKnownTimestampShapeAsUtc() {
        assertThat(CicFlowMeterReader.timestamp("2017-07-07 11:59:50.315195"))
                .isEqualTo(Instant.parse("2017-07-07T11:59:50.315195Z"));
        assertThat(CicFlowMeterReader.timestamp("3/7/2017 8:55")).isEqualTo(Instant.parse("2017-07-03T08:55:00Z"));
        assertThat(CicFlowMeterReader.timestamp("14/02/2018 08:31:01")).isEqualTo(Instant.parse("2018-02-14T08:31:01Z"));
        assertThat(CicFlowMeterReader.timestamp("7/14/2017 1:05:02 PM")).isEqualTo(Instant.parse("2017-07-14T13:05:02Z"));
        assertThat(CicFlowMeterReader.timestamp("yesterday")).isNull();
    }

    @Test
    void shouldKeepNoOriginalColumnsSinceNoSigmaRuleReadsFlowStatistics() throws Exception {
        SecurityEvent e = events(readAll(new CicFlowMeterReader(), fixture("cic-flows.csv"))).get(0);

        assertThat(originals(e)).isEmpty();
        assertThat(e.attributes().keySet()).containsExactly(Attributes.FLOW_DURATION);
    }
}
