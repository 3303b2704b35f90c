package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InstantsTest {
    private static final JsonSerde<Vote> VOTES = new JsonSerde<>(Vote.class);

    private static Vote votedAt(Instant at) {
        return new Vote("e1", "network", Verdict.SAFE, 0.5, List.of("fine"), Map.of(), at);
    }

    @Test
    void shouldWriteExactlyWhatInstantToStringWrites() {
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("2026-03-02T08:00:00Z"),
                Instant.parse("2026-03-02T08:14:48.500Z"), Instant.parse("2026-03-02T08:14:48.500133Z"),
                Instant.parse("2026-03-02T08:14:48.500133001Z"), Instant.parse("2026-03-02T08:14:48.000000001Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("-0001-06-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.9Z"));
        for (Instant i : edges) {
            assertThat(Instants.format(i)).as("%s", i).isEqualTo(i.toString());
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 20_000; k++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
            int nanos = switch (k % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant i = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Instants.format(i)).isEqualTo(i.toString());
            assertThat(Instants.parseRfc3339(i.toString())).isEqualTo(i);
        }
    }

    @Test
    void shouldReadOffsetsAndEpochNumbersAsBeforeAndRefuseWhatWasRefused() {
        String offset = "{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5,"
                + "\"reasons\":[\"fine\"],\"votedAt\":\"2026-03-02T10:00:00.25+02:00\"}";
        String epoch = "{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5,"
                + "\"reasons\":[\"fine\"],\"votedAt\":1772438400.5}";
        String garbage = "{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"SAFE\",\"confidence\":0.5,"
                + "\"reasons\":[\"fine\"],\"votedAt\":\"yesterday at noon\"}";

        assertThat(VOTES.parse(offset).votedAt()).isEqualTo(Instant.parse("2026-03-02T08:00:00.25Z"));
        assertThat(VOTES.parse(epoch).votedAt()).isEqualTo(Instant.parse("2026-03-02T08:00:00.5Z"));
        assertThatThrownBy(() -> VOTES.parse(garbage)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("yesterday at noon");
    }

    @Test
    void shouldRoundTripThroughJsonAndSmileAndReadStateWrittenWithEpochDecimals() throws Exception {
        Instant at = Instant.parse("2026-03-02T08:14:48.500133Z");
        byte[] json = VOTES.serialize("votes", votedAt(at));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"votedAt\":\"2026-03-02T08:14:48.500133Z\"");
        assertThat(VOTES.deserialize("votes", json).votedAt()).isEqualTo(at);

        JsonSerde<Vote> compact = JsonSerde.compact(Vote.class);
        assertThat(compact.deserialize("state", compact.serialize("state", votedAt(at))).votedAt()).isEqualTo(at);

        // What the compact serde wrote before instants went through ITU: Smile with epoch decimals.
        ObjectMapper before = new ObjectMapper(new SmileFactory()).registerModule(new JavaTimeModule())
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS);
        assertThat(compact.deserialize("state", before.writeValueAsBytes(votedAt(at))).votedAt()).isEqualTo(at);
    }
}
