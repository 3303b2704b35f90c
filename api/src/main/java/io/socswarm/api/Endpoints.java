package io.socswarm.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The API's routes and their handlers. Handlers are thin: parse and check the request
 * ({@link Requests}), call one service, answer JSON; every refusal is an {@link ApiError} that
 * {@link ApiServer} maps to a status in one place. {@link #routes()} is the one list the server
 * registers and the OpenAPI document is checked against.
 */
final class Endpoints {
    /**
     * A route: its method and Javalin path, and whether it mutates. Ids are {@code <id>} parameters, which
     * may hold slashes: action ids ({@code incident/BLOCK_IP/address}) and event ids from logs do.
     */
    record Route(HandlerType method, String path, boolean mutating, Handler handler) {
        /** The path as OpenAPI writes it: every parameter in braces. */
        String openApiPath() {
            return path.replaceAll("<(\\w+)>", "{$1}");
        }
    }

    private final StateQueries state;
    private final Health health;
    private final Recorder recorder;
    private final Investigator investigator;
    private final Topics topics;
    private final Clock clock;

    Endpoints(StateQueries state, Health health, Recorder recorder, Investigator investigator, Topics topics,
            Clock clock) {
        this.state = state;
        this.health = health;
        this.recorder = recorder;
        this.investigator = investigator;
        this.topics = topics;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/health", false, this::health),
                new Route(HandlerType.GET, "/openapi.json", false, Endpoints::openApi),
                new Route(HandlerType.GET, "/decisions/<eventId>", false, this::decision),
                new Route(HandlerType.GET, "/incidents", false, this::incidents),
                new Route(HandlerType.GET, "/incidents/<id>", false, this::incident),
                new Route(HandlerType.POST, "/incidents/<id>/feedback", true, this::feedback),
                new Route(HandlerType.GET, "/investigations/<id>", false, this::investigation),
                new Route(HandlerType.POST, "/investigate", true, this::investigate),
                new Route(HandlerType.GET, "/actions", false, this::actions),
                new Route(HandlerType.GET, "/actions/<id>", false, this::action),
                new Route(HandlerType.POST, "/actions/<id>/approve", true, ctx -> answer(ctx, Feedback.Kind.APPROVE)),
                new Route(HandlerType.POST, "/actions/<id>/reject", true, ctx -> answer(ctx, Feedback.Kind.REJECT)),
                new Route(HandlerType.GET, "/internal/{store}", false, this::internalList),
                new Route(HandlerType.GET, "/internal/{store}/<key>", false, this::internalGet));
    }

    private void health(Context ctx) throws InterruptedException {
        Health.Report report = health.report();
        ctx.status(report.healthy() ? 200 : 503).json(report);
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = Endpoints.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the API's resources");
            }
            ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void decision(Context ctx) {
        String eventId = Requests.id(ctx.pathParam("eventId"), "eventId");
        Decision decision = state.get(ApiTopology.DECISIONS_STORE, eventId, Decision.class).orElseThrow(() ->
                ApiError.notFound("No decision for eventId " + eventId + " (unknown, or older than the API keeps)."));
        ctx.json(decision);
    }

    private void incidents(Context ctx) {
        Requests.IncidentFilter filter = Requests.incidentFilter(ctx);
        int limit = Requests.limit(ctx);
        StateQueries.Page<Incident> page = state.list(ApiTopology.INCIDENTS_STORE, Incident.class, filter::test,
                Requests.NEWEST_INCIDENTS, limit, ctx.queryString());
        ctx.json(Map.of("incidents", page.items(), "count", page.items().size(), "truncated", page.truncated()));
    }

    private void incident(Context ctx) {
        String id = Requests.id(ctx.pathParam("id"), "id");
        Incident incident = findIncident(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incident", incident);
        state.get(ApiTopology.INVESTIGATIONS_STORE, id, Investigation.class).ifPresent(i -> body.put("investigation", i));
        ctx.json(body);
    }

    private Incident findIncident(String id) {
        return state.get(ApiTopology.INCIDENTS_STORE, id, Incident.class)
                .orElseThrow(() -> ApiError.notFound("No incident with id " + id + "."));
    }

    private void investigation(Context ctx) {
        String id = Requests.id(ctx.pathParam("id"), "id");
        ctx.json(state.get(ApiTopology.INVESTIGATIONS_STORE, id, Investigation.class)
                .orElseThrow(() -> ApiError.notFound("No investigation of id " + id + ".")));
    }

    private void feedback(Context ctx) {
        String id = Requests.id(ctx.pathParam("id"), "id");
        Instant now = clock.instant();
        Requests.Verdict verdict = Requests.verdict(Requests.jsonBody(ctx), now);
        Incident incident = findIncident(id);
        Feedback feedback = new Feedback(UUID.randomUUID().toString(), Feedback.Kind.VERDICT, incident.id(), null,
                verdict.verdict(), verdict.suppression(), incident.agents(), incident.classes(), verdict.note(),
                verdict.by(), now);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("feedbackId", feedback.id());
        details.put("verdict", verdict.verdict().name());
        details.put("via", "api");
        if (verdict.suppression() != null) {
            details.put("suppress", verdict.suppression().match().toString());
            details.put("until", verdict.suppression().expiresAt().toString());
        }
        recorder.record(topics.feedback(), feedback.incidentId(), feedback,
                new AuditEntry(feedback.by(), "feedback.given", incident.id(), verdict.note(), details, now));
        ctx.status(202).json(Map.of("feedbackId", feedback.id(), "incidentId", incident.id(),
                "verdict", verdict.verdict()));
    }

    private void actions(Context ctx) {
        Predicate<ActionRequest> filter = Requests.actionFilter(ctx);
        StateQueries.Page<ActionRequest> page = state.list(ApiTopology.ACTIONS_STORE, ActionRequest.class, filter,
                Requests.NEWEST_ACTIONS, Requests.limit(ctx), ctx.queryString());
        ctx.json(Map.of("actions", page.items(), "count", page.items().size(), "truncated", page.truncated()));
    }

    private void action(Context ctx) {
        ctx.json(findAction(Requests.id(ctx.pathParam("id"), "id")));
    }

    private ActionRequest findAction(String id) {
        return state.get(ApiTopology.ACTIONS_STORE, id, ActionRequest.class)
                .orElseThrow(() -> ApiError.notFound("No action request with id " + id + "."));
    }

    /**
     * An approval or rejection goes to {@code feedback}, where the incident app's action desk applies it
     * and audits the outcome ({@code action.approved}, {@code action.refused}, …); this call audits the asking.
     */
    private void answer(Context ctx, Feedback.Kind kind) {
        String id = Requests.id(ctx.pathParam("id"), "id");
        Requests.Answer answer = Requests.answer(Requests.optionalJsonBody(ctx));
        ActionRequest action = findAction(id);
        if (action.state().isFinal()) {
            throw ApiError.conflict("Action " + id + " is already " + action.state() + "; only a PROPOSED one can be "
                    + (kind == Feedback.Kind.APPROVE ? "approved." : "rejected."));
        }
        Instant now = clock.instant();
        Feedback feedback = new Feedback(UUID.randomUUID().toString(), kind, action.incidentId(), action.id(), null,
                null, List.of(), List.of(), answer.note(), answer.by(), now);
        String act = kind == Feedback.Kind.APPROVE ? "action.approval.asked" : "action.rejection.asked";
        recorder.record(topics.feedback(), feedback.incidentId(), feedback, new AuditEntry(feedback.by(), act, id,
                answer.note(), Map.of("feedbackId", feedback.id(), "stateBefore", action.state().name(), "via", "api"),
                now));
        ctx.status(202).json(Map.of("feedbackId", feedback.id(), "actionId", id, "kind", kind));
    }

    private void investigate(Context ctx) {
        String alert = Requests.alertText(ctx);
        String requestId = "inv-" + UUID.randomUUID();
        Investigator.Result result = investigator.investigate(requestId, alert);
        Instant now = clock.instant();
        recorder.record(topics.investigations(), requestId, result.investigation(), new AuditEntry("api",
                "investigation.asked", requestId, null, Map.of("iocs", Integer.toString(result.iocs().size()),
                        "matched", Integer.toString(result.matched().size()), "via", "api"), now));
        ctx.json(result);
    }

    /** Another instance's list request: this instance's matching part, unmerged. */
    private void internalList(Context ctx) {
        String store = ctx.pathParam("store");
        int limit = Requests.limit(ctx);
        switch (store) {
            case ApiTopology.INCIDENTS_STORE -> ctx.json(state.localList(store, Incident.class,
                    Requests.incidentFilter(ctx)::test, Requests.NEWEST_INCIDENTS, limit));
            case ApiTopology.ACTIONS_STORE -> ctx.json(state.localList(store, ActionRequest.class,
                    Requests.actionFilter(ctx), Requests.NEWEST_ACTIONS, limit));
            default -> throw ApiError.notFound("No listable store " + store + ".");
        }
    }

    /** Another instance's key request: this instance's local value only. */
    private void internalGet(Context ctx) {
        String store = ctx.pathParam("store");
        String key = Requests.id(ctx.pathParam("key"), "key");
        if (ApiTopology.SIGHTINGS_STORE.equals(store)) {
            ctx.json(state.localSightings(key, Requests.limit(ctx)));
            return;
        }
        Class<?> type = switch (store) {
            case ApiTopology.DECISIONS_STORE -> Decision.class;
            case ApiTopology.INCIDENTS_STORE -> Incident.class;
            case ApiTopology.INVESTIGATIONS_STORE -> Investigation.class;
            case ApiTopology.ACTIONS_STORE -> ActionRequest.class;
            default -> throw ApiError.notFound("No store " + store + ".");
        };
        ctx.json(state.local(store, key, type).orElseThrow(() -> ApiError.notFound("No " + key + " in " + store + ".")));
    }
}
