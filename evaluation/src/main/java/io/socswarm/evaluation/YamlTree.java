package io.socswarm.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree whose every node remembers its line, so that a mistake in a
 * hand-written truth file is reported where the person wrote it. Jackson's own tree forgets
 * locations; this one is read token by token from Jackson's YAML parser.
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    /** Any node: a scalar, a list or a map. */
    sealed interface Node permits Scalar, Seq, Mapping {
        int line();
    }

    /** A scalar; {@code text} is null for YAML's null (an empty value). */
    record Scalar(String text, int line) implements Node {
    }

    record Seq(List<Node> items, int line) implements Node {
    }

    /** A map that keeps its keys' order and each key's own line. */
    record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    /** Thrown with a line number and a sentence; the caller adds the file's name. */
    static final class YamlException extends Exception {
        final int line;

        YamlException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private YamlTree() {
    }

    /** Parses one document; an empty document is an empty map. */
    static Node parse(String text) throws YamlException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), Map.of(), 1);
            }
            return read(parser);
        } catch (StreamReadException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new YamlException(line, "not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + ")");
        } catch (IOException e) {
            throw new YamlException(0, "cannot be read: " + e.getMessage());
        }
    }

    private static Node read(JsonParser parser) throws IOException, YamlException {
        JsonToken token = parser.currentToken();
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    if (entries.containsKey(key)) {
                        throw new YamlException(keyLine, "'" + key + "' appears twice");
                    }
                    parser.nextToken();
                    entries.put(key, read(parser));
                    keyLines.put(key, keyLine);
                }
                return new Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser));
                }
                return new Seq(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> {
                return new Scalar(parser.getText(), line);
            }
        }
    }
}
