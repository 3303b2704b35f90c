package io.socswarm.ingest.replay.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.socswarm.model.Json;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One JSON object with its nested fields reachable by dotted name: {@code {"winlog":{"event_id":1}}}
 * and {@code {"winlog.event_id":1}} both answer {@code text("winlog.event_id")}. Numbers keep
 * every digit (Zeek's {@code ts} has microseconds), arrays of values answer with their first.
 */
public final class JsonRecord {
    /** Reads floats as BigDecimal so epoch times with six decimals survive. */
    public static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final JsonNode root;
    private final Map<String, JsonNode> fields = new HashMap<>();

    public JsonRecord(JsonNode root) {
        this.root = root;
        flatten("", root);
    }

    /** The object on one line; an {@link IllegalArgumentException} saying why when it is not a JSON object. */
    public static JsonRecord parse(String text) {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new JsonRecord(node);
    }

    private void flatten(String prefix, JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue());
            }
        } else if (!prefix.isEmpty()) {
            fields.putIfAbsent(prefix, node);
        }
    }

    public JsonNode root() {
        return root;
    }

    public boolean has(String name) {
        return fields.containsKey(name) || root.has(name);
    }

    /** The value's text (an array: its first element), or null when missing, null or a placeholder. */
    public String text(String name) {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            node = node.size() == 0 ? null : node.get(0);
            if (node == null || node.isNull() || node.isContainerNode()) {
                return null;
            }
        }
        String text = Originals.scalar(node);
        return EventBuilder.absent(text) ? null : text;
    }

    /** The first of several names that has a value. */
    public String first(String... names) {
        for (String name : names) {
            String value = text(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The value of a dotted name as it is (an array stays an array), or null. */
    JsonNode node(String name) {
        return fields.get(name);
    }

    /** The names of all fields, dotted. */
    public Iterable<String> names() {
        return fields.keySet();
    }
}
