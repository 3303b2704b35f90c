package io.socswarm.evaluation;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.UserError;
import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    private final int perRound;
    private final Map<String, Decision> decided = new ConcurrentHashMap<>();
    private int sent;

    /** A round sends a few probes per partition, so that every partition's tasks are likely exercised. */
    WarmUp(int partitions) {
        this.perRound = Math.max(1, partitions) * 3;
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
                publisher.publish(probe(id));
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

    private static SecurityEvent probe(String id) {
        return new SecurityEvent(id, PROBE_TIME, "probe", "evaluation_probe", "unknown",
                SecurityEvent.Endpoint.ip("127.0.0.1"), SecurityEvent.Endpoint.ip("127.0.0.1"), null,
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
