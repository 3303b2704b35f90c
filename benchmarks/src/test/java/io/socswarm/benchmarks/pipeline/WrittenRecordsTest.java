package io.socswarm.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class WrittenRecordsTest {

    @Test
    void shouldCountWhatEachTopicWasSentAndEachAppCommittedDuringThePhaseOnly() {
        Apps apps = new Apps();
        apps.sent("soc-coordinator", "decisions", 100);
        apps.sent("soc-coordinator", "tallies-changelog", 50);
        apps.sent("soc-agent-network", "votes", 7);
        apps.committed("soc-coordinator", 3);
        WrittenRecords written = new WrittenRecords();
        written.start(apps.metrics);

        apps.sent("soc-coordinator", "decisions", 100 + 40);
        apps.sent("soc-coordinator", "tallies-changelog", 50 + 80);
        apps.sent("soc-agent-network", "votes", 7 + 4);
        apps.sent("soc-agent-identity", "votes", 2);
        apps.committed("soc-coordinator", 3 + 10);
        apps.committed("soc-agent-network", 9);
        written.stop(apps.metrics);

        assertThat(written.perRecord(40)).containsExactly(
                Map.entry("tallies-changelog", 2.0), Map.entry("decisions", 1.0), Map.entry("votes", 0.15));
        assertThat(written.commits()).containsExactly(
                Map.entry("soc-coordinator", 10.0), Map.entry("soc-agent-network", 9.0));
    }

    @Test
    void shouldIgnoreTheProducersOtherMetricsAndTheirTotalsOverAllTopics() {
        Apps apps = new Apps();
        WrittenRecords written = new WrittenRecords();
        written.start(apps.metrics);
        apps.put("soc-coordinator", new MetricName("record-send-total", "producer-metrics", "", Map.of("client-id", "p")), 99);
        apps.put("soc-coordinator", new MetricName("byte-total", "producer-topic-metrics", "",
                Map.of("client-id", "p", "topic", "decisions")), 5_000);
        written.stop(apps.metrics);

        assertThat(written.perRecord(1)).isEmpty();
    }

    /** Made-up client metrics of some apps, as {@code KafkaStreams.metrics()} would give them. */
    private static final class Apps {
        final Map<String, Map<MetricName, Metric>> metrics = new LinkedHashMap<>();

        void sent(String app, String topic, double total) {
            put(app, new MetricName("record-send-total", "producer-topic-metrics", "",
                    Map.of("client-id", app + "-StreamThread-1-producer", "topic", topic)), total);
        }

        void committed(String app, double total) {
            put(app, new MetricName("commit-total", "stream-thread-metrics", "",
                    Map.of("thread-id", app + "-StreamThread-1")), total);
        }

        void put(String app, MetricName name, double value) {
            metrics.computeIfAbsent(app, k -> new HashMap<>()).put(name, new Metric() {
                @Override
                public MetricName metricName() {
                    return name;
                }

                @Override
                public Object metricValue() {
                    return value;
                }
            });
        }
    }
}
