package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.agents.threatintel.feeds.FeedFormat;
import io.socswarm.model.Indicator;
import io.socswarm.model.Topics;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntelLoadTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(IntelLoadTest.class.getResource("/feeds/" + name).toURI());
    }

    private static MockProducer<String, Indicator> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), Topics.INDICATOR_SERDE.serializer());
    }

    @Test
    void shouldPublishEachIndicatorOnceKeyedByTypeAndValueAndSummariseByType() throws Exception {
        Path again = Files.writeString(dir.resolve("again.txt"), "5.188.10.0/23 ; SBL402741\n");
        MockProducer<String, Indicator> producer = producer();

        IntelLoad.Result result = IntelLoad.publish(producer, "intel-indicators",
                IntelLoad.parse(List.of(fixture("drop.txt"), fixture("feodo.csv"), again), null, null));

        // The repeated network is sent once, as its last entry, in that entry's place.
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly(
                "cidr:198.51.100.128/25", "cidr:2001:db8:bad::/48", "ipv4:198.51.100.23", "ipv4:192.0.2.78",
                "cidr:5.188.10.0/23");
        assertThat(producer.history().get(4).value().feed()).isEqualTo("spamhaus");
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo("intel-indicators"));
        assertThat(producer.history().get(0).value().feed()).isEqualTo("spamhaus-drop");
        assertThat(result.summary()).isEqualTo("Loaded 5 indicators from 3 files into intel-indicators: 3 cidr, 2 ipv4.");
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.unreadable()).isEqualTo(3);
        assertThat(result.failed()).isZero();
        assertThat(result.files()).extracting(IntelLoad.FileResult::format)
                .containsExactly(FeedFormat.SPAMHAUS, FeedFormat.ABUSECH, FeedFormat.SPAMHAUS);
    }

    @Test
    void shouldCountSendsTheClusterRefused() throws Exception {
        MockProducer<String, Indicator> producer = producer();
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker gone");

        IntelLoad.Result result = IntelLoad.publish(producer, "intel-indicators",
                IntelLoad.parse(List.of(fixture("drop.txt")), FeedFormat.SPAMHAUS, null));

        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.published()).isZero();
        assertThat(result.firstFailure()).contains("broker gone");
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadInOneSentence() {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> IntelLoad.parse(List.of(missing), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read " + missing + ": no such file or no permission.");
    }

    @Test
    void shouldRefuseAnUnknownFormatName() {
        assertThatThrownBy(() -> FeedFormat.named("csv"))
                .hasMessage("There is no feed format 'csv'; say auto, abusech, spamhaus, stix, misp.");
    }

    @Test
    void shouldWriteTheKeyOfARemovalAsTheLoaderWrites() {
        assertThat(IntelLoad.normaliseKey("CIDR:5.188.10.7/23")).isEqualTo("cidr:5.188.10.0/23");
        assertThat(IntelLoad.normaliseKey("domain:Evil.Example")).isEqualTo("domain:evil.example");
        assertThat(Map.of("k", IntelLoad.normaliseKey("url:http://evil.example/x"))).containsEntry("k", "url:evil.example/x");
    }
}
