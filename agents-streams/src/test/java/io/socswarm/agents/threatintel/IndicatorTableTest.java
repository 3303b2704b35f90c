package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Indicator;
import io.socswarm.model.Indicator.Type;
import io.socswarm.model.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The table's processor outside a topology: a persistent global store reopens with what it held
 * before its checkpoint and Streams replays only what came after, so the processor must find the
 * networks already in the store as well as those it is sent.
 */
class IndicatorTableTest {
    private final IndicatorTable table = new IndicatorTable();
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private KeyValueStore<String, Indicator> store;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IndicatorTable.STORE), Serdes.String(),
                Topics.INDICATOR_SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private static Indicator cidr(String value) {
        return new Indicator(Type.CIDR, value, "spamhaus-drop", null, null, null, null);
    }

    @Test
    void shouldMatchNetworksTheStoreHeldBeforeTheProcessorStarted() {
        store.put("cidr:5.188.10.0/23", cidr("5.188.10.0/23"));
        store.put("cidr:2001:db8:bad::/48", cidr("2001:db8:bad::/48"));

        table.newUpdater().init(context);
        IndicatorTable.Lookup lookup = table.lookup(store);

        assertThat(lookup.ip("5.188.11.254")).map(m -> m.indicator().value()).contains("5.188.10.0/23");
        assertThat(lookup.ip("2001:db8:bad:ffff::1")).map(IndicatorTable.Match::via).contains("2001:db8:bad::/48");
        assertThat(lookup.ip("5.188.12.1")).isEmpty();
        assertThat(lookup.size()).isEqualTo(2);
    }

    @Test
    void shouldCountEachNetworkOnceWhenAProcessorRestoresAndAnotherServesTheApp() {
        Processor<String, Indicator, Void, Void> restoring = table.newUpdater();
        restoring.init(context);
        restoring.process(new Record<>("cidr:5.188.10.0/23", cidr("5.188.10.0/23"), 0L));
        restoring.process(new Record<>("cidr:198.51.100.0/23", cidr("198.51.100.0/23"), 0L));

        Processor<String, Indicator, Void, Void> serving = table.newUpdater();
        serving.init(context);
        serving.process(new Record<>("cidr:5.188.10.0/23", null, 0L));
        IndicatorTable.Lookup lookup = table.lookup(store);

        assertThat(lookup.size()).isEqualTo(1);
        assertThat(lookup.ip("5.188.10.1")).isEmpty();
        assertThat(lookup.ip("198.51.101.1")).isPresent();
    }
}
