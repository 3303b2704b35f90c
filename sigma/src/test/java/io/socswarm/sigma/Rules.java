package io.socswarm.sigma;

import java.util.Map;

/** Test helpers: small inline rules and events. */
final class Rules {

    private Rules() {
    }

    /** A process_creation rule whose detection section is {@code detection} (indented by 4). */
    static CompiledRule compile(String detection) {
        return CompiledRule.compile(SigmaParser.parseRule(yaml(detection)));
    }

    static String yaml(String detection) {
        return """
                title: Test rule
                id: 11111111-2222-3333-4444-555555555555
                level: high
                tags:
                    - attack.execution
                    - attack.t1059.001
                logsource:
                    product: windows
                    category: process_creation
                detection:
                """ + detection.stripIndent().lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
    }

    static boolean matches(String detection, Map<String, ?> event) {
        return compile(detection).matches(MapSigmaEvent.of(event));
    }
}
