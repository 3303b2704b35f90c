package io.socswarm.runtime;

import io.socswarm.model.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that a processor fails on (hostile content that trips a detector, say) goes to
 * {@code dead-letters} with the source record's original bytes; the other records go on.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
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
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        DeadLetters.count(app, "processor " + context.processorNodeId() + " failed on " + context.topic() + "-"
                + context.partition() + "@" + context.offset() + ": " + exception);
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, context.sourceRawKey(),
                context.sourceRawValue(), exception, context.topic(), context.partition(), context.offset(), app)));
    }
}
