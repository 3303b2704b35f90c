package io.socswarm.coordinator;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups events and votes by event id and decides each event once: as soon as every expected
 * agent has voted and the event itself has been seen, or, when votes are missing, at the
 * wall-clock deadline, naming the agents that did not vote. A duplicate vote counts once; a
 * vote after the decision is counted and logged.
 *
 * <p>Only undecided events have a tally ({@value CoordinatorTopology#PENDING_STORE}); a decision
 * deletes it and leaves a small marker in a window store ({@value CoordinatorTopology#DECIDED_STORE})
 * that expires with its segments, so remembering and forgetting a decided event costs one write.
 * Deadlines and the ids of undecided events are kept in memory, rebuilt from the tallies whenever
 * the task starts: they are derived from the store, never the other way round, and spare a store
 * lookup for every new event and every deadline of an event decided on its votes. The deadline
 * queue holds one small entry per event first seen within the last timeout.
 */
final class VoteJoiner implements Processor<String, Object, String, Decision> {
    private static final Logger LOG = LoggerFactory.getLogger(VoteJoiner.class);

    private final CoordinatorSettings settings;
    private final VotingPolicy policy;
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    private final Set<String> pending = new HashSet<>();
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, Tally> tallies;
    private WindowStore<String, DecidedEvent> decided;
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
        this.decided = context.getStateStore(CoordinatorTopology.DECIDED_STORE);
        String task = context.taskId().toString();
        this.lateVotes = sensor("late-votes", task);
        this.duplicateVotes = sensor("duplicate-votes", task);
        this.timedOut = sensor("timed-out-decisions", task);
        rebuildDeadlines();
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::decideOverdue);
    }

    private Sensor sensor(String operation, String task) {
        return context.metrics().addRateTotalSensor("soc-coordinator", task, operation,
                Sensor.RecordingLevel.INFO);
    }

    /** After a start, a rebalance or a failed transaction the store is the truth: read it once. */
    private void rebuildDeadlines() {
        deadlines.clear();
        pending.clear();
        List<Deadline> due = new ArrayList<>();
        try (KeyValueIterator<String, Tally> it = tallies.all()) {
            it.forEachRemaining(kv -> {
                due.add(new Deadline(kv.value.deadlineMs(), kv.key));
                pending.add(kv.key);
            });
        }
        due.sort(Comparator.comparingLong(Deadline::atMs));
        deadlines.addAll(due);
    }

    /** The tally of an undecided event, or null: for a new event without asking the store. */
    private Tally pendingTally(String eventId) {
        return pending.contains(eventId) ? tallies.get(eventId) : null;
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
        Tally tally = pendingTally(event.id());
        if (tally == null) {
            if (decidedMarker(event.id()) != null) {
                LOG.info("event {} seen again after its decision; not decided twice", event.id());
                return;
            }
            tally = open(event.id(), timestamp);
        } else if (tally.event() != null) {
            return;
        }
        decideIfComplete(tally.withEvent(EventSummary.of(event), event.labels()));
    }

    private void onVote(Vote vote, long timestamp) {
        Tally tally = pendingTally(vote.eventId());
        if (tally == null) {
            KeyValue<Long, DecidedEvent> marker = decidedMarker(vote.eventId());
            if (marker != null) {
                afterDecision(vote, marker);
                return;
            }
            tally = open(vote.eventId(), timestamp);
        } else if (tally.hasVoteFrom(vote.agent())) {
            duplicateVotes.record();
            LOG.debug("duplicate vote from {} on event {} ignored", vote.agent(), vote.eventId());
            return;
        }
        decideIfComplete(tally.withVote(vote));
    }

    private void afterDecision(Vote vote, KeyValue<Long, DecidedEvent> marker) {
        if (marker.value.votedAgents().contains(vote.agent())) {
            duplicateVotes.record();
            LOG.debug("duplicate vote from {} on decided event {} ignored", vote.agent(), vote.eventId());
            return;
        }
        lateVotes.record();
        LOG.info("late vote from {} on event {} ({}) after its decision; counted, not re-decided",
                vote.agent(), vote.eventId(), vote.verdict());
        decided.put(vote.eventId(), marker.value.withLateVote(vote.agent()), marker.key);
    }

    private Tally open(String eventId, long eventTimeMs) {
        long deadline = now() + settings.timeout().toMillis();
        deadlines.addLast(new Deadline(deadline, eventId));
        pending.add(eventId);
        return Tally.open(eventId, eventTimeMs, deadline);
    }

    /** The marker of a decided event still remembered, with the time it was decided; else null. */
    private KeyValue<Long, DecidedEvent> decidedMarker(String eventId) {
        long now = now();
        KeyValue<Long, DecidedEvent> latest = null;
        try (WindowStoreIterator<DecidedEvent> it = decided.fetch(eventId,
                Instant.ofEpochMilli(now - settings.retention().toMillis()), Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext()) {
                latest = it.next();
            }
        }
        return latest;
    }

    private void decideIfComplete(Tally tally) {
        boolean allVoted = true;
        for (String agent : settings.expectedAgents()) {
            allVoted &= tally.hasVoteFrom(agent);
        }
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
        tallies.delete(tally.eventId());
        pending.remove(tally.eventId());
        decided.put(tally.eventId(), new DecidedEvent(tally.votedAgents(), 0), now());
    }

    /** Decides every tally whose deadline passed. */
    private void decideOverdue(long nowMs) {
        while (!deadlines.isEmpty() && deadlines.peekFirst().atMs() <= nowMs) {
            Deadline due = deadlines.pollFirst();
            Tally tally = pendingTally(due.eventId());
            if (tally == null) {
                continue; // decided when its last vote came
            }
            List<String> missing = settings.expectedAgents().stream().filter(a -> !tally.hasVoteFrom(a)).toList();
            timedOut.record();
            if (!missing.isEmpty()) {
                LOG.debug("event {} decided after {} without votes from {}", tally.eventId(), settings.timeout(),
                        missing);
            }
            decide(tally, missing);
        }
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    /** When the tally of one event falls due. */
    private record Deadline(long atMs, String eventId) {
    }
}
