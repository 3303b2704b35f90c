package io.socswarm.evaluation;

import io.socswarm.incidents.IncidentTopology;
import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The feedback experiment of EVALUATION.md: a simulated analyst answers a fraction of the incidents,
 * in the order they open, from the truth — a false incident gets the narrowest suppression that
 * covers it, a true one is confirmed — and the figures compare the incidents the analyst did
 * <em>not</em> answer, without feedback and with it.
 *
 * <p>Both runs feed the dataset's alerting decisions, in event-time order (the order the builder's
 * tasks take them in), through the incident builder's own topology in Kafka's in-process driver, where an answer takes
 * effect right after the decision that opened its incident. On the real broker the answer would
 * race the next decisions, and two runs of the same data would not compare; here they do.
 */
final class FeedbackSimulation {
    /** How long a simulated suppression lasts: longer than any recording. */
    private static final Duration SUPPRESS_FOR = Duration.ofDays(3650);
    private static final String ANALYST = "simulated-analyst";

    private final SwarmConfig config;
    private final SwarmPolicy policy;
    private final Path stateDir;

    FeedbackSimulation(SwarmConfig config, SwarmPolicy policy, Path stateDir) {
        this.config = config;
        this.policy = policy;
        this.stateDir = stateDir;
    }

    /** Whether the analyst answers the incident that opened {@code n}-th (from 0): an even spread at {@code rate}. */
    static boolean answers(int n, double rate) {
        return Math.floor((n + 1) * rate) > Math.floor(n * rate);
    }

    Report.Feedback run(List<Decision> decisions, Set<String> attackers, double rate) throws Exception {
        // In event-time order, as the builder's tasks take them (each picks the oldest record of its
        // partitions): the order they were collected in is partition by partition, hours apart.
        List<Decision> ordered = new ArrayList<>(decisions);
        ordered.sort(Comparator.comparing(FeedbackSimulation::time));
        Run without = replay(ordered, attackers, rate, false);
        Run with = replay(ordered, attackers, rate, true);
        return new Report.Feedback(rate, without.unansweredFalse, with.unansweredFalse, without.unansweredTrue,
                with.unansweredTrue, with.answered);
    }

    private static final class Run {
        long unansweredFalse;
        long unansweredTrue;
        long answered;
    }

    private Run replay(List<Decision> decisions, Set<String> attackers, double rate, boolean answer) throws Exception {
        Topics topics = Topics.from(config.asMap());
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, IncidentTopology.APPLICATION_ID + "-feedback-experiment");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Path dir = Files.createDirectories(stateDir).resolve(answer ? "with" : "without");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        Instant wallClock = Instant.EPOCH.plus(Duration.ofDays(365 * 30));
        Map<String, Incident> latest = new LinkedHashMap<>();
        Map<String, Boolean> answeredIds = new HashMap<>();
        Run run = new Run();
        try (TopologyTestDriver driver = new TopologyTestDriver(IncidentTopology.buildTopology(config, policy), props,
                wallClock)) {
            TestInputTopic<String, Decision> in = driver.createInputTopic(topics.decisions().name(),
                    topics.decisions().keySerde().serializer(), topics.decisions().valueSerde().serializer());
            TestInputTopic<String, Feedback> feedback = driver.createInputTopic(topics.feedback().name(),
                    topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer());
            TestOutputTopic<String, Incident> out = driver.createOutputTopic(topics.incidents().name(),
                    topics.incidents().keySerde().deserializer(), topics.incidents().valueSerde().deserializer());
            int opened = 0;
            for (Decision d : decisions) {
                Instant time = time(d);
                in.pipeInput(d.eventId(), d, time);
                for (Incident incident : out.readValuesToList()) {
                    Incident before = latest.put(incident.id(), incident);
                    if (before != null || incident.status() == Incident.Status.SUPPRESSED) {
                        continue;
                    }
                    boolean answers = answers(opened++, rate);
                    answeredIds.put(incident.id(), answers);
                    if (answers && answer) {
                        run.answered++;
                        feedback.pipeInput(incident.id(), verdict(incident, attackers, wallClock), time);
                    }
                }
            }
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            out.readValuesToList().forEach(i -> latest.put(i.id(), i));
        }
        for (Incident incident : latest.values()) {
            if (!incident.standsAlone() || incident.status() == Incident.Status.SUPPRESSED
                    || answeredIds.getOrDefault(incident.id(), false)) {
                continue;
            }
            if (IncidentFigures.isTrue(incident, attackers)) {
                run.unansweredTrue++;
            } else {
                run.unansweredFalse++;
            }
        }
        return run;
    }

    private static Instant time(Decision d) {
        return d.event() != null && d.event().timestamp() != null ? d.event().timestamp() : d.decidedAt();
    }

    /** A true incident is confirmed; a false one is suppressed as narrowly as covers it. */
    private static Feedback verdict(Incident incident, Set<String> attackers, Instant now) {
        boolean isTrue = IncidentFigures.isTrue(incident, attackers);
        Feedback.Suppression suppression = isTrue ? null
                : new Feedback.Suppression(narrowestMatch(incident), now.plus(SUPPRESS_FOR));
        return new Feedback("sim-" + incident.id(), Feedback.Kind.VERDICT, incident.id(), null,
                isTrue ? Feedback.Verdict.TRUE_POSITIVE : Feedback.Verdict.FALSE_POSITIVE, suppression,
                incident.agents(), incident.classes(), "simulated from the truth file", ANALYST, now);
    }

    /** One suspect: that suspect. A campaign: its target (with its class, where the match can say it). */
    static Map<String, String> narrowestMatch(Incident incident) {
        if (!incident.campaign() || incident.targets().isEmpty()) {
            Suspect first = incident.suspects().get(0);
            return Map.of("suspect", first.key());
        }
        String target = incident.targets().get(0);
        boolean address = io.socswarm.model.IpRanges.parseAddress(target) != null;
        Map<String, String> match = new LinkedHashMap<>();
        match.put(address ? "destination.ip" : "destination.domain", target);
        return match;
    }
}
