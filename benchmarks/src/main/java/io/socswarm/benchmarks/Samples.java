package io.socswarm.benchmarks;

import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic inputs for the benchmarks: the seeded synthetic stream the pipeline benchmark also uses. */
public final class Samples {
    public static final int SIZE = 1024;
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    private Samples() {
    }

    public static List<SecurityEvent> events() {
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticSettings.defaults(42L, START));
        List<SecurityEvent> events = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) {
            events.add(generator.next());
        }
        return events;
    }

    /** The three votes an event typically gets: two SAFE, one with a reason and evidence. */
    public static List<Vote> votesFor(SecurityEvent event) {
        Instant at = event.timestamp().plusMillis(40);
        return List.of(
                new Vote(event.id(), "identity", Verdict.SAFE, 0.3, List.of("Not a login (network/connection); nothing for identity to judge."), Map.of(), at),
                new Vote(event.id(), "network", Verdict.SUSPICIOUS, 0.7,
                        List.of("10.0.1.18 connected to external 203.0.113.113:8080 on port 8080, which ordinary traffic does not use (command-and-control?)."),
                        Map.of("port", 8080, "uncommon_port", true), at),
                new Vote(event.id(), "threat-intel", Verdict.SAFE, 0.5, List.of("No indicator matched (1 ranges, 0 domains loaded)."), Map.of(), at));
    }
}
