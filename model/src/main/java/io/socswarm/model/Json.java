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
 * Smile, Jackson's binary JSON, with instants as numbers, which costs far less CPU than text.
 */
public final class Json {
    public static final ObjectMapper MAPPER = configure(new ObjectMapper())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static final ObjectMapper COMPACT = configure(new ObjectMapper(new SmileFactory()))
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS);

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .registerModule(new BlackbirdModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    private Json() {
    }
}
