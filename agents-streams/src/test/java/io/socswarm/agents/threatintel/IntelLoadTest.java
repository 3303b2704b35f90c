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
    void shouldPublishEachIndicatorKeyedByTypeAndValueInFileOrderAndSummariseByType() throws Exception {
        Path again = Files.writeString(dir.resolve("again.txt"), "5.188.10.0/23 ; SBL402741\n");
        MockProducer<String, Indicator> producer = producer();

        IntelLoad.Result result = IntelLoad.publish(producer, "intel-indicators",
                IntelLoad.check(List.of(fixture("drop.txt"), fixture("feodo.csv"), again), null, null), null);

        // The repeated network is sent again, last: compaction and the agents keep that entry.
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly(
                "cidr:5.188.10.0/23", "cidr:198.51.100.128/25", "cidr:2001:db8:bad::/48", "ipv4:198.51.100.23",
                "ipv4:192.0.2.78", "cidr:5.188.10.0/23");
        assertThat(producer.history().get(0).value().feed()).isEqualTo("spamhaus-drop");
        assertThat(producer.history().get(5).value().feed()).isEqualTo("spamhaus");
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo("intel-indicators"));
        assertThat(result.summary()).isEqualTo("Loaded 6 indicators from 3 files into intel-indicators: 4 cidr, 2 ipv4.");
        assertThat(result.unreadable()).isEqualTo(3);
        assertThat(result.failed()).isZero();
        assertThat(result.files()).extracting(IntelLoad.FileResult::format)
                .containsExactly(FeedFormat.SPAMHAUS, FeedFormat.ABUSECH, FeedFormat.SPAMHAUS);
        assertThat(result.files()).extracting(IntelLoad.FileResult::indicators).containsExactly(3L, 2L, 1L);
    }

    @Test
    void shouldSendNothingWhenAnyFileCannotBeReadWhicheverComesFirst() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"type\": \"bundle\", \"objects\": [ {\"id\": ");

        assertThatThrownBy(() -> IntelLoad.check(List.of(fixture("stix21-bundle.json"), broken), FeedFormat.STIX, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broken + " is not valid JSON");
        assertThatThrownBy(() -> IntelLoad.check(List.of(fixture("stix21-bundle.json"), broken), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void shouldCountSendsTheClusterRefused() throws Exception {
        MockProducer<String, Indicator> producer = producer();
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker gone");

        IntelLoad.Result result = IntelLoad.publish(producer, "intel-indicators",
                IntelLoad.check(List.of(fixture("drop.txt")), FeedFormat.SPAMHAUS, null), null);

        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.published()).isZero();
        assertThat(result.firstFailure()).contains("broker gone");
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadInOneSentence() {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> IntelLoad.check(List.of(missing), null, null))
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
