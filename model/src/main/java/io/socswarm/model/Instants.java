package io.socswarm.model;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Instants as RFC 3339 text, read and written by ITU instead of {@code java.time}'s formatters,
 * which cost a tenth of the pipeline's CPU. What is written is exactly {@link Instant#toString()};
 * what ITU cannot read (numbers, old state written as epoch decimals, text only Jackson's own
 * deserializer accepts) goes to Jackson's {@link InstantDeserializer}, so nothing that was accepted
 * before is refused now, and nothing refused is accepted.
 */
final class Instants {
    /** ITU writes four-digit years; outside them {@link Instant#toString()} writes the text. */
    private static final long FIRST_SECOND_OF_YEAR_1 = -62_135_596_800L;
    private static final long FIRST_SECOND_OF_YEAR_10000 = 253_402_300_800L;

    private Instants() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("soc-swarm-instants");
        module.addSerializer(Instant.class, new Writer());
        module.addDeserializer(Instant.class, new Reader());
        return module;
    }

    /** The same text as {@link Instant#toString()}: fractions in groups of three digits, as needed. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_1 || seconds >= FIRST_SECOND_OF_YEAR_10000) {
            return instant.toString();
        }
        int nanos = instant.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        return ITU.formatUtc(instant.atOffset(ZoneOffset.UTC), digits);
    }

    /** The instant of an RFC 3339 timestamp, or null when the text is not one. */
    static Instant parseRfc3339(String text) {
        try {
            return ITU.parseDateTime(text).toInstant();
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static final class Writer extends StdScalarSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {
        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant parsed = parseRfc3339(p.getText());
                if (parsed != null) {
                    return parsed;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}
