package io.socswarm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The mappers every part of the swarm shares. {@link #MAPPER} writes what people and other tools
 * read (topics, files): JSON with ISO-8601 instants, nulls omitted. {@link #COMPACT} writes what
 * only our own apps read back (state stores, internal repartition topics): the same records as
 * Smile, Jackson's binary JSON, which costs less CPU than text. Both read and write instants
 * through {@link Instants}, as RFC 3339 text.
 */
public final class Json {
    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    public static final ObjectMapper COMPACT = configure(new ObjectMapper(new SmileFactory()));

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                // After JavaTimeModule: its Instant serializer and deserializer are replaced by ours.
                .registerModule(Instants.module())
                .registerModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    private Json() {
    }
}
