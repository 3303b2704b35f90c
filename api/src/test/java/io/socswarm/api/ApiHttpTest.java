package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.socswarm.model.Json;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.logging.EscapingPatternLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP layer alone, without a broker: how refusals and failures are answered and logged. */
class ApiHttpTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean mutated = new AtomicBoolean();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Javalin http;
    private int port;
    private String url;

    @BeforeEach
    void start() {
        ApiSettings settings = ApiSettings.from(SwarmConfig.of(Map.of()));
        port = ApiServer.freePort("127.0.0.1");
        http = ApiServer.http(settings, port, List.of(
                new Endpoints.Route(HandlerType.GET, "/fails/<id>", false, ctx -> {
                    throw new IllegalStateException("boom for " + ctx.pathParam("id"));
                }),
                new Endpoints.Route(HandlerType.POST, "/mutates", true, ctx -> {
                    mutated.set(true);
                    ctx.status(202);
                })), new Auth("w", "r"));
        http.start();
        url = "http://127.0.0.1:" + port;
        logged.start();
        ((Logger) LoggerFactory.getLogger(ApiServer.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(ApiServer.class)).detachAppender(logged);
        http.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerAFailureWithAReferenceNotAStackTraceAndLogThePathEscaped() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/fails/x%0D%0AFORGED%20LINE")));

        assertThat(response.statusCode()).isEqualTo(500);
        String error = Json.MAPPER.readTree(response.body()).get("error").asText();
        assertThat(error).contains("ref ").doesNotContain("boom", "IllegalStateException", "FORGED");
        EscapingPatternLayout layout = new EscapingPatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern("%msg%n");
        layout.start();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(error).contains(event.getArgumentArray()[2].toString());
            String line = layout.doLayout(event);
            // The exception's message carries the decoded id; as logged, it must not start a line of its own.
            assertThat(line).contains("boom for x\\r\\nFORGED LINE");
            assertThat(line.lines()).noneMatch(l -> l.startsWith("FORGED"));
        });
    }

    @Test
    void shouldCheckTheTokenBeforeTheHandlerRuns() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(url + "/mutates"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> readOnly = send(HttpRequest.newBuilder(URI.create(url + "/mutates"))
                .header("Authorization", "Bearer r").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(mutated).isFalse();

        HttpResponse<String> writer = send(HttpRequest.newBuilder(URI.create(url + "/mutates"))
                .header("Authorization", "Bearer w").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(writer.statusCode()).isEqualTo(202);
        assertThat(mutated).isTrue();
    }

    @Test
    void shouldRefuseADeclaredBodyOverOneMebibyteBeforeAuthenticating() throws Exception {
        String answer = ApiTestCluster.raw(port, "POST /mutates HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + (ApiServer.MAX_BODY + 1));

        assertThat(answer).startsWith("HTTP/1.1 413").contains("1 MiB");
        assertThat(mutated).isFalse();
    }

    @Test
    void shouldAnswerAnUnknownRouteAsJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/nowhere")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(response.body()).get("error").asText()).contains("openapi.json");
    }
}
