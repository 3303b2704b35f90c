package io.socswarm.ingest.replay.formats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.socswarm.model.Json;
import io.socswarm.model.Attributes;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Copies a JSON record's own fields into an event under {@link Attributes#ORIGINAL_PREFIX}:
 * nested objects flattened with dots ({@code userIdentity.arn}), arrays as compact JSON text,
 * nulls left out. The walk stops as soon as the event holds {@link Attributes#MAX_ORIGINAL_FIELDS}
 * of them, so a record with many fields costs no more than one with two hundred.
 */
final class Originals {
    /** A number whose plain form would be longer than this is written in scientific notation. */
    private static final int MAX_PLAIN_DIGITS = 1000;
    private static final ObjectWriter PLAIN = Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Originals() {
    }

    /** Every field of {@code record}, by its dotted name. */
    static void json(EventBuilder e, JsonNode record) {
        json(e, "", record, false, Set.of());
    }

    /**
     * The fields under {@code node}, named {@code prefix.field}; with {@code dropPlaceholders},
     * text that only says "none" ({@code -}, {@code (empty)}, blank) is left out as well.
     */
    static void json(EventBuilder e, String prefix, JsonNode node, boolean dropPlaceholders) {
        json(e, prefix, node, dropPlaceholders, Set.of());
    }

    /** Like {@link #json(EventBuilder, String, JsonNode, boolean)}, leaving out the objects at {@code skip} paths. */
    static void json(EventBuilder e, String prefix, JsonNode node, boolean dropPlaceholders, Set<String> skip) {
        if (e.originalsFull() || node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && skip.contains(prefix)) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext() && !e.originalsFull()) {
                Map.Entry<String, JsonNode> field = it.next();
                json(e, prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(),
                        dropPlaceholders, skip);
            }
            return;
        }
        if (prefix.isEmpty()) {
            return;
        }
        String value = text(node);
        if (dropPlaceholders && node.isTextual() && EventBuilder.absent(value)) {
            return;
        }
        e.original(prefix, value);
    }

    /** A scalar's text (numbers keep every digit), an array's or object's compact JSON; null for null. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            String json = compact(node);
            return json.length() > Attributes.MAX_ORIGINAL_VALUE_CHARS
                    ? json.substring(0, Attributes.MAX_ORIGINAL_VALUE_CHARS) : json;
        }
        return scalar(node);
    }

    /**
     * A node as one line of JSON, decimals written plain ({@code [60,0.5]}, not {@code [6E+1,0.5]});
     * a decimal too large to write plain makes the whole text fall back to scientific notation.
     */
    static String compact(JsonNode node) {
        try {
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    /**
     * A scalar's text. A decimal is written plain ({@code 1655071198.444458}, never {@code 1.6E9})
     * unless that would take more than {@value #MAX_PLAIN_DIGITS} digits: {@code 1e999999999} is
     * a short record that must not become a gigabyte of zeros.
     */
    static String scalar(JsonNode node) {
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            long digits = (long) d.precision() + Math.abs((long) d.scale());
            return digits > MAX_PLAIN_DIGITS ? d.toString() : d.toPlainString();
        }
        return node.asText();
    }
}
