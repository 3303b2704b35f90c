package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task of an agent's first processor that starts again — moved to another instance, or after a
 * restart — reports the position its last owner reached, without waiting for a new event: the
 * events read after the last marker before the move are committed, and with silence as SAFE
 * nothing else would ever let the coordinator decide them.
 */
class ProgressSourceTest {

    @Test
    void shouldReportThePositionItsLastOwnerReachedBeforeAnyNewEvent() {
        MockProcessorContext<String, StagedEvent> context = new MockProcessorContext<>();
        KeyValueStore<String, Long> position = positionStore(context);
        // What the last owner of this task left: it had read up to offset 41 of raw-events partition 0.
        position.put("offset", 41L);

        source().init(context);
        context.setCurrentSystemTimeMs(10_000);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(10_000));

        List<AgentProgress> markers = context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(StagedEvent::isMarker)
                .map(StagedEvent::progress)
                .toList();
        assertThat(markers).singleElement().satisfies(m -> {
            assertThat(m.partition()).isZero();
            assertThat(m.offset()).isEqualTo(41);
        });
    }

    @Test
    void shouldSayHelloWhenNothingWasEverRead() {
        MockProcessorContext<String, StagedEvent> context = new MockProcessorContext<>();
        positionStore(context);

        source().init(context);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(10_000));

        assertThat(context.forwarded()).singleElement()
                .satisfies(f -> assertThat(f.record().value().progress().isHello()).isTrue());
    }

    private static KeyValueStore<String, Long> positionStore(MockProcessorContext<String, StagedEvent> context) {
        KeyValueStore<String, Long> position = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AgentTopology.positionStore("network")), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        position.init(context.getStateStoreContext(), position);
        context.addStateStore(position);
        return position;
    }

    private static AgentTopology.ProgressSource source() {
        SwarmConfig config = SwarmConfig.of(Map.of("bootstrap.servers", "unused:9092"));
        return new AgentTopology.ProgressSource("network", config, List.of(), Topics.from(config.asMap()).rawEvents());
    }
}
