package io.socswarm.model.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every value serde of the topic registry against hostile bytes: it returns a value (which it can
 * write again) or throws {@link SerializationException} with a message, the one exception the
 * Streams deserialization handler turns into a dead letter. Nothing else escapes, nothing hangs.
 */
class SerdeProperties {
    private static final FuzzTally TALLY = new FuzzTally("serdes");

    /** Each topic's value serde, by the topic's default name. */
    enum Target {
        RAW_EVENTS(Topics.EVENT_SERDE),
        VOTES(Topics.BALLOT_SERDE),
        DECISIONS(Topics.defaults().decisions().valueSerde()),
        INTEL_INDICATORS(Topics.INDICATOR_SERDE),
        INCIDENTS(Topics.INCIDENT_SERDE),
        ACTIONS(Topics.ACTION_SERDE),
        FEEDBACK(Topics.FEEDBACK_SERDE),
        AUDIT(Topics.AUDIT_SERDE),
        AGENT_PRECISION(Topics.PRECISION_SERDE),
        INVESTIGATIONS(Topics.INVESTIGATION_SERDE),
        VOTE_JSON(Topics.VOTE_SERDE);

        final org.apache.kafka.common.serialization.Serde<?> serde;

        Target(org.apache.kafka.common.serialization.Serde<?> serde) {
            this.serde = serde;
        }
    }

    private static final List<String> SAMPLES = List.of(
            "{\"id\":\"e1\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"category\":\"network\",\"action\":\"connection\","
                    + "\"outcome\":\"success\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":1234},\"attributes\":{\"a\":\"b\"},"
                    + "\"labels\":{\"label\":\"x\"},\"network\":{\"bytes_in\":1,\"packets\":2}}",
            "{\"eventId\":\"e1\",\"agent\":\"network\",\"verdict\":\"MALICIOUS\",\"confidence\":0.9,\"reason\":\"r\","
                    + "\"timestamp\":\"2024-01-01T00:00:00Z\",\"votes\":[{\"agent\":\"a\",\"verdict\":\"BENIGN\"}]}",
            "{\"type\":\"ip\",\"value\":\"1.2.3.4\",\"feed\":\"f\",\"firstSeen\":\"2024-01-01T00:00:00Z\"}",
            "{\"id\":\"i1\",\"state\":\"OPEN\",\"severity\":\"HIGH\",\"entities\":[\"a\"],\"events\":[],\"created\":0}",
            "[1,2,3]", "\"text\"", "123", "null", "true", "{}");
    private static final List<String> TOKENS = List.of("\u0000", "\u001b[31m", "\u202e", "\u200b", "\ufeff", "\ud800",
            "1e999999999", "-9223372036854775809", "1" + "0".repeat(1200), "NaN", "\"", "\\", "\\u0000", "\\ud800",
            "{", "}", "[", "]", ":", ",", "null", "\"timestamp\":\"2024-13-45T99:99:99Z\"", "\"confidence\":1e400",
            "\"verdict\":\"NOPE\"", "\"id\":null", "\"id\":{}", "\"x\":" + "[".repeat(2000), "'", "/*", "#");

    @AfterContainer
    static void printSummary() {
        System.out.println(TALLY.summary());
    }

    @Property(tries = 5_000, seed = "20250611", shrinking = ShrinkingMode.BOUNDED)
    void everySerdeReadsOrRefusesCleanly(@ForAll Target target, @ForAll("hostile") byte[] value) {
        FuzzTally.Target tally = TALLY.target(target.name().toLowerCase().replace('_', '-'));
        tally.input();
        Deserializer<?> deserializer = target.serde.deserializer();
        Object read;
        try {
            read = deserializer.deserialize("topic", value);
        } catch (SerializationException e) {
            assertThat(e.getMessage()).as("a refusal says why").isNotBlank();
            tally.rejected(e.getMessage().replaceFirst("^Cannot read \\w+: ", ""));
            return;
        }
        assertThat(read).as("only null bytes read as null").isNotNull();
        tally.accepted(1);
        @SuppressWarnings("unchecked")
        org.apache.kafka.common.serialization.Serializer<Object> writer =
                (org.apache.kafka.common.serialization.Serializer<Object>) target.serde.serializer();
        assertThatCode(() -> writer.serialize("topic", read)).as("what was read can be written").doesNotThrowAnyException();
    }

    @Property(tries = 300, seed = "20250612", shrinking = ShrinkingMode.OFF)
    void oversizeValuesAreRefusedBeforeParsing(@ForAll("sizes") int size) {
        FuzzTally.Target tally = TALLY.target("raw-events (oversize)");
        tally.input();
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) '[');
        try {
            Topics.EVENT_SERDE.deserialize("raw-events", value);
        } catch (SerializationException e) {
            tally.rejected(e.getMessage().replaceAll("\\d+", "N"));
            return;
        }
        throw new AssertionError("a value of " + size + " bytes of '[' was read");
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(JsonSerde.DEFAULT_MAX_BYTES - 10, JsonSerde.DEFAULT_MAX_BYTES + 10);
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<String> token = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(TOKENS)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(16)));
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(SAMPLES), token.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 400).list().ofSize(3), Arbitraries.of(true, false))
                .as((sample, tokens, at, cut) -> {
                    StringBuilder s = new StringBuilder(sample);
                    for (int i = 0; i < tokens.size(); i++) {
                        s.insert(Math.min(at.get(i), s.length()), tokens.get(i));
                    }
                    return cut ? s.substring(0, Math.min(s.length(), at.get(0))) : s.toString();
                });
        Arbitrary<byte[]> text = Arbitraries.frequencyOf(Tuple.of(6, mutated), Tuple.of(2, Arbitraries.of(SAMPLES)),
                Tuple.of(2, token.list().ofMaxSize(10).map(t -> String.join("", t))))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> smile = binary.map(b -> {
            byte[] out = new byte[b.length + 4];
            out[0] = ':';
            out[1] = ')';
            out[2] = '\n';
            System.arraycopy(b, 0, out, 4, b.length);
            return out;
        });
        Arbitrary<byte[]> badUtf8 = text.map(b -> {
            byte[] out = java.util.Arrays.copyOf(b, b.length + 3);
            out[Math.min(b.length, 10)] = (byte) 0xC0;
            out[b.length + 1] = (byte) 0xFF;
            return out;
        });
        return Arbitraries.frequencyOf(Tuple.of(8, text), Tuple.of(2, binary), Tuple.of(1, smile), Tuple.of(2, badUtf8));
    }
}
