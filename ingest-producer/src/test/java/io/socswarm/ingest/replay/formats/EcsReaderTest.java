package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.fixture;
import static io.socswarm.ingest.replay.formats.Fixtures.mapped;
import static io.socswarm.ingest.replay.formats.Fixtures.originals;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static io.socswarm.ingest.replay.formats.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

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

class EcsReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldMapNestedAndDottedEcsDocuments() throws Exception {
        List<Line> lines = readAll(new EcsReader(), fixture("ecs.jsonl"));

        List<SecurityEvent> events = events(lines);
        assertThat(events).hasSize(2);
        SecurityEvent login = events.get(0);
        assertThat(login.timestamp()).isEqualTo(Instant.parse("2023-05-01T12:00:00.5Z"));
        assertThat(login.category()).isEqualTo("authentication");
        assertThat(login.action()).isEqualTo("ssh_login");
        assertThat(login.outcome()).isEqualTo("failure");
        assertThat(login.source()).isEqualTo(SecurityEvent.Endpoint.of("203.0.113.9", 40222));
        assertThat(login.destinationPort()).isEqualTo(22);
        assertThat(login.userName()).isEqualTo("root");
        assertThat(login.host().name()).isEqualTo("web01");
        assertThat(login.attributes()).containsEntry(Attributes.EVENT_CODE, "4625")
                .containsEntry(Attributes.FLOW_DURATION, "1.5");
        assertThat(login.labels()).isEmpty();
        SecurityEvent web = events.get(1);
        assertThat(web.category()).isEqualTo("http");
        assertThat(web.destination().domain()).isEqualTo("shop.example");
        assertThat(web.network()).isEqualTo(new SecurityEvent.Network("tcp", 2048L, 512L, null, null));
        assertThat(web.attributes()).containsEntry(Attributes.URL_FULL, "https://shop.example/cart")
                .containsEntry(Attributes.HTTP_STATUS, "200");
        assertThat(failures(lines)).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(3);
            assertThat(line.error()).isEqualTo("no @timestamp");
        });
    }

    @Test
    void shouldKeepEveryFieldUnderItsDottedNameBesideTheUnchangedMappedAttributes() throws Exception {
        List<SecurityEvent> events = events(readAll(new EcsReader(), fixture("ecs.jsonl")));

        SecurityEvent login = events.get(0);
        assertThat(originals(login)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("@timestamp", "2023-05-01T12:00:00.5Z"),
                Map.entry("ecs.version", "8.6.0"),
                Map.entry("event.category", "[\"authentication\"]"),
                Map.entry("event.action", "ssh_login"),
                Map.entry("event.outcome", "failure"),
                Map.entry("event.code", "4625"),
                Map.entry("event.duration", "1500000000"),
                Map.entry("source.ip", "203.0.113.9"),
                Map.entry("source.port", "40222"),
                Map.entry("destination.ip", "10.0.0.5"),
                Map.entry("destination.port", "22"),
                Map.entry("user.name", "root"),
                Map.entry("host.name", "web01"),
                Map.entry("labels.env", "prod"))));
        assertThat(mapped(login)).isEqualTo(new TreeMap<>(Map.of(
                Attributes.EVENT_CODE, "4625", Attributes.FLOW_DURATION, "1.5")));
        assertThat(login.labels()).isEmpty();
        assertThat(originals(events.get(1))).containsEntry("event.category", "web")
                .containsEntry("url.full", "https://shop.example/cart")
                .containsEntry("http.response.status_code", "200")
                .hasSize(10);
        assertThat(mapped(events.get(1))).isEqualTo(new TreeMap<>(Map.of(
                Attributes.URL_FULL, "https://shop.example/cart", Attributes.HTTP_STATUS, "200")));
    }

    @Test
    void shouldNotTakeAFieldNamedLikeThePrefixForAnAttribute() throws Exception {
        Path file = write(dir, "ecs.jsonl",
                "{\"@timestamp\":\"2023-05-01T12:00:00Z\",\"event\":{\"kind\":\"event\"},\"orig.\":\"x\"}\n");

        SecurityEvent e = events(readAll(new EcsReader(), file)).get(0);

        assertThat(mapped(e)).isEmpty();
        assertThat(originals(e)).isEqualTo(new TreeMap<>(Map.of(
                "@timestamp", "2023-05-01T12:00:00Z", "event.kind", "event", "orig.", "x")));
    }

    @Test
    void shouldKeepAtMostTwoHundredFieldsOfAtMostFourThousandNinetySixCharacters() throws Exception {
        StringBuilder doc = new StringBuilder("{\"@timestamp\":\"2023-05-01T12:00:00Z\",\"message\":\""
                + "m".repeat(10_000) + "\",\"labels\":{");
        for (int i = 1; i <= 201; i++) {
            doc.append(i == 1 ? "" : ",").append("\"l").append(i).append("\":\"v").append(i).append('"');
        }
        Path file = write(dir, "big.jsonl", doc.append("}}\n").toString());

        SecurityEvent e = events(readAll(new EcsReader(), file)).get(0);

        assertThat(originals(e)).hasSize(200).containsEntry("labels.l198", "v198").doesNotContainKey("labels.l199");
        assertThat(e.attribute("orig.message")).isEqualTo("m".repeat(4096));
    }
}
