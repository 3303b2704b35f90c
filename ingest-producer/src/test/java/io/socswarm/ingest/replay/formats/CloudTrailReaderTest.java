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

class CloudTrailReaderTest {
    private final CloudTrailReader reader = new CloudTrailReader();

    @TempDir
    Path dir;

    @Test
    void shouldReadAConsoleSignInAsALogonAndItsFailureWithoutAnErrorCode() throws Exception {
        Path file = write(dir, "signin.json", """
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"123456789012","userName":"alice"},\
                "eventTime":"2026-03-02T08:00:01Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",\
                "awsRegion":"us-east-1","sourceIPAddress":"45.1.2.3","errorMessage":"Failed authentication",\
                "responseElements":{"ConsoleLogin":"Failure"}}
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"123456789012","userName":"bob"},\
                "eventTime":"2026-03-02T08:00:05Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",\
                "awsRegion":"us-east-1","sourceIPAddress":"10.0.1.11","responseElements":{"ConsoleLogin":"Success"}}
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"carol"},"eventTime":"2026-03-02T08:00:09Z",\
                "eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.1.12"}
                """);

        List<SecurityEvent> events = events(readAll(reader, file));

        assertThat(events).extracting(SecurityEvent::category, SecurityEvent::action, SecurityEvent::outcome,
                SecurityEvent::userName, SecurityEvent::sourceIp).containsExactly(
                        tuple("authentication", "logon", "failure", "alice", "45.1.2.3"),
                        tuple("authentication", "logon", "success", "bob", "10.0.1.11"),
                        tuple("cloud", "GetObject", "success", "carol", "10.0.1.12"));
        assertThat(events.get(0).attributes()).containsEntry(Attributes.EVENT_CODE, "ConsoleLogin")
                .doesNotContainKey(Attributes.CLOUD_ERROR_CODE);
    }

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

    @Test
    void shouldKeepEveryFieldOfARecordUnderItsPathBesideTheUnchangedMappedAttributes() throws Exception {
        SecurityEvent e = events(readAll(reader, fixture("cloudtrail.jsonl"))).get(0);

        assertThat(originals(e)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("eventTime", "2020-09-14T00:44:23Z"),
                Map.entry("eventSource", "ec2.amazonaws.com"),
                Map.entry("eventName", "DescribeInstances"),
                Map.entry("awsRegion", "us-east-1"),
                Map.entry("sourceIPAddress", "1.2.3.4"),
                Map.entry("userAgent", "console.ec2.amazonaws.com"),
                Map.entry("userIdentity.type", "IAMUser"),
                Map.entry("userIdentity.userName", "pedro"),
                Map.entry("userIdentity.principalId", "AIDAICAK2CN5MGHIIDIHA"),
                Map.entry("userIdentity.arn", "arn:aws:iam::123456789123:user/pedro"),
                Map.entry("userIdentity.accessKeyId", "ASIA5FLZVX4OI4ZDQJOL"))));
        assertThat(mapped(e)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.EVENT_CODE, "DescribeInstances",
                Attributes.CLOUD_PROVIDER, "aws",
                Attributes.CLOUD_IDENTITY_TYPE, "IAMUser",
                Attributes.CLOUD_ACCESS_KEY, "ASIA5FLZVX4OI4ZDQJOL",
                Attributes.CLOUD_REGION, "us-east-1",
                Attributes.CLOUD_EVENT_SOURCE, "ec2.amazonaws.com",
                Attributes.USER_AGENT, "console.ec2.amazonaws.com")));
        assertThat(e.userName()).isEqualTo("pedro");
    }

    @Test
    void shouldFlattenNestedObjectsKeepArraysAsJsonAndLeaveOutNulls() throws Exception {
        Path file = write(dir, "trail.jsonl", """
                {"eventTime":"2021-01-01T00:00:00Z","eventName":"PutBucketPolicy","eventSource":"s3.amazonaws.com",\
                "userIdentity":{"arn":"arn:aws:sts::1:assumed-role/Admin/s","sessionContext":{"attributes":\
                {"mfaAuthenticated":"false"}}},"requestParameters":{"bucketName":"loot","policy":{"Statement":\
                [{"Effect":"Allow","Principal":"*"}]}},"resources":[{"ARN":"arn:aws:s3:::loot"}],\
                "errorMessage":null,"readOnly":false,"apiVersion":1.25}
                """);

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).containsEntry("requestParameters.bucketName", "loot")
                .containsEntry("requestParameters.policy.Statement", "[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]")
                .containsEntry("resources", "[{\"ARN\":\"arn:aws:s3:::loot\"}]")
                .containsEntry("userIdentity.sessionContext.attributes.mfaAuthenticated", "false")
                .containsEntry("readOnly", "false")
                .containsEntry("apiVersion", "1.25")
                .doesNotContainKey("errorMessage")
                .hasSize(10);
        assertThat(e.userName()).isEqualTo("Admin/s");
        assertThat(e.outcome()).isEqualTo("success");
    }

    @Test
    void shouldKeepTheFieldsOfEachRecordOfARecordsDocument() throws Exception {
        List<SecurityEvent> events = events(readAll(reader, fixture("cloudtrail-records.json")));

        assertThat(originals(events.get(0))).containsEntry("eventName", "ListObjects")
                .containsEntry("eventVersion", "1.08")
                .containsEntry("userIdentity.type", "AssumedRole");
        assertThat(originals(events.get(1))).containsEntry("sourceIPAddress", "ec2.amazonaws.com")
                .doesNotContainKey("Records");
    }

    @Test
    void shouldKeepAtMostTwoHundredFieldsOfAtMostFourThousandNinetySixCharacters() throws Exception {
        StringBuilder record = new StringBuilder("{\"eventTime\":\"2021-01-01T00:00:00Z\",\"eventName\":\"X\","
                + "\"long\":\"" + "x".repeat(10_000) + "\"");
        for (int i = 1; i <= 201; i++) {
            record.append(",\"f").append(i).append("\":").append(i);
        }
        Path file = write(dir, "big.jsonl", record.append("}\n").toString());

        SecurityEvent e = events(readAll(reader, file)).get(0);

        assertThat(originals(e)).hasSize(200).containsEntry("f197", "197").doesNotContainKey("f198");
        assertThat(e.attribute("orig.long")).hasSize(4096);
        assertThat(e.action()).isEqualTo("X");
        assertThat(mapped(e)).containsEntry(Attributes.EVENT_CODE, "X");
    }
}
