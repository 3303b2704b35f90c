package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./swarm evaluate} end to end: a small labelled recording, a truth file with rules, a real
 * local broker in its own JVM, the agents and the coordinator as shipped, and the JSON it
 * writes. The recording is the synthetic stream (whose detection PipelineIT pins down), labelled
 * here by rules over addresses and fields rather than by its own label column, so that the rules
 * can be checked against the generator's truth. It runs twice, as two datasets at once on the one
 * broker the run shares: neither may see anything of the other (same event ids, same sources), and
 * both must give the same figures.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EvaluateIT {
    private static final int EVENTS = 400;
    private static final String ATTACKERS = "[45.0.0.0/8, 91.0.0.0/8, 103.0.0.0/8, 185.0.0.0/8, 193.0.0.0/8]";

    @TempDir
    Path dir;

    @Test
    void shouldDecideEveryReplayedEventAndScoreItAgainstTheTruthFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<SecurityEvent> events = synthetic();
        Files.write(data.resolve("synthetic.jsonl"), events.stream()
                .map(e -> new String(Topics.EVENT_SERDE.serialize("x", e), StandardCharsets.UTF_8)).toList());
        Files.writeString(data.resolve("feed.txt"), "203.0.113.0/24 ; demo\n");
        Path truth = Files.createDirectories(dir.resolve("truth"));
        String truthFile = """
                dataset: %2$s
                files: [synthetic.jsonl]
                format: json
                default: benign
                rules:
                  - label: ignore
                    match: { category: dns }
                  - label: port_scan
                    match: { source.ip: %1$s, network.state: [REJ, S0] }
                  - label: ssh_brute_force
                    match: { source.ip: %1$s, action: ssh_login, outcome: failure }
                  - label: password_spraying
                    match: { source.ip: %1$s, action: logon, outcome: failure }
                  - label: known_bad_ip
                    match: { destination.ip: 203.0.113.0/24 }
                intel: [feed.txt]
                site:
                  homeNetworks: [10.0.0.0/8]
                  exposedServices: []
                """;
        Files.writeString(truth.resolve("a.yaml"), truthFile.formatted(ATTACKERS, "synthetic-mini"));
        Files.writeString(truth.resolve("b.yaml"), truthFile.formatted(ATTACKERS, "synthetic-mini-again"));
        // The two datasets run at once, each on a swarm of its own.
        List<List<Path>> intelLoads = Collections.synchronizedList(new ArrayList<>());
        List<String> homeNetworksSeen = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EvaluateCommand command = new EvaluateCommand((SwarmConfig config, List<Path> feeds) -> {
            intelLoads.add(feeds);
            homeNetworksSeen.add(config.get("swarm.site.home.networks"));
        }, new PrintStream(printed, true, StandardCharsets.UTF_8));
        Path json = dir.resolve("evaluation.json");

        long start = System.nanoTime();
        int exit = new CommandLine(command).execute("--data-root", data.toString(), "--truth", truth.toString(),
                "--json", json.toString(), "--work-dir", dir.resolve("work").toString(), "--partitions", "2",
                "--live-incidents");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        System.out.println("EvaluateIT: evaluate took " + took.toMillis() + " ms");

        assertThat(exit).as(table).isZero();
        assertThat(intelLoads).containsExactly(List.of(data.resolve("feed.txt")), List.of(data.resolve("feed.txt")));
        assertThat(homeNetworksSeen).containsExactly("10.0.0.0/8", "10.0.0.0/8");
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.get("failures")).isEmpty();
        JsonNode d = report.get("datasets").get(0);
        JsonNode again = report.get("datasets").get(1);
        assertThat(again.get("name").asText()).isEqualTo("synthetic-mini-again");
        for (String figure : List.of("events", "decided", "undecided", "withMissingAgents", "perEvent", "perClass",
                "attackers", "alertsPer1000", "agents")) {
            assertThat(again.get(figure)).as("%s of the second run", figure).isEqualTo(d.get(figure));
        }
        assertThat(d.get("name").asText()).isEqualTo("synthetic-mini");
        assertThat(d.get("events").asLong()).isEqualTo(EVENTS);
        assertThat(d.get("decided").asLong()).isEqualTo(EVENTS);
        assertThat(d.get("undecided").asLong()).isZero();
        assertThat(d.get("withMissingAgents").asLong()).isZero();

        // The rules reproduce the generator's own truth: same classes, same counts, DNS ignored.
        Map<String, Long> byLabel = events.stream().filter(e -> !e.category().equals("dns"))
                .collect(Collectors.groupingBy(e -> e.labels().get("label"), TreeMap::new, Collectors.counting()));
        long dns = events.stream().filter(e -> e.category().equals("dns")).count();
        assertThat(d.get("ignored").asLong()).isEqualTo(dns);
        Map<String, Long> perClass = new TreeMap<>();
        d.get("perClass").fields().forEachRemaining(f -> perClass.put(f.getKey(), f.getValue().get("events").asLong()));
        byLabel.remove("benign");
        assertThat(perClass).isEqualTo(byLabel);
        assertThat(perClass).containsKeys("port_scan", "ssh_brute_force", "password_spraying", "known_bad_ip");

        // Sane figures: what PipelineIT promises for this stream (every attack event alerted, benign rarely).
        JsonNode perEvent = d.get("perEvent");
        assertThat(perEvent.get("recall").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(perEvent.get("fpr").asDouble()).isLessThanOrEqualTo(0.05);
        assertThat(perEvent.get("precision").asDouble()).isBetween(0.5, 1.0);
        assertThat(d.get("attackers").get("total").asLong()).isPositive();
        assertThat(d.get("attackers").get("detected").asLong()).isEqualTo(d.get("attackers").get("total").asLong());
        assertThat(d.get("alertsPer1000").asDouble()).isPositive();
        assertThat(d.get("alertedEntities").asLong()).isPositive();
        assertThat(d.get("agents").get("network").get("recall").asDouble())
                .isLessThanOrEqualTo(perEvent.get("recall").asDouble());
        assertThat(report.get("overall").get("recall").asDouble()).isEqualTo(perEvent.get("recall").asDouble());
        assertThat(table).contains("synthetic-mini", "swarm", "network alone", "overall");
        // Scored from the in-process grouping; with --live-incidents the incident app ran on the broker too.
        assertThat(d.get("incidents").get("opened").asLong()).isPositive();
        assertThat(d.get("incidents").get("true").asLong()).isPositive();
        assertThat(d.get("incidents").get("liveOpened").asLong()).isPositive();
        assertThat(table).contains("the incident app on the broker opened");
    }

    /** A few hundred events with the attacks the rules can tell from fields alone (no per-event bytes threshold). */
    private static List<SecurityEvent> synthetic() {
        // Seed 4 gives all four kinds of attack within 400 events (scans are long, the others short).
        SyntheticGenerator generator = new SyntheticGenerator(new SyntheticSettings(4L,
                Instant.parse("2024-05-01T08:00:00Z"), 0.4, SyntheticSettings.DEFAULT_MEAN_GAP,
                Map.of("port_scan", 1.0, "ssh_brute_force", 2.0, "password_spraying", 2.0, "known_bad_ip", 3.0)));
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(generator.next());
        }
        return events;
    }
}
