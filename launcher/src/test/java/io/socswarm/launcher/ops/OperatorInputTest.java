package io.socswarm.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.local.UserError;
import io.socswarm.model.Feedback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorInputTest {

    @Test
    void shouldReadVerdictsAsPeopleTypeThemAndAsTheEnumSpellsThem() {
        assertThat(OperatorInput.verdict("false-positive")).isEqualTo(Feedback.Verdict.FALSE_POSITIVE);
        assertThat(OperatorInput.verdict("True-Positive")).isEqualTo(Feedback.Verdict.TRUE_POSITIVE);
        assertThat(OperatorInput.verdict("BENIGN")).isEqualTo(Feedback.Verdict.BENIGN);
        assertThat(OperatorInput.verdict("false_positive")).isEqualTo(Feedback.Verdict.FALSE_POSITIVE);
        assertThat(OperatorInput.spelling(Feedback.Verdict.FALSE_POSITIVE)).isEqualTo("false-positive");
    }

    @Test
    void shouldRefuseAnUnknownVerdictNamingTheAllowedOnes() {
        assertThatThrownBy(() -> OperatorInput.verdict("maybe")).isInstanceOf(UserError.class)
                .hasMessage("--verdict must be true-positive, false-positive or benign, not 'maybe'.");
    }

    @Test
    void shouldReadTtlsInMinutesHoursAndDays() {
        assertThat(OperatorInput.ttl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(OperatorInput.ttl("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(OperatorInput.ttl("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(OperatorInput.ttl("365d")).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void shouldRefuseTtlsWithoutUnitOrOutOfRange() {
        for (String bad : List.of("7", "1w", "-1d", "0m", "366d", "7 d", "", "PT1H")) {
            assertThatThrownBy(() -> OperatorInput.ttl(bad)).as(bad).isInstanceOf(UserError.class)
                    .hasMessageStartingWith("--ttl must be");
        }
    }

    @Test
    void shouldAcceptAddressesCidrsPortsAndSuspectsNormalised() {
        Map<String, String> match = OperatorInput.suppression(List.of("source.ip=10.0.0.0/24", "destination.ip=2001:db8::/32",
                "destination.port=0443", "destination.domain=Evil.Example", "suspect=IP:10.0.0.5", "user.name=Admin",
                "event.action= ssh_login "));
        assertThat(match).containsExactly(
                Map.entry("source.ip", "10.0.0.0/24"),
                Map.entry("destination.ip", "2001:db8::/32"),
                Map.entry("destination.port", "443"),
                Map.entry("destination.domain", "evil.example"),
                Map.entry("suspect", "ip:10.0.0.5"),
                Map.entry("user.name", "Admin"),
                Map.entry("event.action", "ssh_login"));
    }

    @Test
    void shouldRefuseAFieldThatCannotBeSuppressedListingTheFieldsThatCan() {
        assertThatThrownBy(() -> OperatorInput.suppression(List.of("labels.attack=none")))
                .isInstanceOf(UserError.class)
                .hasMessage("--suppress cannot match 'labels.attack'; the fields are source.ip, source.port, destination.ip, "
                        + "destination.port, destination.domain, user.name, host.name, event.category, event.action, suspect.");
    }

    @Test
    void shouldRefuseValuesThatAreNotWhatTheFieldHolds() {
        Map<String, String> refusals = Map.of(
                "source.ip=10.0.0.300", "--suppress source.ip must be an IP address or a CIDR range",
                "source.ip=10.0.0.0/33", "--suppress source.ip must be an IP address or a CIDR range",
                "destination.ip=evil.example", "--suppress destination.ip must be an IP address or a CIDR range",
                "source.port=70000", "--suppress source.port must be a port number from 0 to 65535",
                "source.port=ssh", "--suppress source.port must be a port number",
                "suspect=10.0.0.5", "--suppress suspect must be TYPE:VALUE",
                "suspect=pc:ws-1", "--suppress suspect must be TYPE:VALUE",
                "suspect=ip:nope", "--suppress suspect must be an IP address",
                "host.name=", "--suppress host.name= needs a value.",
                "source.ip", "--suppress takes field=value");
        refusals.forEach((pair, message) -> assertThatThrownBy(() -> OperatorInput.suppression(List.of(pair)))
                .as(pair).isInstanceOf(UserError.class).hasMessageStartingWith(message));
    }

    @Test
    void shouldRefuseAFieldNamedTwiceAndControlCharactersInValues() {
        assertThatThrownBy(() -> OperatorInput.suppression(List.of("source.ip=10.0.0.5", "Source.IP=10.0.0.6")))
                .isInstanceOf(UserError.class).hasMessage("--suppress names source.ip twice; a suppression matches one value per field.");
        assertThatThrownBy(() -> OperatorInput.suppression(List.of("user.name=root\u001b[2J")))
                .isInstanceOf(UserError.class).hasMessage("--suppress user.name must not contain control characters.");
    }

    @Test
    void shouldTakeThePrincipalFromAsOrElseTheOsUser() {
        assertThat(OperatorInput.principal(" alice ")).isEqualTo("alice");
        assertThat(OperatorInput.principal(null)).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void shouldRefuseAPersonActingAsPolicyOrANameWithControlCharacters() {
        assertThatThrownBy(() -> OperatorInput.principal("Policy:auto")).isInstanceOf(UserError.class)
                .hasMessage("'Policy:auto' is reserved for acts of policy; give your own name with --as.");
        assertThatThrownBy(() -> OperatorInput.principal("alice\nbob")).isInstanceOf(UserError.class)
                .hasMessage("--as must not contain control characters.");
        assertThatThrownBy(() -> OperatorInput.principal("  ")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("Say who you are with --as NAME");
    }

    @Test
    void shouldTrimNotesAndDropEmptyOnes() {
        assertThat(OperatorInput.note("  scanner of the red team ", "--note")).isEqualTo("scanner of the red team");
        assertThat(OperatorInput.note("   ", "--note")).isNull();
        assertThat(OperatorInput.note(null, "--note")).isNull();
        assertThatThrownBy(() -> OperatorInput.note("x".repeat(1001), "--note")).isInstanceOf(UserError.class)
                .hasMessage("--note is longer than 1000 characters.");
    }
}
