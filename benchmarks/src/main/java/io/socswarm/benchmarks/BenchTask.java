package io.socswarm.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A stand-in for one task of an app: a mock processor context with the app's production stores
 * (RocksDB in a temporary directory), without the record caches and changelogs, which need a
 * running task.
 */
public final class BenchTask<K, V> implements AutoCloseable {
    private final MockProcessorContext<K, V> context;
    private final List<StateStore> stores = new ArrayList<>();

    public BenchTask(String applicationId, List<? extends StoreBuilder<? extends StateStore>> builders) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        try {
            context = new MockProcessorContext<>(props, new TaskId(0, 0),
                    Files.createTempDirectory("soc-swarm-jmh").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (StoreBuilder<? extends StateStore> builder : builders) {
            StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
    }

    public MockProcessorContext<K, V> context() {
        return context;
    }

    public <S extends StateStore> S store(String name) {
        return context.getStateStore(name);
    }

    @Override
    public void close() {
        stores.forEach(StateStore::close);
    }
}
