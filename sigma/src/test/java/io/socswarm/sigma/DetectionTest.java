package io.socswarm.sigma;

import static io.socswarm.sigma.Rules.compile;
import static io.socswarm.sigma.Rules.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionTest {

    @Test
    void shouldAndTheEntriesOfAMapAndOrAListOfMaps() {
        String map = """
                s:
                    EventLog: Security
                    EventID:
                        - 517
                        - 1102
                condition: s
                """;
        assertThat(matches(map, Map.of("EventLog", "security", "EventID", 1102))).isTrue();
        assertThat(matches(map, Map.of("EventLog", "System", "EventID", 1102))).isFalse();
        String listOfMaps = """
                s:
                    - Image|endswith: '\\example.exe'
                    - Description|contains: 'Test executable'
                condition: s
                """;
        assertThat(matches(listOfMaps, Map.of("Description", "a test executable"))).isTrue();
        assertThat(matches(listOfMaps, Map.of("Image", "c:\\other.exe"))).isFalse();
    }

    @Test
    void shouldSearchKeywordsInAnyValueOfTheEvent() {
        String keywords = """
                keywords:
                    - 'event::clear'
                    - 'svchost.exe -n evil'
                condition: keywords
                """;
        assertThat(matches(keywords, Map.of("Message", "mimikatz # EVENT::Clear done"))).isTrue();
        assertThat(matches(keywords, Map.of("nested", Map.of("deep", List.of("x", "run svchost.exe -n evil"))))).isTrue();
        assertThat(matches(keywords, Map.of("Message", "event::drop"))).isFalse();
    }

    @Test
    void shouldRequireAllKeywordsWithPipeAll() {
        String rule = """
                keywords_cmdlet:
                    '|all':
                        - 'OabVirtualDirectory'
                        - ' -ExternalUrl '
                condition: keywords_cmdlet
                """;
        assertThat(matches(rule, Map.of("a", "Set-OabVirtualDirectory", "b", "x -externalurl y"))).isTrue();
        assertThat(matches(rule, Map.of("a", "Set-OabVirtualDirectory"))).isFalse();
    }

    @Test
    void shouldReportMatchedFieldsAndValuesButNotFilters() {
        CompiledRule rule = compile("""
                selection_img:
                    Image|endswith: '\\whoami.exe'
                selection_cli:
                    - CommandLine|contains: '/all'
                    - CommandLine|contains: '/priv'
                filter:
                    User: 'admin'
                condition: selection_img and 1 of selection_cli and not filter
                """);
        RuleMatch match = rule.match(MapSigmaEvent.of(Map.of(
                "Image", "C:\\Windows\\System32\\whoami.exe", "CommandLine", "whoami /priv", "User", "bob"))).orElseThrow();
        assertThat(match.ruleId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(match.level()).isEqualTo("high");
        assertThat(match.rule().rule().attackTags()).containsExactly("attack.execution", "attack.t1059.001");
        assertThat(match.evidence()).containsExactly(
                new FieldMatch("selection_img", "Image", "C:\\Windows\\System32\\whoami.exe", "endswith '\\whoami.exe'"),
                new FieldMatch("selection_cli", "CommandLine", "whoami /priv", "contains '/priv'"));
        assertThat(rule.match(MapSigmaEvent.of(Map.of(
                "Image", "C:\\whoami.exe", "CommandLine", "whoami /priv", "User", "Admin")))).isEmpty();
    }

    @Test
    void shouldReportEveryValueOfAnAllList() {
        CompiledRule rule = compile("""
                s:
                    CommandLine|contains|all:
                        - 'a1'
                        - 'b2'
                condition: s
                """);
        RuleMatch match = rule.match(MapSigmaEvent.of(Map.of("CommandLine", "a1 b2"))).orElseThrow();
        assertThat(match.evidence()).extracting(FieldMatch::ruleValue).containsExactly("contains 'a1'", "contains 'b2'");
    }

    @Test
    void shouldComputeRequiredFieldsFromTheCondition() {
        CompiledRule rule = compile("""
                a:
                    Image|endswith: 'x.exe'
                    ParentImage|endswith: 'y.exe'
                b:
                    - Image|endswith: 'z.exe'
                    - Image|startswith: 'C:\\'
                      CommandLine|contains: 'q'
                n:
                    Gone: null
                f:
                    User: 'bob'
                condition: (a or b) and n and not f
                """);
        assertThat(rule.requiredFields()).containsExactly("Image");
    }

    @Test
    void shouldReadNestedFieldsByDottedPath() {
        String rule = """
                s:
                    userIdentity.arn|fieldref: requestParameters.userName
                condition: s
                """;
        assertThat(matches(rule, Map.of("userIdentity", Map.of("arn", "bob"),
                "requestParameters", Map.of("userName", "BOB")))).isTrue();
        assertThat(matches(rule, Map.of("userIdentity.arn", "bob", "requestParameters.userName", "alice"))).isFalse();
    }
}
