package io.socswarm.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code GET /health} reports: whether the broker answers, each swarm app's consumer group
 * (its state, members and how far it lags behind the ends of the partitions it reads), and this
 * app's own Streams state. Healthy means the broker answers and this app's state is queryable.
 */
final class Health {
    private static final long TIMEOUT_MS = 5_000;

    private final Admin admin;
    private final KafkaStreams streams;
    private final List<String> apps;

    Health(Admin admin, KafkaStreams streams, List<String> apps) {
        this.admin = admin;
        this.streams = streams;
        this.apps = List.copyOf(apps);
    }

    record Report(boolean healthy, Broker broker, String apiState, List<App> apps) {
    }

    /** @param error why the broker could not be asked, or null */
    record Broker(boolean reachable, String clusterId, int nodes, String error) {
    }

    /** @param lag records the group has yet to read, summed over its committed partitions; null when unknown */
    record App(String applicationId, String state, int members, Long lag, String error) {
    }

    Report report() throws InterruptedException {
        KafkaStreams.State own = streams.state();
        Broker broker = broker();
        List<App> groups = new ArrayList<>();
        if (broker.reachable()) {
            Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(apps)
                    .describedGroups();
            for (String app : apps) {
                groups.add(app(app, described.get(app)));
            }
        }
        boolean healthy = broker.reachable() && own == KafkaStreams.State.RUNNING;
        return new Report(healthy, broker, own.name(), groups);
    }

    private Broker broker() throws InterruptedException {
        try {
            DescribeClusterResult cluster = admin.describeCluster();
            return new Broker(true, cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS),
                    cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size(), null);
        } catch (ExecutionException | TimeoutException e) {
            return new Broker(false, null, 0, rootMessage(e));
        }
    }

    private App app(String app, KafkaFuture<ConsumerGroupDescription> future) throws InterruptedException {
        ConsumerGroupDescription group;
        try {
            group = future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause() instanceof GroupIdNotFoundException ? notFound(app)
                    : new App(app, "UNKNOWN", 0, null, rootMessage(e));
        } catch (TimeoutException e) {
            return new App(app, "UNKNOWN", 0, null, rootMessage(e));
        }
        if (group.groupState() == GroupState.DEAD) {
            return notFound(app);
        }
        try {
            return new App(app, group.groupState().name(), group.members().size(), lag(app), null);
        } catch (ExecutionException | TimeoutException e) {
            return new App(app, group.groupState().name(), group.members().size(), null, rootMessage(e));
        }
    }

    private static App notFound(String app) {
        return new App(app, "NOT_FOUND", 0, null, "no such group: the app has not run on this cluster");
    }

    private long lag(String app) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                latest.put(tp, OffsetSpec.latest());
            }
        });
        if (latest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
        }
        return lag;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
