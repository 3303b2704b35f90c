package io.socswarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmConfigTest {

    @Test
    void shouldApplyDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("swarm.properties");
        Files.writeString(file, "swarm.coordinator.timeout.ms=1000\nswarm.a=file\nswarm.b=file\nswarm.c=file\n");
        SwarmConfig config = SwarmConfig.load(
                Map.of("swarm.a", "default", "swarm.d", "default"),
                file,
                Map.of("SWARM_B", "env", "SWARM_C", "env"),
                Map.of("swarm.c", "flag"));
        assertThat(config.get("swarm.d")).isEqualTo("default");
        assertThat(config.get("swarm.a")).isEqualTo("file");
        assertThat(config.get("swarm.b")).isEqualTo("env");
        assertThat(config.get("swarm.c")).isEqualTo("flag");
        assertThat(config.getDuration("swarm.coordinator.timeout.ms", Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldPassKafkaVariablesThroughAsClientProperties() {
        SwarmConfig config = SwarmConfig.load(Map.of(), null, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "x required;",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "SWARM_TOPIC_VOTES", "team-votes",
                "PATH", "/usr/bin"), Map.of());
        assertThat(config.kafkaProperties())
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x required;")
                .doesNotContainKey("heap.opts")
                .doesNotContainKey("swarm.topic.votes");
        assertThat(config.get("swarm.topic.votes")).isEqualTo("team-votes");
    }

    @Test
    void shouldExplainBadNumbers() {
        SwarmConfig config = SwarmConfig.of(Map.of("swarm.x", "ten"));
        assertThatThrownBy(() -> config.getInt("swarm.x", 1))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessage("swarm.x must be a whole number but was 'ten'");
        assertThat(SwarmConfig.of(Map.of("swarm.l", " a, ,b ")).getList("swarm.l", List.of())).containsExactly("a", "b");
    }

    @Test
    void shouldDefaultStreamsAppsToExactlyOnceWithDeadLettersAndExplicitNaming() {
        var props = StreamsApps.properties("soc-test", SwarmConfig.of(Map.of("bootstrap.servers", "b:1")));
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterDeserializationHandler.class);
        assertThat(props.get("bootstrap.servers")).isEqualTo("b:1");
        assertThat(props.get("producer.linger.ms")).isEqualTo(StreamsApps.DEFAULT_LINGER_MS);
    }

    @Test
    void shouldShortenOnlyTheRestoreConsumersWaitOnAnEmptyFetch() {
        StreamsConfig streams = new StreamsConfig(StreamsApps.properties("soc-test",
                SwarmConfig.of(Map.of("bootstrap.servers", "b:1"))));
        assertThat(streams.getRestoreConsumerConfigs("c").get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .isEqualTo(StreamsApps.RESTORE_FETCH_MAX_WAIT_MS);
        assertThat(streams.getMainConsumerConfigs("g", "c", 0)).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

        StreamsConfig overridden = new StreamsConfig(StreamsApps.properties("soc-test",
                SwarmConfig.of(Map.of("bootstrap.servers", "b:1", "restore.consumer.fetch.max.wait.ms", "300"))));
        assertThat(overridden.getRestoreConsumerConfigs("c").get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo("300");
    }

    @Test
    void shouldRetrySoonerEverywhereButInTheProducer() {
        StreamsConfig streams = new StreamsConfig(StreamsApps.properties("soc-test",
                SwarmConfig.of(Map.of("bootstrap.servers", "b:1"))));
        assertThat(streams.getLong(StreamsConfig.RETRY_BACKOFF_MS_CONFIG)).isEqualTo(StreamsApps.RETRY_BACKOFF_MS);
        assertThat(streams.getMainConsumerConfigs("g", "c", 0).get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG))
                .isEqualTo(StreamsApps.RETRY_BACKOFF_MS);
        assertThat(streams.getAdminConfigs("c").get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG))
                .isEqualTo(StreamsApps.RETRY_BACKOFF_MS);
        assertThat(streams.getProducerConfigs("c").get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG))
                .isEqualTo(StreamsApps.PRODUCER_RETRY_BACKOFF_MS);
    }

    @Test
    void shouldLetClientPropertiesOverrideTheGuarantee() {
        var props = StreamsApps.properties("soc-test",
                SwarmConfig.of(Map.of("processing.guarantee", "at_least_once")));
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
    }
}
