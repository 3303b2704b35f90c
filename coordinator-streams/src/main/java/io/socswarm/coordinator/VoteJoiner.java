package io.socswarm.coordinator;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups events and votes by event id and decides each event once: as soon as every expected
 * agent has voted and the event itself has been seen, or, when votes are missing, at the
 * wall-clock deadline, naming the agents that did not vote. A duplicate vote counts once; a
 * vote after the decision is counted and logged. Deadlines live in their own store, keyed by
 * zero-padded time, so each punctuation reads only the tallies that are due.
 */
final class VoteJoiner implements Processor<String, Object, String, Decision> {
    private static final Logger LOG = LoggerFactory.getLogger(VoteJoiner.class);

    private final CoordinatorSettings settings;
    private final VotingPolicy policy;
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, Tally> tallies;
    private KeyValueStore<String, String> deadlines;
    private Sensor lateVotes;
    private Sensor duplicateVotes;
    private Sensor timedOut;

    VoteJoiner(CoordinatorSettings settings, VotingPolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.tallies = context.getStateStore(CoordinatorTopology.PENDING_STORE);
        this.deadlines = context.getStateStore(CoordinatorTopology.DEADLINE_STORE);
        String task = context.taskId().toString();
        this.lateVotes = sensor("late-votes", task);
        this.duplicateVotes = sensor("duplicate-votes", task);
        this.timedOut = sensor("timed-out-decisions", task);
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::decideOverdue);
    }

    private Sensor sensor(String operation, String task) {
        return context.metrics().addRateTotalSensor("soc-coordinator", task, operation,
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Vote vote) {
            onVote(vote, record.timestamp());
        } else if (record.value() instanceof SecurityEvent event) {
            onEvent(event, record.timestamp());
        }
    }

    private void onEvent(SecurityEvent event, long timestamp) {
        Tally tally = tallyFor(event.id(), timestamp);
        if (tally.decided()) {
            LOG.info("event {} seen again after its decision; not decided twice", event.id());
            return;
        }
        if (tally.event() != null) {
            return;
        }
        decideIfComplete(tally.withEvent(EventSummary.of(event), event.labels()));
    }

    private void onVote(Vote vote, long timestamp) {
        Tally tally = tallyFor(vote.eventId(), timestamp);
        if (tally.decided()) {
            lateVotes.record();
            LOG.info("late vote from {} on event {} ({}) after its decision; counted, not re-decided",
                    vote.agent(), vote.eventId(), vote.verdict());
            tallies.put(tally.eventId(), tally.withLateVote(vote.agent()));
            return;
        }
        if (tally.hasVoteFrom(vote.agent())) {
            duplicateVotes.record();
            LOG.debug("duplicate vote from {} on event {} ignored", vote.agent(), vote.eventId());
            return;
        }
        decideIfComplete(tally.withVote(vote));
    }

    private Tally tallyFor(String eventId, long eventTimeMs) {
        Tally tally = tallies.get(eventId);
        if (tally == null) {
            long deadline = now() + settings.timeout().toMillis();
            tally = Tally.open(eventId, eventTimeMs, deadline);
            deadlines.put(deadlineKey(deadline, eventId), eventId);
        }
        return tally;
    }

    private void decideIfComplete(Tally tally) {
        boolean allVoted = settings.expectedAgents().stream().allMatch(tally::hasVoteFrom);
        if (allVoted && tally.event() != null) {
            decide(tally, List.of());
        } else {
            tallies.put(tally.eventId(), tally);
        }
    }

    private void decide(Tally tally, List<String> missingAgents) {
        List<Vote> votes = new ArrayList<>(tally.votes());
        votes.sort(Comparator.comparing(Vote::agent));
        VotingPolicy.Outcome outcome = policy.decide(votes, missingAgents);
        Decision decision = new Decision(tally.eventId(), outcome.verdict(), outcome.action(), outcome.score(), votes,
                missingAgents, policy.id(), tally.event(), tally.labels(), Instant.ofEpochMilli(now()));
        context.forward(new Record<>(tally.eventId(), decision, tally.eventTimeMs()));

        long forgetAt = now() + settings.retention().toMillis();
        deadlines.delete(deadlineKey(tally.deadlineMs(), tally.eventId()));
        deadlines.put(deadlineKey(forgetAt, tally.eventId()), tally.eventId());
        tallies.put(tally.eventId(), tally.decidedUntil(forgetAt));
    }

    /** Decides every tally whose deadline passed, and forgets decided ones past retention. */
    private void decideOverdue(long nowMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range(deadlineKey(0, ""), deadlineKey(nowMs + 1, ""))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            Tally tally = tallies.get(entry.value);
            if (tally == null) {
                continue;
            }
            if (tally.decided()) {
                tallies.delete(entry.value);
            } else {
                List<String> missing = settings.expectedAgents().stream().filter(a -> !tally.hasVoteFrom(a)).toList();
                timedOut.record();
                if (!missing.isEmpty()) {
                    LOG.debug("event {} decided after {} without votes from {}", tally.eventId(), settings.timeout(),
                            missing);
                }
                decide(tally, missing);
            }
        }
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    /** Zero-padded so that the store's byte order is time order (String.format costs more than the rest). */
    static String deadlineKey(long timeMs, String eventId) {
        String digits = Long.toString(timeMs);
        StringBuilder key = new StringBuilder(17 + eventId.length());
        for (int pad = 16 - digits.length(); pad > 0; pad--) {
            key.append('0');
        }
        key.append(digits);
        return eventId.isEmpty() ? key.toString() : key.append('|').append(eventId).toString();
    }
}
