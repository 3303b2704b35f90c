package io.socswarm.sigma;

import static io.socswarm.sigma.Rules.compile;
import static io.socswarm.sigma.Rules.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.sigma.condition.ConditionNode;
import io.socswarm.sigma.condition.ConditionParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {

    private static final String ABC = """
            a:
                A: '1'
            b:
                B: '1'
            c:
                C: '1'
            """;

    private static boolean abc(String condition, Map<String, ?> event) {
        return matches(ABC + "condition: " + condition + "\n", event);
    }

    @Test
    void shouldBindAndTighterThanOr() {
        ConditionNode tree = ConditionParser.parse("a or b and c");
        assertThat(tree).isEqualTo(new ConditionNode.Or(List.of(
                new ConditionNode.Identifier("a"),
                new ConditionNode.And(List.of(new ConditionNode.Identifier("b"), new ConditionNode.Identifier("c"))))));
        assertThat(abc("a or b and c", Map.of("A", "1"))).isTrue();
        assertThat(abc("(a or b) and c", Map.of("A", "1"))).isFalse();
    }

    @Test
    void shouldBindNotTighterThanAnd() {
        assertThat(ConditionParser.parse("not a and b")).isEqualTo(new ConditionNode.And(List.of(
                new ConditionNode.Not(new ConditionNode.Identifier("a")), new ConditionNode.Identifier("b"))));
        assertThat(abc("not a and b", Map.of("B", "1"))).isTrue();
        assertThat(abc("not a and b", Map.of("A", "1", "B", "1"))).isFalse();
        assertThat(abc("not (a and b)", Map.of("A", "1"))).isTrue();
        assertThat(abc("not not a", Map.of("A", "1"))).isTrue();
    }

    @Test
    void shouldParseNestedParenthesesAcrossLines() {
        String multiLine = ABC + "condition: |\n    a and\n    (\n        b or\n        c\n    )\n";
        assertThat(matches(multiLine, Map.of("A", "1", "C", "1"))).isTrue();
        assertThat(matches(multiLine, Map.of("B", "1", "C", "1"))).isFalse();
        assertThat(abc("a and ((b) or (c))", Map.of("A", "1"))).isFalse();
    }

    @Test
    void shouldResolveOneOfAndAllOfWithWildcards() {
        String detection = """
                selection_img:
                    Image|endswith: '\\x.exe'
                selection_cli:
                    CommandLine|contains: 'evil'
                filter_main:
                    User: 'SYSTEM'
                """;
        Map<String, String> onlyImage = Map.of("Image", "c:\\x.exe");
        Map<String, String> both = Map.of("Image", "c:\\x.exe", "CommandLine", "evil");
        assertThat(matches(detection + "condition: 1 of selection_*\n", onlyImage)).isTrue();
        assertThat(matches(detection + "condition: all of selection_*\n", onlyImage)).isFalse();
        assertThat(matches(detection + "condition: all of selection_*\n", both)).isTrue();
        assertThat(matches(detection + "condition: all of selection_* and not 1 of filter_*\n",
                Map.of("Image", "c:\\x.exe", "CommandLine", "evil", "User", "system"))).isFalse();
        assertThat(matches(detection + "condition: all of sel*_img\n", onlyImage)).isTrue();
    }

    @Test
    void shouldQuantifyOverThemExceptUnderscoreIdentifiers() {
        String detection = """
                a:
                    A: '1'
                b:
                    B: '1'
                _helper:
                    H: '1'
                """;
        assertThat(matches(detection + "condition: 1 of them\n", Map.of("B", "1"))).isTrue();
        assertThat(matches(detection + "condition: 1 of them\n", Map.of("H", "1"))).isFalse();
        assertThat(matches(detection + "condition: all of them\n", Map.of("A", "1", "B", "1"))).isTrue();
        assertThat(matches(detection + "condition: all of them\n", Map.of("A", "1"))).isFalse();
    }

    @Test
    void shouldOrAListOfConditions() {
        String rule = ABC + "condition:\n    - a and b\n    - c\n";
        assertThat(matches(rule, Map.of("C", "1"))).isTrue();
        assertThat(matches(rule, Map.of("A", "1"))).isFalse();
    }

    @Test
    void shouldRejectAggregationsAndBadSyntax() {
        assertThatThrownBy(() -> compile(ABC + "condition: a | count() by B > 3\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class, e -> {
                    assertThat(e.construct()).isEqualTo("condition: count() aggregation (deprecated)");
                    assertThat(e.kind()).isEqualTo(SigmaRuleException.Kind.UNSUPPORTED);
                });
        assertThatThrownBy(() -> compile(ABC + "condition: a and\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class, e -> assertThat(e.construct()).isEqualTo("condition: syntax"));
        assertThatThrownBy(() -> compile(ABC + "condition: (a or b\n")).isInstanceOf(SigmaRuleException.class);
        assertThatThrownBy(() -> compile(ABC + "condition: a and missing\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class,
                        e -> assertThat(e.construct()).isEqualTo("condition: unknown search identifier"));
        assertThatThrownBy(() -> compile(ABC + "condition: 1 of nothing*\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class,
                        e -> assertThat(e.construct()).contains("matches no search identifier"));
    }
}
