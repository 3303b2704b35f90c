package io.socswarm.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The Sigma loader against hostile rule texts (a rule arrives from anyone who may write the
 * {@code sigma-rules} topic): valid rules and a correlation cut, spliced and salted with YAML
 * syntax, anchors and aliases, control and bidi characters, huge numbers and strings, deep nesting.
 * Loading never throws: a text loads, or each rule it could not use is reported with a file, a
 * construct and a message. Whatever loaded then matches a hostile event without throwing, and
 * nothing takes long.
 */
class SigmaLoaderProperties {
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong LOADED = new AtomicLong();
    private static final AtomicLong REPORTED = new AtomicLong();
    private static final AtomicLong MATCHED = new AtomicLong();
    private static final List<String> FIXTURES = List.of(Rules.yaml("""
            selection:
                Image|endswith: '\\\\whoami.exe'
                CommandLine|contains|all: ['/priv', '/groups']
            filter:
                User|re: '(?i)^NT AUTHORITY\\\\SYSTEM$'
            condition: selection and not filter
            """), Rules.yaml("""
            sel_b64:
                CommandLine|base64offset|contains: 'IEX'
            sel_wide:
                CommandLine|wide|base64: 'ping'
            sel_net:
                DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']
            sel_num:
                EventID|gte: 4624
            condition: 1 of sel_* or all of them
            """), """
            title: Failed logon
            id: 0e95725d-7320-415d-80f7-004da920fc11
            name: failed_logon
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 4625
                condition: selection
            level: low
            ---
            title: Spray
            id: 5b8a4c2e-6d1f-4d8e-9a51-2f7c3e0b9d21
            correlation:
                type: value_count
                rules:
                    - failed_logon
                group-by:
                    - IpAddress
                timespan: 10m
                condition:
                    field: TargetUserName
                    gte: 5
            level: high
            """);

    @AfterContainer
    static void printSummary() {
        System.out.printf("%nFuzzed Sigma rule texts: %,d; rules and correlations loaded: %,d; rules reported and"
                + " skipped: %,d; matches of loaded rules against hostile events: %,d%n", INPUTS.get(), LOADED.get(),
                REPORTED.get(), MATCHED.get());
    }

    @Property(seed = "20261203", shrinking = ShrinkingMode.BOUNDED)
    void loadingReportsWhatItCannotUseAndNeverThrows(@ForAll("ruleTexts") String text, @ForAll("values") String value) {
        INPUTS.incrementAndGet();
        long started = System.nanoTime();
        SigmaLoader.LoadResult result = new SigmaLoader().load(text, "fuzz.yml");

        LOADED.addAndGet(result.rules().size() + result.correlations().size());
        REPORTED.addAndGet(result.report().issues().size());
        for (LoadIssue issue : result.report().issues()) {
            assertThat(issue.file()).isEqualTo("fuzz.yml");
            assertThat(issue.message()).as("a reason").isNotBlank();
            assertThat(issue.construct()).as("the construct").isNotBlank();
        }
        Map<String, Object> fields = new HashMap<>();
        for (String field : List.of("Image", "CommandLine", "User", "EventID", "DestinationIp", "IpAddress")) {
            fields.put(field, value);
        }
        SigmaEvent event = MapSigmaEvent.of(fields);
        for (LogSource source : List.of(new LogSource("windows", "process_creation", null),
                new LogSource("windows", null, "security"))) {
            MATCHED.addAndGet(result.ruleSet().match(event, source).size());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to load and match").isLessThan(Duration.ofSeconds(5));
    }

    @Provide
    Arbitrary<String> ruleTexts() {
        Arbitrary<String> fixture = Arbitraries.of(FIXTURES);
        Arbitrary<String> hostile = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(120)),
                Tuple.of(3, Arbitraries.strings().withChars('\u0000', '\u001b', '\u202e', '\u200b', '\ufeff', ':', '-', '|',
                        '*', '?', '\\', '\'', '"', '[', ']', '{', '}', '&', '!', '#', '%', '\n', '\t', ' ').ofMaxLength(160)),
                Tuple.of(2, Arbitraries.of("    condition: 1 of them and not (", "        Image|re: '^(a+)+\\1$'",
                        "        Image|cidr: '10.0.0.0/99'", "        EventID|gte: 1e99999", "        X|base64offset: ",
                        "detection: &a [*a, *a]", "    sel: !!binary AAAA", "condition: " + "(".repeat(400),
                        "        X|windash|expand|fieldref: '%x%'", "timespan: 99999999999d", "group-by: {a: b}",
                        "level: " + "9".repeat(300), "---", "- - - -", "title: " + "x".repeat(60_000),
                        "    sel: " + "[".repeat(2_000), "correlation:\n    type: temporal_ordered\n    rules: []")));
        return Combinators.combine(fixture, hostile, Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 4)).as(SigmaLoaderProperties::mutate);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("C:\\Windows\\System32\\whoami.exe /priv /groups", "a".repeat(5_000) + "!", "a".repeat(28) + "!",
                        "10.1.2.3", "fe80::1", "4625", "-1", "SUVYIChOZXctT2JqZWN0", "\u202eexe.dmc"));
    }

    /** A fixture cut at {@code percent}, with {@code hostile} spliced in by one of five operations. */
    private static String mutate(String fixture, String hostile, int percent, int how) {
        int cut = fixture.length() * percent / 100;
        return switch (how) {
            case 0 -> fixture.substring(0, cut);
            case 1 -> fixture.substring(0, cut) + hostile + fixture.substring(cut);
            case 2 -> fixture.replace("\n", "\n" + hostile + "\n");
            case 3 -> hostile + "\n" + fixture;
            default -> fixture.substring(0, cut) + hostile;
        };
    }
}
