package io.socswarm.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socswarm.analyst.app.AnalystService;
import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst app on a real broker: it investigates an incident when it is new and when it escalates,
 * not when it only grows a little; it survives an unreadable incident; and it writes nothing but
 * reports (and the dead letter): decisions, incidents, actions, feedback and audit are untouched.
 */
class AnalystServiceIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();

    private static RealBroker broker;
    private static SwarmConfig config;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RealBroker.start();
        config = broker.config();
    }
    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldInvestigateNewAndEscalatedIncidentsAndWriteNothingElse() throws Exception {
        Evidence bruteForce = Fixtures.bruteForce();
        Incident first = version(bruteForce.incident(), 1, Severity.WARNING, 2);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (Decision d : bruteForce.decisions()) {
                RealBroker.send(producer, TOPICS.decisions(), d.eventId(), d);
            }
            for (Indicator i : bruteForce.indicators()) {
                RealBroker.send(producer, TOPICS.intelIndicators(), i.key(), i);
            }
            producer.flush();
        }
        Map<String, Long> before = broker.endOffsets(List.of(TOPICS.decisions().name(), TOPICS.incidents().name(),
                TOPICS.actions().name(), TOPICS.feedback().name(), TOPICS.audit().name(),
                TOPICS.auditRequests().name(), TOPICS.agentPrecision().name()));

        try (AnalystService service = AnalystService.start(config, new DeterministicAnalyst(CLOCK), CLOCK);
                KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            producer.send(new ProducerRecord<>(TOPICS.incidents().name(), RealBroker.bytes("INC-broken"),
                    RealBroker.bytes("{\"id\": \"INC-broken\", \"version\": \"not a number\""))).get();
            RealBroker.send(producer, TOPICS.incidents(), first.id(), first);
            List<Investigation> reports = awaitReports(1);
            Investigation report = reports.get(0);
            assertThat(report.incidentId()).isEqualTo(first.id());
            assertThat(report.incidentVersion()).isEqualTo(1);
            assertThat(report.analyst()).isEqualTo(Investigation.DETERMINISTIC);
            assertThat(report.findings()).isNotEmpty();
            assertThat(report.findings()).allSatisfy(f -> assertThat(f.citations()).isNotEmpty()
                    .allSatisfy(c -> assertThat(bruteForce.citableIds()).contains(c)));
            assertThat(report.findings()).flatExtracting(Investigation.Finding::citations)
                    .contains("ipv4:203.0.113.9");
            assertThat(report.iocs()).extracting(Investigation.Ioc::key).contains("ip:203.0.113.9");

            // One more decision, same severity: not worth a report. Then it turns critical: worth one.
            RealBroker.send(producer, TOPICS.incidents(), first.id(), version(first, 2, Severity.WARNING, 3));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> service.metrics().get("passed-over").longValue() == 1);
            RealBroker.send(producer, TOPICS.incidents(), first.id(), version(first, 3, Severity.CRITICAL, 6));
            reports = awaitReports(2);
            assertThat(reports).extracting(Investigation::incidentVersion).containsExactly(1L, 3L);
            assertThat(service.metrics().get("dead-letters").longValue()).isEqualTo(1);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = broker.readAll(TOPICS.deadLetters().name(), 1);
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                StandardCharsets.UTF_8)).isEqualTo(TOPICS.incidents().name());
        before.merge(TOPICS.incidents().name(), 4L, Long::sum); // what the test wrote: one broken, three versions
        assertThat(broker.endOffsets(new ArrayList<>(before.keySet()))).isEqualTo(before);

        // Restarted in the same group, it starts after what it committed: nothing is investigated twice.
        try (AnalystService again = AnalystService.start(config, new DeterministicAnalyst(CLOCK), CLOCK)) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                    .until(() -> broker.readAll(TOPICS.investigations().name(), 0).size() == 2);
            assertThat(again.metrics().get("investigations").longValue()).isZero();
        }
    }

    private static Incident version(Incident i, long version, Severity severity, long decisions) {
        return new Incident(i.id(), version, i.status(), i.campaign(), severity, i.confidence(), i.suspects(),
                i.suspectCount(), i.targets(), i.classes(), i.firstSeen(), i.lastSeen(), decisions,
                i.sampleEventIds(), i.reasons(), i.agents(), i.action(), i.suppressedBy(), i.policy(), i.updatedAt(),
                i.mergedInto());
    }

    private static List<Investigation> awaitReports(int count) {
        List<Investigation> reports = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            reports.clear();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(TOPICS.investigations().name(), count)) {
                reports.add(TOPICS.investigations().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
            return reports.size() >= count;
        });
        return reports;
    }

}
