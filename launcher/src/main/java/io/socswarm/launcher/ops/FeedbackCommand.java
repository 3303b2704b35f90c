package io.socswarm.launcher.ops;

import io.socswarm.local.UserError;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./swarm feedback INCIDENT --verdict …}: an analyst's verdict on an incident, and
 * optionally a suppression of alerts like it for a while, written to {@code feedback}. The
 * incident-builder app applies it (suppressed alerts become SUPPRESSED incidents; the verdict
 * counts towards each involved agent's precision), so the feedback carries the incident's agents
 * and classes as they are now.
 */
@Command(name = "feedback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Give a verdict on an incident, optionally suppressing matching alerts for a while.",
                "Suppressible fields: source.ip, source.port, destination.ip, destination.port, destination.domain, "
                        + "user.name, host.name, event.category, event.action, suspect (TYPE:VALUE); "
                        + "the .ip fields take an address or a CIDR range."})
public final class FeedbackCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Parameters(paramLabel = "INCIDENT", description = "The incident's id.")
    String incidentId;

    @Option(names = "--verdict", required = true, paramLabel = "true-positive|false-positive|benign",
            description = "What the incident was (benign: real, but allowed).")
    String verdict;

    @Option(names = "--suppress", paramLabel = "FIELD=VALUE",
            description = "Suppress alerts whose event matches every FIELD=VALUE given (repeatable).")
    List<String> suppress = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "How long the suppression lasts: 30m, 12h, 7d … (default: 7d; at most 365d).")
    String ttl;

    @Option(names = "--note", paramLabel = "TEXT", description = "Anything the next analyst should know.")
    String note;

    @Option(names = "--as", paramLabel = "NAME", description = "Who gives the verdict (default: the OS user).")
    String as;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    public FeedbackCommand() {
        this(Clock.systemUTC());
    }

    FeedbackCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        Request request = Request.parse(verdict, suppress, ttl, note, as);
        SwarmConfig config = cluster.config(Map.of());
        Topic<String, Incident> topic = Topics.from(config.asMap()).incidents();
        TopicSnapshot.Snapshot<String, Incident> incidents = TopicSnapshot.read(config, topic);
        OpsText.unreadable(spec.commandLine().getErr(), topic, incidents);
        Incident incident = incidents.latest().get(incidentId);
        if (incident == null) {
            throw new UserError("No incident " + OpsText.safe(incidentId) + " on the topic " + topic.name()
                    + " (./swarm incidents list shows them); nothing was written.");
        }
        Feedback feedback = request.feedback(incident, clock.instant());
        RecordMetadata written = FeedbackSender.send(config, feedback);
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(feedback) + ".");
        out.println("Feedback " + feedback.id() + " is on " + written.topic() + " (partition " + written.partition()
                + ", offset " + written.offset() + "); the incident-builder app applies it.");
        out.flush();
        return 0;
    }

    /** The command line, checked: everything that can be refused is refused before the cluster is asked. */
    record Request(Feedback.Verdict verdict, Map<String, String> match, Duration ttl, String note, String principal) {

        static Request parse(String verdict, List<String> suppress, String ttl, String note, String as) {
            Feedback.Verdict v = OperatorInput.verdict(verdict);
            Map<String, String> match = OperatorInput.suppression(suppress);
            if (ttl != null && match.isEmpty()) {
                throw new UserError("--ttl is how long a suppression lasts; give it with --suppress FIELD=VALUE.");
            }
            Duration lasts = ttl == null ? OperatorInput.DEFAULT_TTL : OperatorInput.ttl(ttl);
            return new Request(v, match, lasts, OperatorInput.note(note, "--note"), OperatorInput.principal(as));
        }

        Feedback feedback(Incident incident, Instant now) {
            Feedback.Suppression suppression = match.isEmpty() ? null : new Feedback.Suppression(match, now.plus(ttl));
            return new Feedback(UUID.randomUUID().toString(), Feedback.Kind.VERDICT, incident.id(), null, verdict,
                    suppression, incident.agents(), incident.classes(), note, principal, now);
        }
    }

    /** One sentence: who said what about which incident, and what it suppresses until when. */
    static String describe(Feedback f) {
        String text = "Recorded " + OperatorInput.spelling(f.verdict()) + " for incident " + OpsText.safe(f.incidentId())
                + " as " + OpsText.safe(f.by());
        if (f.suppression() != null) {
            text += ", suppressing " + f.suppression().match().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + OpsText.safe(e.getValue())).collect(Collectors.joining(" and "))
                    + " until " + OpsText.time(f.suppression().expiresAt());
        }
        return text;
    }
}
