package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdeTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

    private static SecurityEvent event(String category) {
        return new SecurityEvent("e-1", T, category, "connection", "success", SecurityEvent.Endpoint.ip("10.0.1.10"),
                null, null, null, null, null, null, Map.of());
    }

    @Test
    void shouldNameTheCategoryInOneHeaderAndWriteTheSameJsonAsTheEventSerde() {
        EventSerde serde = new EventSerde(Topics.EVENT_SERDE);
        RecordHeaders headers = new RecordHeaders();
        // A header left from an earlier write of the same headers is replaced, not added to.
        headers.add(EventSerde.CATEGORY_HEADER, "dns".getBytes(StandardCharsets.UTF_8));

        byte[] bytes = serde.serialize("raw-events", headers, event("network"));

        assertThat(headers.headers(EventSerde.CATEGORY_HEADER)).hasSize(1);
        assertThat(EventSerde.category(headers)).isEqualTo("network");
        assertThat(bytes).isEqualTo(Topics.EVENT_SERDE.serialize("raw-events", event("network")));
        assertThat(serde.deserialize("raw-events", headers, bytes)).isEqualTo(event("network"));
    }

    @Test
    void shouldWriteNoHeaderForAnEventWithoutCategory() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventSerde.CATEGORY_HEADER, "dns".getBytes(StandardCharsets.UTF_8));

        new EventSerde(Topics.EVENT_SERDE).serialize("raw-events", headers, event(null));

        assertThat(EventSerde.category(headers)).isNull();
        assertThat(EventSerde.category(null)).isNull();
    }
}
