package io.socswarm.ingest.synthetic.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One JSON writer for the renderers: values are escaped by Jackson, never concatenated into JSON text. */
final class RenderJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RenderJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A rendered record could not be written as JSON", e);
        }
    }
}
