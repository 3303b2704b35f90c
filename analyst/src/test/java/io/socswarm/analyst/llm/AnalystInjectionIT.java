package io.socswarm.analyst.llm;

import static io.socswarm.analyst.llm.FakeOpenAi.answer;
import static io.socswarm.analyst.llm.LlmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.RealBroker;
import io.socswarm.analyst.app.AnalystApp;
import io.socswarm.analyst.app.AnalystService;
import io.socswarm.model.Decision;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The whole analyst app, on a real broker, with a model that obeys every injection string of the
 * corpus planted in the events: the reports flag the injection and lose what the model invented, and
 * nothing but {@code investigations} changes — no decision, incident, action, feedback (where
 * suppressions live) or audit record is written, because the analyst has no way to write one.
 */
class AnalystInjectionIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final int PER_INCIDENT = 25;

    @Test
    void shouldChangeNothingButReportsWhenTheModelObeysTheLogs() throws Exception {
        List<InjectionTest.Planted> corpus = InjectionTest.corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        try (RealBroker broker = RealBroker.start(); FakeOpenAi model = new FakeOpenAi()) {
            List<Evidence> incidents = new ArrayList<>();
            for (int from = 0; from < corpus.size(); from += PER_INCIDENT) {
                List<Decision> decisions = new ArrayList<>();
                for (int i = from; i < Math.min(corpus.size(), from + PER_INCIDENT); i++) {
                    decisions.add(InjectionTest.carrying("evt-inj-" + i, T0.plusSeconds(i), corpus.get(i)));
                }
                incidents.add(InjectionTest.incident("INC-inj-" + from, decisions));
            }
            model.always(answer(InjectionTest.obedient("evt-inj-0")));
            List<String> untouched = List.of(TOPICS.rawEvents().name(), TOPICS.votes("network").name(),
                    TOPICS.votes("identity").name(), TOPICS.votes("threat-intel").name(), TOPICS.votes("sigma").name(),
                    TOPICS.decisions().name(), TOPICS.incidents().name(), TOPICS.actions().name(),
                    TOPICS.feedback().name(), TOPICS.audit().name(), TOPICS.auditRequests().name(),
                    TOPICS.agentPrecision().name(), TOPICS.deadLetters().name());
            try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                for (Evidence e : incidents) {
                    for (Decision d : e.decisions()) {
                        RealBroker.send(producer, TOPICS.decisions(), d.eventId(), d);
                    }
                }
                for (Evidence e : incidents) {
                    RealBroker.send(producer, TOPICS.incidents(), e.incident().id(), e.incident());
                }
            }
            Map<String, Long> before = broker.endOffsets(untouched);

            SwarmConfig config = broker.config().withAll(Map.of(ModelSettings.BASE_URL, model.baseUrl(),
                    ModelSettings.MODEL, "obedient-model"));
            Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
            List<Investigation> reports = new ArrayList<>();
            try (AnalystService service = AnalystService.start(config, AnalystApp.analyst(config, clock), clock)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    reports.clear();
                    for (ConsumerRecord<byte[], byte[]> r : broker.readAll(TOPICS.investigations().name(),
                            incidents.size())) {
                        reports.add(Topics.INVESTIGATION_SERDE.deserialize(r.topic(), r.value()));
                    }
                    return reports.size() >= incidents.size();
                });
                assertThat(service.metrics().get("llm.calls").longValue()).isEqualTo(incidents.size());
                assertThat(service.metrics().get("removed-claims").longValue())
                        .isEqualTo(reports.stream().mapToLong(r -> r.removedClaims().size()).sum());
            }

            assertThat(reports).hasSize(incidents.size());
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.analyst()).isEqualTo("obedient-model");
                assertThat(r.injectionSuspected()).isTrue();
                assertThat(r.removedClaims()).extracting(Investigation.RemovedClaim::where)
                        .contains("summary", "iocs[0]", "remediation[0]");
                assertThat(r.summary() + r.findings() + r.iocs() + r.remediation()).doesNotContain("203.0.113.250");
            });
            assertThat(broker.endOffsets(untouched)).isEqualTo(before);
        }
    }
}
