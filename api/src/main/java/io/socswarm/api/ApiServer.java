package io.socswarm.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Indicator;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Json;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.logging.LogEscaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API instance, startable in-process ({@code ./swarm up} embeds it; {@link ApiApp} runs it on
 * its own): the {@value ApiTopology#APPLICATION_ID} Streams app, the producer of feedback, audit and
 * investigations, and the HTTP server. {@link #close()} stops all three.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** The largest body a request may carry. */
    public static final long MAX_BODY = 1024 * 1024;

    private final ApiSettings settings;
    private final KafkaStreams streams;
    private final Admin admin;
    private final Recorder recorder;
    private final Javalin http;
    private final int port;
    private final CompletableFuture<KafkaStreams.State> streamsStopped = new CompletableFuture<>();

    private ApiServer(ApiSettings settings, KafkaStreams streams, Admin admin, Recorder recorder, Javalin http,
            int port) {
        this.settings = settings;
        this.streams = streams;
        this.admin = admin;
        this.recorder = recorder;
        this.http = http;
        this.port = port;
    }

    /**
     * Starts an instance as {@code config} says ({@link ApiSettings}, topics, Kafka client settings):
     * the HTTP server answers when this returns; the stores answer once the Streams app is running
     * (until then, state queries get 503).
     */
    public static ApiServer start(SwarmConfig config) {
        return start(config, false);
    }

    /** As {@link #start(SwarmConfig)}; with {@code reset}, this instance's local state is deleted first and rebuilt. */
    public static ApiServer start(SwarmConfig config, boolean reset) {
        ApiSettings settings = ApiSettings.from(config);
        Topics topics = Topics.from(config.asMap());
        int port = settings.port() != 0 ? settings.port() : freePort(settings.host());
        HostInfo self = new HostInfo(settings.advertisedHost(), port);
        SwarmConfig streamsConfig = ApiTopology.appConfig(config)
                .with(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams = StreamsApps.create(ApiTopology.APPLICATION_ID, streamsConfig,
                ApiTopology.buildTopology(topics, settings));
        Admin admin = Admin.create(config.adminProperties());
        Recorder recorder = null;
        Javalin http = null;
        try {
            recorder = new Recorder(config, topics,
                    Topics.namespaced(config.asMap(), ApiTopology.APPLICATION_ID + "-" + self.host() + "-" + self.port()));
            Clock clock = Clock.systemUTC();
            StateQueries state = new StateQueries(streams, self);
            Endpoints endpoints = new Endpoints(state, new Health(admin, streams, settings.healthApps()), recorder,
                    new Investigator(lookups(streams, state), ranges(streams), clock), topics, clock);
            http = http(settings, port, endpoints.routes(), new Auth(settings.token(), settings.readToken()));
            ApiServer server = new ApiServer(settings, streams, admin, recorder, http, port);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    server.streamsStopped.complete(now);
                }
            });
            if (reset) {
                LOG.info("[{}] reset: removing local state before start", ApiTopology.APPLICATION_ID);
                streams.cleanUp();
            }
            http.start();
            streams.start();
            LOG.info("API listening on http://{}:{} ({})", settings.host(), port, settings);
            return server;
        } catch (RuntimeException e) {
            if (http != null) {
                http.stop();
            }
            streams.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
            if (recorder != null) {
                recorder.close();
            }
            throw e;
        }
    }

    /** The port the server listens on (the chosen one when {@code swarm.api.port} is 0). */
    public int port() {
        return port;
    }

    /** {@code http://host:port}, as a client on this machine reaches it. */
    public String url() {
        return "http://" + settings.host() + ":" + port;
    }

    /** Completes when the Streams app stops for good, with ERROR when it died. */
    public CompletableFuture<KafkaStreams.State> streamsStopped() {
        return streamsStopped;
    }

    KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        http.stop();
        streams.close(Duration.ofSeconds(30));
        recorder.close();
        admin.close(Duration.ofSeconds(5));
    }

    static Javalin http(ApiSettings settings, int port, List<Endpoints.Route> routes, Auth auth) {
        return Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_BODY;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            config.routes.before(ApiServer::refuseLargeBodies);
            for (Endpoints.Route route : routes) {
                io.javalin.http.Handler handler = !route.mutating() ? route.handler() : ctx -> {
                    auth.requireWriter(ctx.header("Authorization"));
                    route.handler().handle(ctx);
                };
                if (route.method() == HandlerType.POST) {
                    config.routes.post(route.path(), handler);
                } else {
                    config.routes.get(route.path(), handler);
                }
            }
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    switch (e.getStatus()) {
                        case 404 -> "No such endpoint; GET /openapi.json lists them.";
                        case 405 -> "This endpoint does not take that method.";
                        case 413 -> "The body is larger than 1 MiB.";
                        default -> "The request could not be handled (" + e.getStatus() + ").";
                    }));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String ref = UUID.randomUUID().toString();
                LOG.error("{} {} failed (ref {})", ctx.method(), LogEscaper.escape(ctx.path()), ref, e);
                error(ctx, 500, "The API failed on this request; the server log has it under ref " + ref + ".");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(ctx, 404, "No such endpoint; GET /openapi.json lists them.");
                }
            });
        });
    }

    /** A declared body over {@link #MAX_BODY} is refused before anything reads it. */
    private static void refuseLargeBodies(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw new ApiError(413, "The body is larger than 1 MiB.");
        }
    }

    private static void error(Context ctx, int status, String sentence) {
        ctx.status(status).json(Map.of("error", sentence));
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
    }

    /**
     * The indicators of the global store, and the recent alerting decisions naming an entity (its
     * sightings, then each decision by event id, wherever each is held).
     */
    private static Lookups lookups(KafkaStreams streams, StateQueries state) {
        return new Lookups() {
            @Override
            public Optional<Indicator> indicator(String key) {
                try {
                    ReadOnlyKeyValueStore<String, Indicator> store = streams.store(StoreQueryParameters
                            .fromNameAndType(ApiTopology.INDICATORS_STORE, QueryableStoreTypes.keyValueStore()));
                    return Optional.ofNullable(store.get(key));
                } catch (InvalidStateStoreException e) {
                    throw ApiError.unavailable("The threat-intel indicators are not loaded yet; try again shortly.");
                }
            }

            @Override
            public List<Decision> history(String entity, int limit) {
                List<Decision> decisions = new ArrayList<>();
                for (String eventId : state.sightings(entity.strip().toLowerCase(Locale.ROOT), limit)) {
                    state.get(ApiTopology.DECISIONS_STORE, eventId, Decision.class).ifPresent(decisions::add);
                }
                return decisions;
            }
        };
    }

    /**
     * The CIDR indicators holding any of the addresses: a scan of the {@code cidr:} keys of the global
     * store per request, which is cheap for the thousands of ranges feeds publish.
     */
    private static Function<List<String>, List<Indicator>> ranges(KafkaStreams streams) {
        return addresses -> {
            List<Indicator> holding = new ArrayList<>();
            try {
                ReadOnlyKeyValueStore<String, Indicator> store = streams.store(StoreQueryParameters
                        .fromNameAndType(ApiTopology.INDICATORS_STORE, QueryableStoreTypes.keyValueStore()));
                String prefix = Indicator.key(Indicator.Type.CIDR, "");
                try (KeyValueIterator<String, Indicator> cidrs = store.prefixScan(prefix, new StringSerializer())) {
                    while (cidrs.hasNext()) {
                        Indicator range = cidrs.next().value;
                        if (range != null && holds(range, addresses)) {
                            holding.add(range);
                        }
                    }
                }
            } catch (InvalidStateStoreException e) {
                throw ApiError.unavailable("The threat-intel indicators are not loaded yet; try again shortly.");
            }
            return holding;
        };
    }

    private static boolean holds(Indicator range, List<String> addresses) {
        try {
            IpRanges cidr = IpRanges.of(List.of(range.value()));
            return addresses.stream().anyMatch(cidr::contains);
        } catch (IllegalArgumentException e) {
            // A feed's malformed range matches nothing; the intel loader reports it, not every request.
            return false;
        }
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + host, e);
        }
    }
}
