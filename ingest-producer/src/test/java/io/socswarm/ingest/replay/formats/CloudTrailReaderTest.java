package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudTrailReaderTest {
    private final CloudTrailReader reader = new CloudTrailReader();

    @Test
    void shouldStreamTheRecordsOfAPrettyPrintedDocument() throws Exception {
        List<Line> lines = readAll(reader, fixture("cloudtrail-records.json"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).hasSize(2);
        SecurityEvent stolen = events.get(0);
        assertThat(stolen.id()).endsWith("cloudtrail-records.json:3:1");
        assertThat(stolen.origin().line()).isEqualTo(3L);
        assertThat(stolen.timestamp()).isEqualTo(Instant.parse("2020-09-14T01:00:33Z"));
        assertThat(stolen.category()).isEqualTo("cloud");
        assertThat(stolen.action()).isEqualTo("ListObjects");
        assertThat(stolen.outcome()).isEqualTo("success");
        assertThat(stolen.sourceIp()).isEqualTo("1.2.3.4");
        assertThat(stolen.userName()).isEqualTo("BankingWAFRole/i-0317f6c6b66ae9c40");
        assertThat(stolen.attributes())
                .containsEntry(Attributes.CLOUD_PROVIDER, "aws")
                .containsEntry(Attributes.CLOUD_IDENTITY_TYPE, "AssumedRole")
                .containsEntry(Attributes.CLOUD_ACCESS_KEY, "ASIA5FLZVX4OPVKKVBMX")
                .containsEntry(Attributes.CLOUD_REGION, "us-east-1")
                .containsEntry(Attributes.CLOUD_EVENT_SOURCE, "s3.amazonaws.com")
                .containsEntry(Attributes.EVENT_CODE, "ListObjects")
                .containsEntry(Attributes.USER_AGENT,
                        "[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59]");
        assertThat(stolen.message()).startsWith("{\"eventVersion\":\"1.08\"");
        SecurityEvent service = events.get(1);
        assertThat(service.id()).endsWith("cloudtrail-records.json:18:2");
        assertThat(service.source()).isEqualTo(new SecurityEvent.Endpoint(null, null, "ec2.amazonaws.com", null));
        assertThat(service.userName()).isEqualTo("ec2.amazonaws.com");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(26);
            assertThat(line.error()).isEqualTo("no eventTime");
        });
    }

    @Test
    void shouldReadJsonLinesWithErrorCodesAsFailures() throws Exception {
        List<Line> lines = readAll(reader, fixture("cloudtrail.jsonl"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).extracting(SecurityEvent::action).containsExactly("DescribeInstances", "CreateUser");
        assertThat(events.get(0).userName()).isEqualTo("pedro");
        assertThat(events.get(0).id()).endsWith("cloudtrail.jsonl:1");
        SecurityEvent denied = events.get(1);
        assertThat(denied.outcome()).isEqualTo("failure");
        assertThat(denied.attribute(Attributes.CLOUD_ERROR_CODE)).isEqualTo("AccessDenied");
        assertThat(denied.timestamp()).isEqualTo(Instant.parse("2020-09-14T00:45:00Z"));
        assertThat(failures(lines)).extracting(Line::number).containsExactly(3L);
    }
}
