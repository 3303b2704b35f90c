package io.socswarm.coordinator;

import io.socswarm.model.EventSummary;
import io.socswarm.model.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator knows about one event: the event's summary and labels (from
 * {@code raw-events}), the votes so far (from {@code votes}), and, once decided, only which
 * agents voted, so that a late vote is recognised and counted instead of deciding twice.
 *
 * @param deadlineMs wall-clock time at which the tally is decided without the missing votes, or,
 *                   once decided, at which its marker is forgotten
 */
public record Tally(
        String eventId,
        EventSummary event,
        Map<String, String> labels,
        List<Vote> votes,
        List<String> votedAgents,
        long eventTimeMs,
        long deadlineMs,
        boolean decided,
        int lateVotes) {

    public Tally {
        labels = labels == null ? Map.of() : labels;
        votes = votes == null ? List.of() : votes;
        votedAgents = votedAgents == null ? List.of() : votedAgents;
    }

    public static Tally open(String eventId, long eventTimeMs, long deadlineMs) {
        return new Tally(eventId, null, Map.of(), List.of(), List.of(), eventTimeMs, deadlineMs, false, 0);
    }

    boolean hasVoteFrom(String agent) {
        return votedAgents.contains(agent);
    }

    Tally withEvent(EventSummary summary, Map<String, String> eventLabels) {
        return new Tally(eventId, summary, eventLabels, votes, votedAgents, eventTimeMs, deadlineMs, decided, lateVotes);
    }

    Tally withVote(Vote vote) {
        List<Vote> v = new ArrayList<>(votes);
        v.add(vote);
        List<String> a = new ArrayList<>(votedAgents);
        a.add(vote.agent());
        return new Tally(eventId, event, labels, v, a, eventTimeMs, deadlineMs, decided, lateVotes);
    }

    /** After the decision only the marker stays: who voted, and until when to remember it. */
    Tally decidedUntil(long forgetAtMs) {
        return new Tally(eventId, null, Map.of(), List.of(), votedAgents, eventTimeMs, forgetAtMs, true, lateVotes);
    }

    Tally withLateVote(String agent) {
        List<String> a = new ArrayList<>(votedAgents);
        if (!a.contains(agent)) {
            a.add(agent);
        }
        return new Tally(eventId, event, labels, votes, a, eventTimeMs, deadlineMs, decided, lateVotes + 1);
    }
}
