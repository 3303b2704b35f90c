package io.socswarm.api;

import com.fasterxml.jackson.databind.JavaType;
import io.socswarm.model.Json;
import io.socswarm.runtime.logging.LogEscaper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries over the stores of {@link ApiTopology}, across instances: a key this instance
 * holds is read from its local store; a key another instance holds is fetched from that instance's
 * {@code /internal/...} routes, which answer from their local state only, so a request is forwarded at
 * most once. A list asks every instance for its matching part and merges them.
 */
final class StateQueries {
    private static final Logger LOG = LoggerFactory.getLogger(StateQueries.class);
    static final String INTERNAL = "/internal/";
    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(5);
    private static final String NOT_READY = "The API's state is not ready yet (starting, rebalancing or restoring);"
            + " try again in a few seconds.";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    StateQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The value of {@code key} in {@code store}, wherever it is held. */
    <V> Optional<V> get(String store, String key, Class<V> type) {
        KeyQueryMetadata owner = ready(() -> streams.queryMetadataForKey(store, key, Serdes.String().serializer()));
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
            throw ApiError.unavailable(NOT_READY);
        }
        if (owner.activeHost().equals(self)) {
            return local(store, key, type);
        }
        HttpResponse<String> response = fetch(owner.activeHost(), INTERNAL + store + "/" + encode(key));
        return switch (response.statusCode()) {
            case 200 -> Optional.of(read(response.body(), Json.MAPPER.constructType(type)));
            case 404 -> Optional.empty();
            default -> throw ApiError.unavailable(NOT_READY);
        };
    }

    /** The value of {@code key} in this instance's part of {@code store}. */
    <V> Optional<V> local(String store, String key, Class<V> type) {
        return ready(() -> {
            if (ApiTopology.DECISIONS_STORE.equals(store)) {
                ReadOnlyWindowStore<String, Object> windows = streams.store(
                        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
                try (WindowStoreIterator<Object> newestFirst = windows.backwardFetch(key, Instant.EPOCH,
                        Instant.ofEpochMilli(Long.MAX_VALUE))) {
                    return newestFirst.hasNext() ? Optional.of(type.cast(newestFirst.next().value)) : Optional.empty();
                }
            }
            ReadOnlyKeyValueStore<String, Object> table = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(table.get(key)).map(type::cast);
        });
    }

    /** The event ids of the latest alerting decisions naming {@code entity}, newest first, wherever they are held. */
    List<String> sightings(String entity, int limit) {
        String store = ApiTopology.SIGHTINGS_STORE;
        KeyQueryMetadata owner = ready(() -> streams.queryMetadataForKey(store, entity, Serdes.String().serializer()));
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
            throw ApiError.unavailable(NOT_READY);
        }
        if (owner.activeHost().equals(self)) {
            return localSightings(entity, limit);
        }
        HttpResponse<String> response = fetch(owner.activeHost(),
                INTERNAL + store + "/" + encode(entity) + "?limit=" + limit);
        return switch (response.statusCode()) {
            case 200 -> read(response.body(), Json.MAPPER.getTypeFactory().constructCollectionType(List.class,
                    String.class));
            case 404 -> List.of();
            default -> throw ApiError.unavailable(NOT_READY);
        };
    }

    /** This instance's sightings of {@code entity}: distinct event ids, newest first, at most {@code limit}. */
    List<String> localSightings(String entity, int limit) {
        return ready(() -> {
            ReadOnlyWindowStore<String, String> windows = streams.store(StoreQueryParameters.fromNameAndType(
                    ApiTopology.SIGHTINGS_STORE, QueryableStoreTypes.windowStore()));
            Set<String> ids = new LinkedHashSet<>();
            try (WindowStoreIterator<String> newestFirst = windows.backwardFetch(entity, Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE))) {
                while (newestFirst.hasNext() && ids.size() < limit) {
                    ids.add(newestFirst.next().value);
                }
            }
            return List.copyOf(ids);
        });
    }

    /** At most {@code limit} values of {@code store} matching {@code filter}, in {@code order}, from every instance. */
    <V> Page<V> list(String store, Class<V> type, Predicate<V> filter, Comparator<V> order, int limit,
            String queryString) {
        Collection<StreamsMetadata> instances = ready(() -> streams.streamsMetadataForStore(store));
        List<V> all = new ArrayList<>(localList(store, type, filter, order, limit));
        JavaType listType = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        for (StreamsMetadata instance : instances) {
            if (instance.hostInfo().equals(self)) {
                continue;
            }
            HttpResponse<String> response = fetch(instance.hostInfo(),
                    INTERNAL + store + (queryString == null || queryString.isEmpty() ? "" : "?" + queryString));
            if (response.statusCode() != 200) {
                throw ApiError.unavailable(NOT_READY);
            }
            all.addAll(read(response.body(), listType));
        }
        all.sort(order);
        boolean truncated = all.size() > limit;
        return new Page<>(List.copyOf(all.subList(0, Math.min(limit, all.size()))), truncated);
    }

    /** This instance's matching values: the first {@code limit} + 1 in order, so a caller can tell there are more. */
    <V> List<V> localList(String store, Class<V> type, Predicate<V> filter, Comparator<V> order, int limit) {
        return ready(() -> {
            ReadOnlyKeyValueStore<String, Object> table = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            List<V> out = new ArrayList<>();
            try (KeyValueIterator<String, Object> all = table.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Object> next = all.next();
                    V value = type.cast(next.value);
                    if (value != null && filter.test(value)) {
                        out.add(value);
                    }
                }
            }
            out.sort(order);
            return List.copyOf(out.subList(0, Math.min(limit + 1, out.size())));
        });
    }

    /** One page of a list, and whether more matched than it holds. */
    record Page<V>(List<V> items, boolean truncated) {
    }

    private HttpResponse<String> fetch(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(REMOTE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("API instance {}:{} did not answer {}: {}", host.host(), host.port(),
                    LogEscaper.escape(pathAndQuery), e.toString());
            throw ApiError.unavailable("The API instance holding this state (" + host.host() + ":" + host.port()
                    + ") did not answer; try again shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("Interrupted while asking another API instance.");
        }
    }

    private static <T> T read(String body, JavaType type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("Another API instance answered with unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** A key as a path segment of an {@code <key>} route: escaped, except its slashes, which the route takes. */
    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private interface Query<T> {
        T run();
    }

    /** Runs a store query, answering 503 while the stores are not queryable (starting, rebalancing, restoring, stopped). */
    private <T> T ready(Query<T> query) {
        try {
            return query.run();
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable(NOT_READY);
        } catch (IllegalStateException e) {
            if (!streams.state().isRunningOrRebalancing()) {
                throw ApiError.unavailable(NOT_READY);
            }
            throw e;
        }
    }
}
