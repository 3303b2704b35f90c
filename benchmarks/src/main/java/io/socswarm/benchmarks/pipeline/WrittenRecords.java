package io.socswarm.benchmarks.pipeline;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a set of Kafka Streams apps wrote during one phase, read from their own clients' metrics:
 * records sent per topic (the producers' {@code record-send-total}; transaction markers are not
 * records, and the topic's later purging or compaction does not matter) and commits per app (the
 * stream threads' {@code commit-total}: under exactly-once, one transaction each).
 */
final class WrittenRecords {
    private Map<String, Double> sentStart = Map.of();
    private Map<String, Double> commitsStart = Map.of();
    private Map<String, Double> sent = Map.of();
    private Map<String, Double> commits = Map.of();

    /** @param metricsByApp each app's {@code KafkaStreams.metrics()}, by application id */
    void start(Map<String, ? extends Map<MetricName, ? extends Metric>> metricsByApp) {
        sentStart = sentByTopic(metricsByApp.values());
        commitsStart = commitsByApp(metricsByApp);
    }

    void stop(Map<String, ? extends Map<MetricName, ? extends Metric>> metricsByApp) {
        sent = minus(sentByTopic(metricsByApp.values()), sentStart);
        commits = minus(commitsByApp(metricsByApp), commitsStart);
    }

    /** Records sent per topic per record of input, most first. */
    Map<String, Object> perRecord(long records) {
        return per(sent, records);
    }

    /** Commits per app over the phase, as counts. */
    Map<String, Object> commits() {
        return per(commits, 1);
    }

    static Map<String, Double> sentByTopic(Collection<? extends Map<MetricName, ? extends Metric>> metrics) {
        Map<String, Double> byTopic = new HashMap<>();
        for (Map<MetricName, ? extends Metric> m : metrics) {
            m.forEach((name, metric) -> {
                if (name.group().equals("producer-topic-metrics") && name.name().equals("record-send-total")
                        && name.tags().containsKey("topic")) {
                    byTopic.merge(name.tags().get("topic"), value(metric), Double::sum);
                }
            });
        }
        return byTopic;
    }

    static Map<String, Double> commitsByApp(Map<String, ? extends Map<MetricName, ? extends Metric>> metricsByApp) {
        Map<String, Double> byApp = new HashMap<>();
        metricsByApp.forEach((app, m) -> m.forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().equals("commit-total")) {
                byApp.merge(app, value(metric), Double::sum);
            }
        }));
        return byApp;
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : 0;
    }

    private static Map<String, Double> minus(Map<String, Double> end, Map<String, Double> start) {
        Map<String, Double> delta = new HashMap<>();
        end.forEach((k, v) -> delta.put(k, v - start.getOrDefault(k, 0.0)));
        return delta;
    }

    /** Each positive figure divided by {@code records}, rounded to three places, largest first. */
    private static Map<String, Object> per(Map<String, Double> figures, long records) {
        Map<String, Object> out = new LinkedHashMap<>();
        figures.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() / records * 1000) / 1000.0));
        return out;
    }
}
