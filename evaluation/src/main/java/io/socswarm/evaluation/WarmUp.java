package io.socswarm.evaluation;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.UserError;
import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the freshly started swarm answers before a dataset is replayed. "Running" is not yet
 * "voting": on a new broker the apps' first transactions and the identity agent's repartition
 * topic take seconds, and events replayed then would reach the coordinator's vote timeout and be
 * decided with missing agents, which a live deployment would not see. So rounds of probe events
 * go through the pipeline until one whole round is decided with every vote.
 *
 * <p>A probe is a loopback event with a time long before any recording (so it moves no
 * app's stream time past the dataset), kept out of every figure.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    static final String PREFIX = "evaluate-probe-";
    private static final Instant PROBE_TIME = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final int partitions;
    private final int perRound;
    private int nextAddress;
    private final Map<String, Decision> decided = new ConcurrentHashMap<>();
    private int sent;

    /**
     * A round sends a few probes to every partition: {@code raw-events} is keyed by source address,
     * so each probe comes from its own loopback address, chosen so that the producer's default
     * partitioner puts the round's probes evenly on every partition and every task is exercised.
     */
    WarmUp(int partitions) {
        this.partitions = Math.max(1, partitions);
        this.perRound = this.partitions * 3;
    }

    /** The next loopback address whose key lands on {@code partition}. */
    private String addressOn(int partition) {
        while (true) {
            int n = ++nextAddress;
            String address = "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
            byte[] key = address.getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % partitions == partition) {
                return address;
            }
        }
    }

    /** Takes a probe's decision; false when the decision is not a probe's. */
    boolean offer(Decision decision) {
        if (!decision.eventId().startsWith(PREFIX)) {
            return false;
        }
        decided.put(decision.eventId(), decision);
        return true;
    }

    void run(EventPublisher publisher, LocalSwarm swarm, Duration voteTimeout) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        // A round is over once all its probes are decided: quickly, or after the vote timeout.
        Duration roundLimit = voteTimeout.plusSeconds(10);
        while (true) {
            List<String> round = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                String id = PREFIX + (++sent);
                round.add(id);
                publisher.publish(probe(id, addressOn(i % partitions)));
            }
            publisher.flush();
            long roundEnd = System.nanoTime() + roundLimit.toNanos();
            while (!round.stream().allMatch(decided::containsKey) && System.nanoTime() < roundEnd) {
                if (swarm.failedApp() != null) {
                    throw new UserError("The " + swarm.failedApp() + " app failed while starting; see the log.");
                }
                pause();
            }
            boolean complete = round.stream().allMatch(id -> decided.containsKey(id)
                    && decided.get(id).missingAgents().isEmpty());
            if (complete) {
                return;
            }
            LOG.info("warm-up: {} of {} probes decided, missing votes from {}; trying again",
                    round.stream().filter(decided::containsKey).count(), round.size(),
                    round.stream().filter(decided::containsKey).flatMap(id -> decided.get(id).missingAgents().stream())
                            .distinct().toList());
            if (System.nanoTime() > deadline) {
                throw new UserError("The swarm did not answer probe events with every agent's vote within "
                        + LIMIT.toSeconds() + " s of starting; see the log.");
            }
        }
    }

    private static SecurityEvent probe(String id, String source) {
        return new SecurityEvent(id, PROBE_TIME, "probe", "evaluation_probe", "unknown",
                SecurityEvent.Endpoint.ip(source), SecurityEvent.Endpoint.ip("127.0.0.1"), null,
                new SecurityEvent.Host("evaluate"), null, "A probe of ./swarm evaluate: is the pipeline answering?",
                new SecurityEvent.Origin("probe", null, null), Map.of());
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while the swarm was warming up.");
        }
    }
}
