package io.socswarm.runtime;

import io.socswarm.model.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Routes a record that cannot be read (malformed JSON, missing id, wrong types, oversize,
 * invalid UTF-8) to {@code dead-letters} with its original bytes, and goes on with the next.
 * The dead letter is produced in the same transaction as the task's other output.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private String app = "unknown";
    private String deadLetterTopic = Topics.DEAD_LETTERS;

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (id != null) {
            app = id.toString();
        }
        Object topic = configs.get(Topics.DEAD_LETTERS_KEY);
        if (topic != null) {
            deadLetterTopic = topic.toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetters.count(app, "cannot read record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + ": " + exception.getMessage());
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, record.key(), record.value(), exception,
                record.topic(), record.partition(), record.offset(), app)));
    }
}
