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

class EcsReaderTest {

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
}
