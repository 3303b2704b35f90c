package io.socswarm.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a (multi-document) YAML text into plain maps, lists and scalars.
 *
 * <p>Numbers are kept as the text written in the rule rather than as parsed numbers: YAML would
 * read {@code 0x17} as 23 and {@code 010} as 8, and a rule matching {@code TicketEncryption: 0x17}
 * must compare against the text the log carries. Booleans and null keep their YAML meaning.
 */
final class YamlDocuments {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlDocuments() {
    }

    static List<Object> read(String yaml) {
        return read(new StringReader(yaml));
    }

    static List<Object> read(Reader reader) {
        List<Object> documents = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                documents.add(value(parser, token));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    map.put(key, value(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(parser, next));
                }
                yield list;
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            default -> parser.getText();
        };
    }
}
