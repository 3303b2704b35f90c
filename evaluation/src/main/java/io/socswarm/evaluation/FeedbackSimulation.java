package io.socswarm.evaluation;

import io.socswarm.incidents.IncidentTopology;
import io.socswarm.incidents.Sighting;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
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
 * The incident builder's own topology in Kafka's in-process driver, fed a dataset's alerting
 * decisions in event-time order (ties by event id): how a live stream, whose decisions arrive about
 * as their events happen, would group them, and the same on every run. On the broker a bulk replay
 * delivers decisions partition by partition, hours of event time apart, and which suspects a
 * campaign takes in depends on that arrival order; {@code evaluate} reports those live incidents
 * apart and scores these.
 *
 * <p>The driver runs the incident steps alone ({@link IncidentTopology#buildIncidentStepsTopology}).
 * It runs a whole topology as one task with one stream time, where the app on the broker runs each
 * sub-topology as tasks of their own; the action desk's audit entries are stamped when their
 * decision was made, today, and in the driver they moved the campaign tracker's stream time years
 * past a recording's events, so that it forgot every campaign's suspects at the first proposed action.
 *
 * <p>It also runs the feedback experiment of EVALUATION.md: a simulated analyst answers a fraction of
 * the incidents, in the order they open, from the truth — a false incident gets the narrowest
 * suppression that covers it, a true one is confirmed — and the figures compare the incidents the
 * analyst did <em>not</em> answer, without feedback and with it. An answer takes effect right after
 * the decision that opened its incident; on the real broker it would race the next decisions, and two
 * runs of the same data would not compare.
 */
final class FeedbackSimulation {
    /** How long a simulated suppression lasts: longer than any recording. */
    private static final Duration SUPPRESS_FOR = Duration.ofDays(3650);
    private static final String ANALYST = "simulated-analyst";
    /**
     * The driver's wall clock: fixed, so that nothing depends on when the evaluation runs, and after every
     * recording, as a replay's is (the builder places a decision stamped ahead of its wall clock at its limit).
     */
    private static final Instant WALL_CLOCK = Instant.parse("2100-01-01T00:00:00Z");

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

    /** The decisions in the order the replay feeds them: by event time, then by event id. */
    static List<Decision> inEventTimeOrder(Collection<Decision> decisions) {
        List<Decision> ordered = new ArrayList<>(decisions);
        ordered.sort(Comparator.comparing(FeedbackSimulation::time).thenComparing(Decision::eventId));
        return ordered;
    }

    /** Groups {@code decisions} (already in order) without an analyst. */
    Replay group(List<Decision> ordered) throws Exception {
        return replay(ordered, Set.of(), 0, "grouping");
    }

    /**
     * The feedback experiment: {@code without} is {@link #group} of the same {@code ordered} decisions,
     * which are replayed once more with the analyst answering at {@code rate}.
     */
    Report.Feedback run(Replay without, List<Decision> ordered, Set<String> attackers, double rate) throws Exception {
        Replay with = replay(ordered, attackers, rate, "feedback");
        Set<String> wouldAnswer = new HashSet<>();
        for (int n = 0; n < without.opened().size(); n++) {
            if (answers(n, rate)) {
                wouldAnswer.add(without.opened().get(n));
            }
        }
        long[] before = without.unanswered(attackers, wouldAnswer);
        long[] after = with.unanswered(attackers, with.answered());
        return new Report.Feedback(rate, before[0], after[0], before[1], after[1], with.answered().size());
    }

    /**
     * What one replay wrote.
     *
     * @param latest   each incident at its latest version, in the order first written
     * @param opened   the ids of the incidents an analyst sees open, in that order (suppressed ones left out)
     * @param answered the ids the simulated analyst answered
     */
    record Replay(Map<String, Incident> latest, List<String> opened, Set<String> answered) {
        Collection<Incident> incidents() {
            return latest.values();
        }

        /** False and true incidents that stand alone, are not suppressed and not in {@code answered}. */
        private long[] unanswered(Set<String> attackers, Set<String> answered) {
            long[] falseAndTrue = new long[2];
            for (Incident incident : latest.values()) {
                if (!incident.standsAlone() || incident.status() == Incident.Status.SUPPRESSED
                        || answered.contains(incident.id())) {
                    continue;
                }
                falseAndTrue[IncidentFigures.isTrue(incident, attackers) ? 1 : 0]++;
            }
            return falseAndTrue;
        }
    }

    private Replay replay(List<Decision> decisions, Set<String> attackers, double rate, String name)
            throws Exception {
        boolean answer = rate > 0;
        Topics topics = Topics.from(config.asMap());
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, IncidentTopology.APPLICATION_ID + "-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).resolve(name).toString());
        // The driver processes every record as it is piped in, so there is nothing to wait for; at the
        // default (0) each record still had every empty input described in a formatted string.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        Map<String, Incident> latest = new LinkedHashMap<>();
        List<String> opened = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IncidentTopology.buildIncidentStepsTopology(config, policy), props, WALL_CLOCK)) {
            TestInputTopic<String, Decision> in = driver.createInputTopic(topics.decisions().name(),
                    topics.decisions().keySerde().serializer(), topics.decisions().valueSerde().serializer());
            TestInputTopic<String, Feedback> feedback = driver.createInputTopic(topics.feedback().name(),
                    topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer());
            TestOutputTopic<String, Incident> out = driver.createOutputTopic(topics.incidents().name(),
                    topics.incidents().keySerde().deserializer(), topics.incidents().valueSerde().deserializer());
            for (Decision d : decisions) {
                Instant time = time(d);
                in.pipeInput(d.eventId(), d, time);
                for (Incident incident : out.readValuesToList()) {
                    Incident before = latest.put(incident.id(), incident);
                    if (before != null || incident.status() == Incident.Status.SUPPRESSED) {
                        continue;
                    }
                    if (answer && answers(opened.size(), rate)) {
                        answered.add(incident.id());
                        feedback.pipeInput(incident.id(), verdict(incident, attackers, WALL_CLOCK), time);
                    }
                    opened.add(incident.id());
                }
            }
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            out.readValuesToList().forEach(i -> latest.put(i.id(), i));
        }
        return new Replay(latest, opened, answered);
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

    /**
     * One suspect: that suspect. A campaign: its target — an address, else the host that logged the
     * guessing for a campaign of credential guessing, else a domain.
     */
    static Map<String, String> narrowestMatch(Incident incident) {
        if (!incident.campaign() || incident.targets().isEmpty()) {
            Suspect first = incident.suspects().get(0);
            return Map.of("suspect", first.key());
        }
        String target = incident.targets().get(0);
        boolean address = io.socswarm.model.IpRanges.parseAddress(target) != null;
        boolean guessing = !incident.classes().isEmpty()
                && Sighting.CREDENTIAL_GUESSING.equals(Sighting.kindOf(incident.classes().get(0)));
        return Map.of(address ? "destination.ip" : guessing ? "host.name" : "destination.domain", target);
    }
}
