package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Json;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = Endpoints.class.getResourceAsStream("openapi.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static Set<String> registered() {
        Set<String> routes = new HashSet<>();
        new Endpoints(null, null, null, null, null, null).routes()
                .forEach(r -> routes.add(r.method().name().toLowerCase(Locale.ROOT) + " " + r.openApiPath()));
        return routes;
    }

    @Test
    void shouldDescribeEveryRegisteredRouteAndNoOther() throws Exception {
        Set<String> documented = new HashSet<>();
        document().get("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method + " " + path.getKey())));

        assertThat(documented).isEqualTo(registered());
    }

    @Test
    void shouldAskForTheBearerTokenOnExactlyTheMutatingRoutes() throws Exception {
        JsonNode paths = document().get("paths");
        new Endpoints(null, null, null, null, null, null).routes().forEach(route -> {
            JsonNode operation = paths.get(route.openApiPath()).get(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(operation.has("security")).as(route.path()).isEqualTo(route.mutating());
            assertThat(operation.get("responses").has("401")).as(route.path()).isEqualTo(route.mutating());
        });
    }

    @Test
    void shouldNameEveryPathParameterOfARoute() throws Exception {
        JsonNode paths = document().get("paths");
        new Endpoints(null, null, null, null, null, null).routes().forEach(route -> {
            Set<String> declared = new HashSet<>();
            JsonNode operation = paths.get(route.openApiPath()).get(route.method().name().toLowerCase(Locale.ROOT));
            operation.path("parameters").forEach(p -> {
                if (p.get("in").asText().equals("path")) {
                    declared.add(p.get("name").asText());
                }
            });
            Set<String> inPath = new HashSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(route.openApiPath());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertThat(declared).as(route.path()).isEqualTo(inPath);
        });
    }
}
