package io.socswarm.coordinator;

import io.socswarm.model.EventSummary;
import io.socswarm.model.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator knows about one event it has not decided yet: the event's summary and
 * labels (from {@code raw-events}) and the votes so far (from {@code votes}).
 *
 * @param deadlineMs wall-clock time at which the tally is decided without the missing votes
 */
public record Tally(
        String eventId,
        EventSummary event,
        Map<String, String> labels,
        List<Vote> votes,
        long eventTimeMs,
        long deadlineMs) {

    public Tally {
        labels = labels == null ? Map.of() : labels;
        votes = votes == null ? List.of() : votes;
    }

    public static Tally open(String eventId, long eventTimeMs, long deadlineMs) {
        return new Tally(eventId, null, Map.of(), List.of(), eventTimeMs, deadlineMs);
    }

    boolean hasVoteFrom(String agent) {
        for (Vote v : votes) {
            if (v.agent().equals(agent)) {
                return true;
            }
        }
        return false;
    }

    List<String> votedAgents() {
        return votes.stream().map(Vote::agent).toList();
    }

    Tally withEvent(EventSummary summary, Map<String, String> eventLabels) {
        return new Tally(eventId, summary, eventLabels, votes, eventTimeMs, deadlineMs);
    }

    Tally withVote(Vote vote) {
        List<Vote> v = new ArrayList<>(votes.size() + 1);
        v.addAll(votes);
        v.add(vote);
        return new Tally(eventId, event, labels, v, eventTimeMs, deadlineMs);
    }
}
