package io.socswarm.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.smile.SmileConstants;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Generic Jackson serde over our records. Null stays null (tombstones); every failure becomes a
 * {@link SerializationException} whose message names the type and the cause, so a dead letter
 * says why. Values larger than {@code maxBytes} are refused before parsing.
 *
 * <p>A {@link #compact} serde writes Smile (binary JSON) for state only our apps read back. Every
 * serde reads both forms, told apart by Smile's header, so state written as JSON by an earlier
 * version is still read after an upgrade.
 */
public final class JsonSerde<T> implements SelfSerde<T> {
    /** Far above any real event; a larger value is an attack or a bug, not a log line. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectReader compactReader;
    private final ObjectWriter writer;
    private final int maxBytes;

    public JsonSerde(Class<T> type) {
        this(type, DEFAULT_MAX_BYTES);
    }

    public JsonSerde(Class<T> type, int maxBytes) {
        this(type, maxBytes, Json.MAPPER);
    }

    private JsonSerde(Class<T> type, int maxBytes, ObjectMapper writes) {
        this.type = type;
        this.reader = Json.MAPPER.readerFor(type);
        this.compactReader = Json.COMPACT.readerFor(type);
        this.writer = writes.writerFor(type);
        this.maxBytes = maxBytes;
    }

    /** A serde that writes Smile: for state stores and internal topics, never for what people read. */
    public static <T> JsonSerde<T> compact(Class<T> type) {
        return new JsonSerde<>(type, DEFAULT_MAX_BYTES, Json.COMPACT);
    }

    private static boolean isSmile(byte[] data) {
        return data.length >= 3 && data[0] == SmileConstants.HEADER_BYTE_1 && data[1] == SmileConstants.HEADER_BYTE_2
                && data[2] == SmileConstants.HEADER_BYTE_3;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > maxBytes) {
            throw new SerializationException(type.getSimpleName() + " of " + data.length
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        try {
            T value = isSmile(data) ? compactReader.readValue(data) : reader.readValue(data);
            if (value == null) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + ": the value is JSON null");
            }
            return value;
        } catch (IOException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
    }

    public T parse(String json) {
        return deserialize(null, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String toJson(T value) {
        return new String(serialize(null, value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Jackson wraps our constructors' validation errors; the innermost message names the field. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (t instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            message = jpe.getOriginalMessage();
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
