package io.socswarm.coordinator;

import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a partition ends on the broker: its high watermark, records of open transactions included.
 * It moves whenever its writer writes anything, whether or not a reader has got there, so it tells
 * an agent that writes on (read late, or inside a long transaction) from one that has stopped.
 */
interface TopicEnds extends AutoCloseable {

    /** The partition's high watermark; empty when it cannot be learnt now. */
    OptionalLong end(TopicPartition partition);

    @Override
    void close();

    /** Knows no ends: the joiner goes by the agents' clocks alone. */
    TopicEnds NONE = new TopicEnds() {
        @Override
        public OptionalLong end(TopicPartition partition) {
            return OptionalLong.empty();
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    };

    /** Asks the cluster, with an admin client of the app's own settings made on the first question. */
    static TopicEnds of(SwarmConfig config) {
        return new FromCluster(config);
    }

    final class FromCluster implements TopicEnds {
        private static final Logger LOG = LoggerFactory.getLogger(TopicEnds.class);
        private static final Duration WAIT = Duration.ofSeconds(2);
        private final SwarmConfig config;
        private Admin admin;

        FromCluster(SwarmConfig config) {
            this.config = config;
        }

        @Override
        public OptionalLong end(TopicPartition partition) {
            try {
                if (admin == null) {
                    Map<String, Object> properties = new HashMap<>(config.adminProperties());
                    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
                    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
                    admin = Admin.create(properties);
                }
                return OptionalLong.of(admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                        .partitionResult(partition).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.warn("Could not learn where {} ends ({}); going by the agents' clocks", partition, e.toString());
                return OptionalLong.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalLong.empty();
            }
        }

        @Override
        public void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
    }
}
