package io.socswarm.agents.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.socswarm.agents.AgentDriver;
import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Vote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SigmaHQ's own regression samples through the Sigma agent, when {@code ../shared/sigma} is beside
 * the repository (it is data we may not ship, so the test is skipped without it): every rule
 * folder SigmaHQ publishes is loaded, each sample is read by our Windows reader (EVTX rendered as
 * JSON), judged by the agent's real topology, and must raise its own rule. It also reports how
 * many other rules fire on the samples.
 */
@Timeout(600)
class SigmaConformanceTest {
    private static final List<String> RULE_FOLDERS = List.of("rules", "rules-emerging-threats", "rules-threat-hunting",
            "rules-compliance", "rules-dfir");

    @TempDir
    Path dir;

    @Test
    void shouldRaiseEachRegressionSamplesOwnRule() throws IOException {
        Path shared = sharedSigma();
        assumeTrue(shared != null, "../shared/sigma is not beside the repository");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (String folder : RULE_FOLDERS) {
            if (Files.isDirectory(shared.resolve(folder))) {
                Files.createSymbolicLink(rules.resolve(folder), shared.resolve(folder).toAbsolutePath());
            }
        }
        List<Sample> samples = samples(shared.resolve("regression_data"));
        assertThat(samples).hasSizeGreaterThan(100);

        List<String> missed = new ArrayList<>();
        Map<String, Integer> othersFiring = new TreeMap<>();
        int events = 0;
        try (AgentDriver agent = new AgentDriver(new SigmaDetector(), Map.of(SigmaSettings.RULES, rules.toString()))) {
            for (Sample sample : samples) {
                List<SecurityEvent> read = read(sample.file());
                events += read.size();
                List<String> fired = new ArrayList<>();
                for (SecurityEvent event : read) {
                    fired.addAll(ruleIds(agent.judge(event)));
                }
                if (!fired.contains(sample.ruleId())) {
                    missed.add(sample.ruleId() + " " + sample.title() + " (" + shared.relativize(sample.file()) + "): fired "
                            + fired);
                }
                fired.stream().filter(id -> !id.equals(sample.ruleId())).distinct()
                        .forEach(id -> othersFiring.merge(id, 1, Integer::sum));
            }
        }
        System.out.printf(Locale.ROOT, "Sigma conformance: %d of %d regression samples (%d events) raised their own rule;"
                        + " %d other rules fired on them, %d times in all.%n", samples.size() - missed.size(), samples.size(),
                events, othersFiring.size(), othersFiring.values().stream().mapToInt(Integer::intValue).sum());
        missed.forEach(m -> System.out.println("  missed: " + m));
        assertThat(missed).as("samples that did not raise their own rule").isEmpty();
    }

    private record Sample(String ruleId, String title, Path file) {
    }

    /** Each regression folder's info.yml names its rule; its JSON file holds the events. */
    private static List<Sample> samples(Path root) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> infos = Files.walk(root)) {
            for (Path info : infos.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().toList()) {
                JsonNode rule = yaml.readTree(info.toFile()).path("rule_metadata").path(0);
                try (Stream<Path> files = Files.list(info.getParent())) {
                    for (Path json : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        samples.add(new Sample(rule.path("id").asText(), rule.path("title").asText(), json));
                    }
                }
            }
        }
        return samples;
    }

    private static List<SecurityEvent> read(Path file) throws IOException {
        List<SecurityEvent> events = new ArrayList<>();
        try (EventReader.Lines lines = Readers.forFormat("windows", Readers.Options.defaults()).read(file)) {
            while (lines.hasNext()) {
                EventReader.Line line = lines.next();
                assertThat(line.error()).as("%s line %d", file, line.number()).isNull();
                events.add(line.event());
            }
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleIds(Vote vote) {
        Object ids = vote.evidence() == null ? null : vote.evidence().get("sigma_rules");
        return ids instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
    }

    /** {@code ../shared/sigma} beside the repository root, the module's parent. */
    private static Path sharedSigma() {
        Path module = Path.of("").toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("sigma");
            if (Files.isDirectory(candidate.resolve("regression_data"))) {
                return candidate;
            }
        }
        return null;
    }
}
