package io.socswarm.coordinator;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.ProgressClaims;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Skip;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups events and votes by event id and decides each event once: as soon as every expected
 * agent has voted and the event itself has been seen; otherwise as soon as every agent that has
 * not voted is known not to vote. A duplicate vote counts once; a vote after the decision is
 * counted and logged; a vote or marker from an agent that is not expected is refused to
 * {@code dead-letters}.
 *
 * <p><b>Behind is not missing.</b> Agents write {@link AgentProgress} markers on {@code votes}
 * after the votes they cover. An agent that has not voted on an event is <em>missing</em> only when
 * its markers have passed the event's position in {@code raw-events} (it judged past the event
 * without a vote: a dead letter, say), or when, {@code swarm.coordinator.timeout.ms} after the
 * event was first seen, the agent has written nothing for the timeout: it is down or stuck. An
 * agent that keeps writing votes and markers is only behind (a backlog, a slow start) and is
 * waited for. Silence is measured on the agents' own clocks (see {@link #stalled}), so that a
 * coordinator reading a backlog late does not take its own delay for the agents'.
 *
 * <p><b>Silence as SAFE.</b> An agent whose markers say {@code findingsOnly} votes only on
 * findings: when its markers pass an event it has neither voted on nor skipped, it judged the event
 * and found nothing, and the decision lists it with a SAFE "no finding" vote. A skip (the agent's
 * judge failed on the event) or an agent that stopped moving is still a missing vote, never SAFE.
 *
 * <p><b>Scope.</b> An agent whose markers name a scope (the categories it judges) abstains on
 * events outside it: they are decided without waiting for it, and the decision lists it with a
 * SAFE vote that says it abstained. The scope is the agent's own declaration, read from its
 * markers, so it is known only once the agent has been heard from; until then it is waited for.
 * An abstention is never a missing vote and never a silence.
 *
 * <p>Only undecided events have a {@link PendingEvent} ({@value CoordinatorTopology#PENDING_STORE});
 * a decision deletes it and leaves a small marker in a window store
 * ({@value CoordinatorTopology#DECIDED_STORE}) that expires with its segments. Deadlines, the
 * undecided events and, per agent, the positions of the events still waiting for its vote are kept
 * in memory, rebuilt from the store whenever the task starts; the agents' progress is re-learnt
 * from their markers, which they repeat.
 */
final class VoteJoiner implements Processor<String, Object, String, Decision> {
    private static final Logger LOG = LoggerFactory.getLogger(VoteJoiner.class);

    /** The reason on the SAFE vote the decision gives an agent that judged the event and found nothing. */
    static final String NO_FINDING = "No finding: judged without a finding (this agent writes votes only for findings).";
    /** That vote's confidence: the agent stated none; SAFE votes weigh nothing in the score either way. */
    static final double NO_FINDING_CONFIDENCE = 0.5;
    /** The reason on the SAFE vote of an agent that does not judge the event's category. */
    static final String ABSTAINED = "Abstained: this agent judges only %s events, and this one is %s.";

    private final CoordinatorSettings settings;
    private final VotingPolicy policy;
    /** The policy as this task applies it (bound to its stores in {@link #init}). */
    private VotingPolicy scoring;
    private final List<String> agents;
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    /** Undecided events by id: which agents voted, and where the event is in raw-events. */
    private final Map<String, Open> open = new HashMap<>();
    /** Per agent, per partition of raw-events: offsets of the events still waiting for its vote. */
    private final Map<String, Map<Integer, TreeMap<Long, String>>> awaiting = new HashMap<>();
    private final Map<String, ProgressClaims> claims = new HashMap<>();
    /** Per agent: whether its latest marker said that its silence means SAFE. */
    private final Map<String, Boolean> silenceIsSafe = new HashMap<>();
    /** Per agent: the categories its latest marker said it judges (null: all). */
    private final Map<String, List<String>> scopes = new HashMap<>();
    /** Per agent: its clock when it last wrote anything we read (a vote, a marker, a heartbeat). */
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** Events past their deadline that wait for an agent still moving. */
    private final Set<String> overdue = new LinkedHashSet<>();
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, PendingEvent> pending;
    private WindowStore<String, DecidedEvent> decided;
    private Sensor lateVotes;
    private Sensor duplicateVotes;
    private Sensor timedOut;
    private Sensor unknownAgents;
    private Sensor forgedBallots;
    private final Map<String, String> agentByTopic;
    /** Per agent: its own votes topic, when it writes one. */
    private final Map<String, String> topicOf = new HashMap<>();
    private final TopicEnds ends;
    /** Per agent with a topic of its own: the end of its partition, and since when (our clock) it has not moved. */
    private final Map<String, long[]> endSince = new HashMap<>();
    /** Per agent: our clock when we last asked where its topic ends. */
    private final Map<String, Long> endAskedAt = new HashMap<>();
    private long startedAtMs;
    /** The newest agent clock read on votes, and our clock when we last read anything there. */
    private long newestAgentClockMs = Long.MIN_VALUE;
    private long lastReadMs;

    /** @param agentByTopic the agent whose votes each votes topic carries */
    VoteJoiner(CoordinatorSettings settings, VotingPolicy policy, Map<String, String> agentByTopic) {
        this(settings, policy, agentByTopic, TopicEnds.NONE);
    }

    /**
     * @param agentByTopic the agent whose votes each votes topic carries
     * @param ends where each agent's own topic ends on the broker (with a topic per agent)
     */
    VoteJoiner(CoordinatorSettings settings, VotingPolicy policy, Map<String, String> agentByTopic,
            TopicEnds ends) {
        this.settings = settings;
        this.policy = policy;
        this.agents = settings.expectedAgents();
        this.agentByTopic = Map.copyOf(agentByTopic);
        this.ends = ends;
        agentByTopic.forEach((topic, agent) -> topicOf.put(agent, topic));
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.pending = context.getStateStore(CoordinatorTopology.PENDING_STORE);
        this.decided = context.getStateStore(CoordinatorTopology.DECIDED_STORE);
        this.scoring = policy.in(context);
        String task = context.taskId().toString();
        this.lateVotes = sensor("late-votes", task);
        this.duplicateVotes = sensor("duplicate-votes", task);
        this.timedOut = sensor("timed-out-decisions", task);
        this.unknownAgents = sensor("unknown-agent-records", task);
        this.forgedBallots = sensor("forged-ballots", task);
        this.startedAtMs = now();
        this.lastReadMs = startedAtMs;
        for (String agent : agents) {
            awaiting.put(agent, new HashMap<>());
            claims.put(agent, new ProgressClaims());
        }
        rebuild();
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::decideOverdue);
    }

    private Sensor sensor(String operation, String task) {
        return context.metrics().addRateTotalSensor("soc-coordinator", task, operation,
                Sensor.RecordingLevel.INFO);
    }

    /** After a start, a rebalance or a failed transaction the store is the truth: read it once. */
    private void rebuild() {
        deadlines.clear();
        open.clear();
        overdue.clear();
        awaiting.values().forEach(Map::clear);
        List<Deadline> due = new ArrayList<>();
        try (KeyValueIterator<String, PendingEvent> it = pending.all()) {
            it.forEachRemaining(kv -> {
                due.add(new Deadline(kv.value.deadlineMs(), kv.key));
                Open o = new Open(kv.value);
                o.stored = true;
                for (Vote v : kv.value.votes()) {
                    o.voted |= bit(v.agent());
                }
                for (String agent : kv.value.skipped()) {
                    o.voted |= bit(agent);
                }
                open.put(kv.key, o);
                if (kv.value.hasPosition()) {
                    place(kv.key, o, kv.value.rawPartition(), kv.value.rawOffset());
                }
            });
        }
        due.sort(Comparator.comparingLong(Deadline::atMs));
        deadlines.addAll(due);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof SecurityEvent event) {
            onEvent(event, record.timestamp());
            return;
        }
        String agent = record.value() instanceof Ballot b ? b.agent() : null;
        if (agent != null && !agents.contains(agent)) {
            unknownAgents.record();
            if (record.value() instanceof AgentProgress) {
                // An agent the policy does not count (a new one being tried, say) reports several times a
                // second; its markers are counted, not dead-lettered one by one.
                return;
            }
            // Thrown before any state changes: the processing handler sends the vote to dead-letters.
            throw new UnexpectedAgentException("A vote from agent '" + agent + "', which is not one of the expected"
                    + " agents " + agents + " (" + CoordinatorSettings.EXPECTED_AGENTS + "); not counted.");
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        String owner = topic == null ? null : agentByTopic.get(topic);
        if (agent != null && owner != null && !owner.equals(agent)) {
            // Only the agent whose topic it is may write there (on a secure cluster, its principal alone): a
            // ballot in another agent's name is a forgery, or a misconfigured agent. Markers too, since a forged
            // marker would make an agent's silence read as SAFE.
            forgedBallots.record();
            throw new UnexpectedAgentException("A ballot naming agent '" + agent + "' on " + topic + ", which carries"
                    + " the " + owner + " agent's votes only; not counted.");
        }
        lastReadMs = now();
        if (record.value() instanceof Vote vote) {
            heard(agent, vote.votedAt() == null ? 0 : vote.votedAt().toEpochMilli());
            onVote(vote, record.timestamp());
        } else if (record.value() instanceof Skip skip) {
            heard(agent, skip.at().toEpochMilli());
            onSkip(skip, record.timestamp());
        } else if (record.value() instanceof AgentProgress marker) {
            heard(agent, marker.at().toEpochMilli());
            onProgress(marker);
        }
    }

    /** Anything an agent wrote shows it alive at its clock's time. */
    private void heard(String agent, long atMs) {
        newestAgentClockMs = Math.max(newestAgentClockMs, atMs);
        lastSeen.merge(agent, atMs, Math::max);
    }

    private void onEvent(SecurityEvent event, long timestamp) {
        Open o = open.get(event.id());
        PendingEvent tally;
        if (o == null) {
            if (decidedMarker(event.id()) != null) {
                LOG.info("event {} seen again after its decision; not decided twice", event.id());
                return;
            }
            tally = PendingEvent.open(event.id(), timestamp, deadlineFromNow());
            o = opened(tally);
        } else {
            tally = o.tally;
            if (tally.event() != null) {
                return;
            }
        }
        RecordMetadata where = context.recordMetadata().orElse(null);
        int partition = where == null ? 0 : where.partition();
        long offset = where == null ? 0 : where.offset();
        tally = tally.withEvent(EventSummary.of(event), event.labels(), partition, offset);
        place(event.id(), o, partition, offset);
        decideOrKeep(tally, o);
    }

    private void onVote(Vote vote, long timestamp) {
        Open o = openUnlessDecided(vote.eventId(), timestamp);
        if (o == null) {
            afterDecision(vote, decidedMarker(vote.eventId()));
        } else if ((o.voted & bit(vote.agent())) != 0) {
            duplicateVotes.record();
            LOG.debug("duplicate vote from {} on event {} ignored", vote.agent(), vote.eventId());
        } else {
            heardOn(o, vote.agent());
            decideOrKeep(o.tally.withVote(vote), o);
        }
    }

    /** An agent could not judge the event: its vote is missing, whatever its silence means. */
    private void onSkip(Skip skip, long timestamp) {
        Open o = openUnlessDecided(skip.eventId(), timestamp);
        if (o == null) {
            LOG.debug("skip from {} on decided event {} ignored", skip.agent(), skip.eventId());
        } else if ((o.voted & bit(skip.agent())) == 0) {
            LOG.debug("{} could not judge event {}", skip.agent(), skip.eventId());
            heardOn(o, skip.agent());
            decideOrKeep(o.tally.withSkip(skip.agent()), o);
        }
    }

    /** The undecided event's state, opened now if it is new; null when the event was decided already. */
    private Open openUnlessDecided(String eventId, long timestamp) {
        Open o = open.get(eventId);
        if (o == null && decidedMarker(eventId) == null) {
            o = opened(PendingEvent.open(eventId, timestamp, deadlineFromNow()));
        }
        return o;
    }

    /** The agent has spoken on the event: nothing more is awaited from it. */
    private void heardOn(Open o, String agent) {
        o.voted |= bit(agent);
        if (o.partition >= 0) {
            TreeMap<Long, String> waiting = awaiting.get(agent).get(o.partition);
            if (waiting != null) {
                waiting.remove(o.offset);
            }
        }
    }

    /** An agent moved on: events it passed without a vote will never get one from it. */
    private void onProgress(AgentProgress marker) {
        silenceIsSafe.put(marker.agent(), marker.findingsOnly());
        if (!Objects.equals(scopes.put(marker.agent(), marker.scope()), marker.scope()) && marker.scope() != null) {
            reconsiderOutsideScope(marker.agent());
        }
        if (marker.isHello()) {
            return;
        }
        long claim = claims.get(marker.agent()).record(marker);
        if (claim < 0) {
            return;
        }
        TreeMap<Long, String> waiting = awaiting.get(marker.agent()).get(marker.partition());
        if (waiting == null) {
            return;
        }
        // Passed: nothing more will come from this agent on these events (its silence or its missing vote is
        // settled), so they stop waiting for it here and are not looked at again by its next marker.
        NavigableMap<Long, String> passed = waiting.headMap(claim, true);
        List<String> eventIds = List.copyOf(passed.values());
        passed.clear();
        for (String eventId : eventIds) {
            LOG.debug("{} judged past event {} without a vote", marker.agent(), eventId);
            reconsider(eventId);
        }
    }

    /** The agent's scope is new to us: events outside it that were waiting for it need not any more. */
    private void reconsiderOutsideScope(String agent) {
        List<String> scope = scopes.get(agent);
        List<String> outside = new ArrayList<>();
        for (TreeMap<Long, String> waiting : awaiting.get(agent).values()) {
            for (String eventId : waiting.values()) {
                Open o = open.get(eventId);
                if (o != null && o.tally.event() != null && !AgentProgress.covers(scope, o.tally.event().category())) {
                    outside.add(eventId);
                }
            }
        }
        outside.forEach(this::reconsider);
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

    private long deadlineFromNow() {
        return now() + settings.timeout().toMillis();
    }

    private Open opened(PendingEvent tally) {
        Open o = new Open(tally);
        open.put(tally.eventId(), o);
        deadlines.addLast(new Deadline(tally.deadlineMs(), tally.eventId()));
        return o;
    }

    /** Records where the event is, and waits there for the votes not yet cast. */
    private void place(String eventId, Open o, int partition, long offset) {
        o.partition = partition;
        o.offset = offset;
        for (String agent : agents) {
            if ((o.voted & bit(agent)) == 0) {
                awaiting.get(agent).computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, eventId);
            }
        }
    }

    private void forget(String eventId, Open o) {
        open.remove(eventId);
        overdue.remove(eventId);
        if (o.partition >= 0) {
            for (String agent : agents) {
                TreeMap<Long, String> waiting = awaiting.get(agent).get(o.partition);
                if (waiting != null) {
                    waiting.remove(o.offset);
                }
            }
        }
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

    private void reconsider(String eventId) {
        Open o = open.get(eventId);
        if (o != null) {
            decideOrKeep(o.tally, o);
        }
    }

    /** Decides the event if nothing more can be waited for; otherwise keeps its tally. */
    private void decideOrKeep(PendingEvent tally, Open o) {
        Unheard unheard = unheard(tally, o);
        if (unheard != null) {
            decide(tally, o, unheard);
        } else {
            if (tally != o.tally || !o.stored) {
                // Unchanged when only reconsidered: nothing to write.
                pending.put(tally.eventId(), tally);
                o.tally = tally;
                o.stored = true;
            }
        }
    }

    /**
     * The agents with no vote on a decided event: those whose vote will not come, those that found
     * nothing, and those that do not judge its category.
     */
    private record Unheard(List<String> missing, List<String> silent, List<String> abstained) {
    }

    /**
     * Who has not voted, once nothing more can come: agents whose votes will not come (a skip, a
     * marker that passed the event from an agent that votes on everything, an agent stopped since
     * the deadline) and agents whose markers passed it and whose silence means SAFE; null while
     * any agent may still vote, or while the event itself has not been read and is not overdue.
     */
    private Unheard unheard(PendingEvent tally, Open o) {
        long now = now();
        boolean isOverdue = now >= tally.deadlineMs();
        List<String> missing = tally.skipped().isEmpty() ? List.of() : new ArrayList<>(tally.skipped());
        List<String> silent = List.of();
        List<String> abstained = List.of();
        String category = tally.event() == null ? null : tally.event().category();
        for (String agent : agents) {
            if ((o.voted & bit(agent)) != 0) {
                continue;
            }
            if (category != null && !AgentProgress.covers(scopes.get(agent), category)) {
                abstained = abstained.isEmpty() ? new ArrayList<>(agents.size()) : abstained;
                abstained.add(agent);
                continue;
            }
            boolean passed = o.partition >= 0 && claims.get(agent).passed(o.partition, o.offset);
            if (!passed && !(isOverdue && stalled(agent, now))) {
                return null;
            }
            if (passed && silenceIsSafe.getOrDefault(agent, false)) {
                silent = silent.isEmpty() ? new ArrayList<>(agents.size()) : silent;
                silent.add(agent);
            } else {
                missing = missing.isEmpty() ? new ArrayList<>(agents.size()) : missing;
                missing.add(agent);
            }
        }
        return tally.event() != null || isOverdue ? new Unheard(missing, silent, abstained) : null;
    }

    /**
     * Whether the agent has written nothing for the timeout, by the agents' own clocks: the newest
     * clock read on {@code votes} (from any agent) against the agent's last vote or marker. A live
     * agent writes a marker every couple of seconds even when idle, and one behind a backlog writes
     * them as it works through it, so only an agent that is down or stuck falls silent; and since
     * both sides of the comparison come from what we read, a coordinator reading a backlog late
     * never takes its own delay for the agent's. That holds on one votes topic; with a topic per
     * agent, an agent silent by the clocks must also have stopped writing ({@link #stillWriting}).
     * Only when nothing at all has been read for three timeouts does our own clock speak: every
     * agent is presumed down. An agent not heard at all since this task started is given three
     * timeouts of our clock to start.
     */
    private boolean stalled(String agent, long now) {
        long timeout = settings.timeout().toMillis();
        Long seen = lastSeen.get(agent);
        if (seen == null) {
            // Never heard since this task started: apps start in any order, and an agent's first transactions
            // can take many seconds on a busy machine (more, the more partitions it writes). It gets three timeouts.
            return now - startedAtMs >= 3 * timeout;
        }
        long agentsNow = Math.max(newestAgentClockMs, startedAtMs);
        if (now - lastReadMs >= 3 * timeout) {
            return true;
        }
        return agentsNow - seen >= timeout && !stillWriting(agent, now);
    }

    /**
     * Whether an agent that writes a topic of its own, and that looks silent by the agents' clocks,
     * has in fact written on: its partition's end on the broker moved within the last timeout (our
     * clock). With several votes topics, the agents' clocks as read are no measure on their own: a
     * task takes the oldest record of its partitions first, so a fast agent's markers, stamped with
     * events far ahead, wait behind a backlog; and an agent inside a long transaction shows nothing
     * while the others' newer records come. The end moves with every record written, read or not,
     * committed or not; only an agent that has stopped leaves it where it is. Asked of the cluster
     * at most once a second per agent; when it cannot be learnt, the clocks decide.
     */
    private boolean stillWriting(String agent, long now) {
        String topic = topicOf.get(agent);
        if (topic == null) {
            return false;
        }
        long[] since = endSince.get(agent);
        Long askedAt = endAskedAt.get(agent);
        if (since == null || askedAt == null || now - askedAt >= 1000) {
            endAskedAt.put(agent, now);
            OptionalLong end = ends.end(new TopicPartition(topic, context.taskId().partition()));
            if (end.isEmpty()) {
                return false;
            }
            if (since == null || since[1] != end.getAsLong()) {
                since = new long[] {now, end.getAsLong()};
                endSince.put(agent, since);
            }
        }
        return now - since[0] < settings.timeout().toMillis();
    }

    @Override
    public void close() {
        ends.close();
    }

    private void decide(PendingEvent tally, Open o, Unheard unheard) {
        List<String> missingAgents = unheard.missing();
        List<Vote> votes = new ArrayList<>(tally.votes().size() + unheard.silent().size() + unheard.abstained().size());
        votes.addAll(tally.votes());
        for (String agent : unheard.silent()) {
            votes.add(new Vote(tally.eventId(), agent, Verdict.SAFE, NO_FINDING_CONFIDENCE, List.of(NO_FINDING),
                    Map.of("silent", true), Instant.ofEpochMilli(now())));
        }
        for (String agent : unheard.abstained()) {
            String reason = String.format(Locale.ROOT, ABSTAINED, String.join(", ", scopes.get(agent)),
                    tally.event().category());
            votes.add(new Vote(tally.eventId(), agent, Verdict.SAFE, NO_FINDING_CONFIDENCE, List.of(reason),
                    Map.of("abstained", true), Instant.ofEpochMilli(now())));
        }
        votes.sort(Comparator.comparing(Vote::agent));
        VotingPolicy.Outcome outcome = scoring.decide(votes, missingAgents);
        Decision decision = new Decision(tally.eventId(), outcome.verdict(), outcome.action(), outcome.score(), votes,
                missingAgents, scoring.id(), tally.event(), tally.labels(), Instant.ofEpochMilli(now()));
        context.forward(new Record<>(tally.eventId(), decision, tally.eventTimeMs()));
        if (o.stored) {
            // put(null) deletes as delete() does, without reading and parsing the value it removes.
            pending.put(tally.eventId(), null);
        }
        forget(tally.eventId(), o);
        decided.put(tally.eventId(), new DecidedEvent(tally.votedAgents(), 0), now());
        if (!missingAgents.isEmpty()) {
            timedOut.record();
            LOG.debug("event {} decided without votes from {}", tally.eventId(), missingAgents);
        }
    }

    /**
     * Decides every event whose deadline passed and whose missing agents have stopped; the others
     * wait, overdue, for a vote, a marker that passes them, or their agent to stop.
     */
    private void decideOverdue(long nowMs) {
        while (!deadlines.isEmpty() && deadlines.peekFirst().atMs() <= nowMs) {
            Deadline due = deadlines.pollFirst();
            if (open.containsKey(due.eventId())) {
                overdue.add(due.eventId());
            }
        }
        if (overdue.isEmpty() || !anyAgentStalled(nowMs)) {
            return;
        }
        for (String eventId : List.copyOf(overdue)) {
            Open o = open.get(eventId);
            if (o == null) {
                overdue.remove(eventId);
                continue;
            }
            boolean waitsForStalled = false;
            for (String agent : agents) {
                waitsForStalled |= (o.voted & bit(agent)) == 0 && stalled(agent, nowMs);
            }
            if (waitsForStalled) {
                reconsider(eventId);
            }
        }
    }

    private boolean anyAgentStalled(long nowMs) {
        for (String agent : agents) {
            if (stalled(agent, nowMs)) {
                return true;
            }
        }
        return false;
    }

    private int bit(String agent) {
        return 1 << agents.indexOf(agent);
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    /** What is kept in memory of an undecided event: its tally as last stored, and who has spoken on it. */
    private static final class Open {
        PendingEvent tally;
        /** Whether the tally is in the store: one decided as it opened never is, and needs no delete. */
        boolean stored;
        int voted;
        int partition = -1;
        long offset = -1;

        Open(PendingEvent tally) {
            this.tally = tally;
        }
    }

    /** When the tally of one event falls due. */
    private record Deadline(long atMs, String eventId) {
    }

    /** A record on votes from an agent the coordinator does not expect; it goes to dead-letters. */
    static final class UnexpectedAgentException extends RuntimeException {
        UnexpectedAgentException(String message) {
            super(message);
        }
    }
}
