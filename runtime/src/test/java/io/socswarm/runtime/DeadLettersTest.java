package io.socswarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepOriginalBytesAndSayWhyAndWhere() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = DeadLetters.record("dead-letters", "k".getBytes(StandardCharsets.UTF_8),
                value, new IllegalStateException("bad input"), "raw-events", 2, 41L, "soc-agent-network");

        assertThat(record.topic()).isEqualTo("dead-letters");
        assertThat(record.key()).containsExactly('k');
        assertThat(record.value()).isEqualTo(value);
        assertThat(header(record, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(record, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("bad input");
        assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("raw-events");
        assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(record, DeadLetterHeaders.APP)).isEqualTo("soc-agent-network");
        assertThat(header(record, DeadLetterHeaders.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void shouldCutAnOversizeOriginalSoTheDeadLetterItselfCanBeSent() {
        byte[] value = new byte[DeadLetters.MAX_ORIGINAL_BYTES + 10];
        Arrays.fill(value, (byte) 'x');

        ProducerRecord<byte[], byte[]> record = DeadLetters.record("dead-letters", null, value,
                new IllegalArgumentException("too large"), "raw-events", 0, 0L, "soc-coordinator");

        assertThat(record.value()).hasSize(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(header(record, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo(Integer.toString(value.length));
        assertThat(record.key()).isNull();
    }

    @Test
    void shouldCountPerApp() {
        long before = DeadLetters.count("test-app-count");
        DeadLetters.count("test-app-count", "one");
        DeadLetters.count("test-app-count", "two");
        assertThat(DeadLetters.count("test-app-count")).isEqualTo(before + 2);
        assertThat(DeadLetters.count("another-app-never-counted")).isZero();
    }
}
