package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SecurityEventTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

    private static SecurityEvent login(String user, String host, String message, Map<String, String> attributes) {
        return new SecurityEvent("e-1", T, "authentication", "ssh_login", "failure",
                SecurityEvent.Endpoint.of("203.0.113.9", 40000), SecurityEvent.Endpoint.of("10.0.0.5", 22),
                SecurityEvent.User.named(user), new SecurityEvent.Host(host), null, message, null, Map.of(), attributes);
    }

    @Test
    void shouldKeepTheTextOfAnOrdinaryEventAsItIs() {
        SecurityEvent e = login("alice", "web-1", "Failed password for alice", Map.of("process.name", "sshd"));
        assertThat(e.userName()).isEqualTo("alice");
        assertThat(e.host().name()).isEqualTo("web-1");
        assertThat(e.message()).isEqualTo("Failed password for alice");
        assertThat(e.attributes()).containsExactly(Map.entry("process.name", "sshd"));
    }

    @Test
    void shouldCutEveryLongTextKeepingItsStartAndTellingLongValuesApart() {
        String longName = "a".repeat(300_000);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("process.command_line", "x".repeat(50_000));
        attributes.put("k".repeat(1_000), "v");
        attributes.put("process.name", "cmd.exe");
        SecurityEvent e = login(longName + "1", longName, "m".repeat(100_000), attributes);

        assertThat(e.userName()).hasSize(SecurityEvent.MAX_NAME_CHARS).startsWith("aaaa").matches("a+…[0-9a-f]{12}");
        assertThat(e.host().name()).hasSize(SecurityEvent.MAX_NAME_CHARS);
        // Two long values that differ only past the cut stay two values.
        assertThat(e.userName()).isNotEqualTo(e.host().name());
        assertThat(e.message()).hasSize(SecurityEvent.MAX_TEXT_CHARS);
        assertThat(e.attribute("process.command_line")).hasSize(SecurityEvent.MAX_TEXT_CHARS);
        assertThat(e.attribute("process.name")).isEqualTo("cmd.exe");
        assertThat(e.attributes().keySet()).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(
                SecurityEvent.MAX_KEY_CHARS));
        // The same cut wherever the event is made: read back from JSON, it is the same event.
        assertThat(Topics.EVENT_SERDE.parse(Topics.EVENT_SERDE.toJson(e))).isEqualTo(e);
    }

    @Test
    void shouldCutTheNamesOfEveryPartOfAnEvent() {
        String huge = "z".repeat(40_000);
        SecurityEvent e = Topics.EVENT_SERDE.parse("""
                {"id":"%1$s","timestamp":"2026-03-02T08:00:00Z","category":"%1$s","action":"%1$s","outcome":"%1$s",
                 "source":{"ip":"%1$s","domain":"%1$s","geo":{"country_iso_code":"%1$s","city_name":"%1$s"}},
                 "user":{"name":"%1$s","domain":"%1$s"},"host":{"name":"%1$s"},
                 "network":{"protocol":"%1$s","state":"%1$s"},"origin":{"format":"%1$s","file":"%1$s"},
                 "labels":{"label":"%1$s"}}""".formatted(huge));
        String json = Topics.EVENT_SERDE.toJson(e);
        assertThat(json.length()).as("17 values of 40,000 characters, cut").isLessThan(100_000);
        assertThat(e.id()).hasSize(SecurityEvent.MAX_NAME_CHARS);
        assertThat(e.source().geo().cityName()).hasSize(SecurityEvent.MAX_NAME_CHARS);
        assertThat(e.origin().file()).hasSize(SecurityEvent.MAX_TEXT_CHARS);
        assertThat(e.labels().get("label")).hasSize(SecurityEvent.MAX_TEXT_CHARS);
    }

    @Test
    void shouldRefuseToReadAnEventLargerThanAnyAppReads() {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            attributes.put("orig.f" + i, "v".repeat(4_096));
        }
        byte[] json = Topics.EVENT_SERDE.serialize("raw-events", login("alice", "web-1", null, attributes));
        assertThat(json.length).isGreaterThan(SecurityEvent.MAX_JSON_BYTES);
        assertThatThrownBy(() -> Topics.EVENT_SERDE.deserialize("raw-events", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("exceeds the limit of " + SecurityEvent.MAX_JSON_BYTES + " bytes");
        assertThat(new String(json, 0, 10, StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void shouldRefuseATimeKafkaCannotCarryNamingIt() {
        for (String time : new String[] {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "+1000000000-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> Topics.EVENT_SERDE.parse("""
                    {"id":"e-1","timestamp":"%s","category":"authentication"}""".formatted(time)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("SecurityEvent.timestamp must lie between 1970-01-01T00:00:00Z and")
                    .hasMessageContaining("not " + time);
        }
        assertThat(Topics.EVENT_SERDE.parse("""
                {"id":"e-1","timestamp":"1970-01-01T00:00:00Z","category":"authentication"}""").timestamp())
                .isEqualTo(Instant.EPOCH);
    }
}
