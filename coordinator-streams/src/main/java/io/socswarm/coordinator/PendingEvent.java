package io.socswarm.coordinator;

import io.socswarm.model.EventSummary;
import io.socswarm.model.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator knows about one event it has not decided yet: the event's summary, labels
 * and position in {@code raw-events} (once it has read the event) and the votes so far.
 *
 * @param deadlineMs   wall-clock time from which a vote still missing may be given up, if its agent
 *                     has stopped moving (see {@link VoteJoiner})
 * @param rawPartition partition of {@code raw-events} the event was read from, or null before that
 * @param rawOffset    its offset there, or null before that
 * @param skipped      agents that said they could not judge the event (a {@code Skip}): missing
 */
public record PendingEvent(
        String eventId,
        EventSummary event,
        Map<String, String> labels,
        List<Vote> votes,
        long eventTimeMs,
        long deadlineMs,
        Integer rawPartition,
        Long rawOffset,
        List<String> skipped) {

    public PendingEvent {
        labels = labels == null ? Map.of() : labels;
        votes = votes == null ? List.of() : votes;
        skipped = skipped == null ? List.of() : skipped;
    }

    public static PendingEvent open(String eventId, long eventTimeMs, long deadlineMs) {
        return new PendingEvent(eventId, null, Map.of(), List.of(), eventTimeMs, deadlineMs, null, null, List.of());
    }

    boolean hasVoteFrom(String agent) {
        for (Vote v : votes) {
            if (v.agent().equals(agent)) {
                return true;
            }
        }
        return false;
    }

    boolean hasPosition() {
        return rawPartition != null && rawOffset != null;
    }

    List<String> votedAgents() {
        return votes.stream().map(Vote::agent).toList();
    }

    PendingEvent withEvent(EventSummary summary, Map<String, String> eventLabels, int partition, long offset) {
        return new PendingEvent(eventId, summary, eventLabels, votes, eventTimeMs, deadlineMs, partition, offset,
                skipped);
    }

    PendingEvent withVote(Vote vote) {
        List<Vote> v = new ArrayList<>(votes.size() + 1);
        v.addAll(votes);
        v.add(vote);
        return new PendingEvent(eventId, event, labels, v, eventTimeMs, deadlineMs, rawPartition, rawOffset, skipped);
    }

    PendingEvent withSkip(String agent) {
        List<String> s = new ArrayList<>(skipped.size() + 1);
        s.addAll(skipped);
        s.add(agent);
        return new PendingEvent(eventId, event, labels, votes, eventTimeMs, deadlineMs, rawPartition, rawOffset, s);
    }
}
