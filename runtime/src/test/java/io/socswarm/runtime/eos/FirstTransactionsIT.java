package io.socswarm.runtime.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.runtime.StreamsApps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.server.common.TransactionVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fresh exactly-once apps on a fresh broker with transactions v2, as {@code ./swarm up} starts them:
 * their first transactions must commit without the broker bouncing batches back
 * (CONCURRENT_TRANSACTIONS, then OUT_OF_ORDER_SEQUENCE_NUMBER for the batches behind), which is what
 * delayed the agents' first votes past the coordinator's timeout. Without
 * {@link StreamsApps#BROKER_SETTINGS} the broker gives up waiting for the previous transaction's
 * markers after 100 ms and these errors appear as soon as the machine is busy.
 */
// On the shared two-core machine at load 20+ this took over 90 s, nearly all of it the broker's and the apps' start-up.
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FirstTransactionsIT {
    @TempDir
    Path stateDir;

    @Test
    void shouldCommitTheFirstTransactionsOfFreshAppsWithoutBouncedBatches() throws Exception {
        FirstTransactionsProbe.Result result = FirstTransactionsProbe.run(new FirstTransactionsProbe.Settings(
                2, true, TransactionVersion.TV_2.featureLevel(), StreamsApps.BROKER_SETTINGS, Map.of(),
                false, 50, Duration.ofSeconds(12), 3, stateDir));

        assertThat(result.retried("CONCURRENT_TRANSACTIONS")).as("batches bounced while the previous transaction ended: %s", result)
                .isZero();
        assertThat(result.retried("OUT_OF_ORDER_SEQUENCE_NUMBER")).as("batches refused behind a bounced one: %s", result)
                .isZero();
        assertThat(result.brokerOutOfOrder()).as("broker refusals: %s", result).isZero();
        // Start-up itself (rebalance, internal topics) is not what this test is about; it only has to end.
        assertThat(result.firstOutputMs()).as("every app's first committed output: %s", result)
                .isBetween(0L, Duration.ofSeconds(60).toMillis());
    }
}
