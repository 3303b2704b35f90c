package io.socswarm.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static CompiledRule rule(String id, String logsource, String detection) {
        return CompiledRule.compile(SigmaParser.parseRule("""
                title: %s
                id: %s
                logsource:
                %s
                detection:
                %s
                """.formatted(id, id, logsource.stripIndent().indent(4), detection.stripIndent().indent(4))));
    }

    private final CompiledRule processRule = rule("proc", "product: windows\ncategory: process_creation",
            "s:\n    Image|endswith: '\\evil.exe'\ncondition: s");
    private final CompiledRule securityRule = rule("sec", "product: windows\nservice: security",
            "s:\n    EventID: 4625\ncondition: s");
    private final CompiledRule linuxRule = rule("lin", "product: linux\ncategory: process_creation",
            "s:\n    Image|endswith: '/evil.exe'\ncondition: s");
    private final CompiledRule keywordRule = rule("kw", "product: windows",
            "k:\n    - 'evil.exe'\ncondition: k");
    private final RuleSet set = RuleSet.of(List.of(processRule, securityRule, linuxRule, keywordRule));

    @Test
    void shouldOnlyTestRulesWhoseLogsourceApplies() {
        LogSource sysmonProcess = LogSource.of("Windows", "process_creation", "sysmon");
        assertThat(set.rulesFor(sysmonProcess)).containsExactlyInAnyOrder(processRule, keywordRule);
        assertThat(set.rulesFor(LogSource.of("windows", null, "security"))).containsExactlyInAnyOrder(securityRule, keywordRule);
        assertThat(set.rulesFor(LogSource.of("linux", "process_creation", null))).containsExactly(linuxRule);
        assertThat(set.rulesFor(LogSource.ANY)).isEmpty();

        MapSigmaEvent event = MapSigmaEvent.of(Map.of("Image", "C:\\evil.exe", "EventID", 4625));
        assertThat(set.match(event, sysmonProcess)).extracting(RuleMatch::ruleId).containsExactlyInAnyOrder("proc", "kw");
        assertThat(set.match(event, LogSource.of("windows", null, "security")))
                .extracting(RuleMatch::ruleId).containsExactlyInAnyOrder("sec", "kw");
        assertThat(set.match(event, LogSource.of("linux", "process_creation", null))).isEmpty();
    }

    @Test
    void shouldReturnNothingForEventsLackingEveryAnchorField() {
        MapSigmaEvent unrelated = MapSigmaEvent.of(Map.of("Foo", "bar"));
        assertThat(set.match(unrelated, LogSource.of("windows", "process_creation", null))).isEmpty();
        assertThat(processRule.requiredFields()).containsExactly("Image");
        assertThat(keywordRule.requiredFields()).isEmpty();
    }
}
