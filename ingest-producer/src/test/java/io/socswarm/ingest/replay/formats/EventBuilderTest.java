package io.socswarm.ingest.replay.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBuilderTest {
    private final EventBuilder event = new EventBuilder("e:1", new SecurityEvent.Origin("test", "f", 1L))
            .timestamp(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void shouldKeepOriginalValuesAsWrittenUnderThePrefix() {
        SecurityEvent e = event.original("IpAddress", "-").original("Empty", "").original("Padded", " x ")
                .original("Missing", null).build();

        assertThat(e.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "orig.IpAddress", "-", "orig.Empty", "", "orig.Padded", " x "));
    }

    @Test
    void shouldKeepTheFirstValueOfARepeatedName() {
        SecurityEvent e = event.original("EventID", "4625").original("EventID", "1").build();

        assertThat(e.attribute("orig.EventID")).isEqualTo("4625");
    }

    @Test
    void shouldKeepAtMostTwoHundredOriginalFieldsAndStillTakeMappedAttributes() {
        for (int i = 1; i <= 201; i++) {
            event.original(String.format("f%03d", i), "v" + i);
        }
        event.attribute("event.code", "4625");

        SecurityEvent e = event.build();
        assertThat(Fixtures.originals(e)).hasSize(200).containsEntry("f200", "v200").doesNotContainKey("f201");
        assertThat(e.attribute("event.code")).isEqualTo("4625");
        assertThat(event.originalsFull()).isTrue();
    }

    @Test
    void shouldCutAnOriginalValueToFourThousandNinetySixCharacters() {
        SecurityEvent e = event.original("CommandLine", "a".repeat(10_000)).build();

        assertThat(e.attribute("orig.CommandLine")).isEqualTo("a".repeat(4096));
    }

    @Test
    void shouldNotCutAnOriginalValueInsideASurrogatePair() {
        String value = "a".repeat(4095) + "\uD83D\uDE00" + "b";

        SecurityEvent e = event.original("Emoji", value).build();

        assertThat(e.attribute("orig.Emoji")).isEqualTo("a".repeat(4095));
    }

    @Test
    void shouldLeaveOutAnOriginalFieldWithAnOverlongName() {
        SecurityEvent e = event.original("n".repeat(257), "v").original("n".repeat(256), "w").build();

        assertThat(Fixtures.originals(e)).containsExactlyEntriesOf(Map.of("n".repeat(256), "w"));
    }
}
