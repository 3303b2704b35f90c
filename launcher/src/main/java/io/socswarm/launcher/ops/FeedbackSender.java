package io.socswarm.launcher.ops;

import io.socswarm.local.Clusters;
import io.socswarm.local.UserError;
import io.socswarm.model.Feedback;
import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes one person's feedback (a verdict, an approval, a rejection) to {@code feedback}, keyed by
 * the incident id so that everything said about one incident stays in order. The command waits
 * for the broker's acknowledgement: when it says "asked", the request is durably on the topic.
 */
final class FeedbackSender {
    private static final int SEND_TIMEOUT_SECONDS = 60;

    private FeedbackSender() {
    }

    /** Idempotent and acks=all, failing within a minute rather than blocking when the cluster is away. */
    static Map<String, Object> producerProperties(SwarmConfig config) {
        return Clusters.clientProperties(config, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "swarm-ops-feedback",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000));
    }

    static RecordMetadata send(SwarmConfig config, Feedback feedback) throws InterruptedException {
        Topic<String, Feedback> topic = Topics.from(config.asMap()).feedback();
        // A producer would have a missing topic auto-created with the broker's retention; feedback is kept for ever.
        Clusters.ensureTopics(config, config.getInt(TopicSetup.PARTITIONS, TopicSetup.DEFAULT_PARTITIONS), List.of(topic));
        Map<String, Object> props = producerProperties(config);
        Object servers = props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String key = feedback.incidentId();
        try (KafkaProducer<String, Feedback> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), key, feedback))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new UserError("Cannot write to the topic " + topic.name() + " on " + servers + " ("
                    + Clusters.rootMessage(e) + "); the request was not confirmed, check with ./swarm audit before asking again.");
        }
    }
}
