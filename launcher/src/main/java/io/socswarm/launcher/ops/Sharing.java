package io.socswarm.launcher.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.socswarm.analyst.llm.Pseudonymizer;
import io.socswarm.local.UserError;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What {@code ./swarm share} and {@code ./swarm reveal} have in common: the key file, and a
 * {@link Pseudonymizer.Session} that knows the names and internal addresses of the SOC's own
 * incidents, decisions and investigations. Tokens are HMAC-SHA256 under the key, so the same name
 * gives the same token in every share made with that key, and nobody without the key can link a
 * token to a name; a holder of the key turns a token back by recomputing the tokens of the names
 * and addresses in the SOC's topics.
 */
final class Sharing {
    /** The shortest key accepted, in bytes: an HMAC key shorter than this is guessable. */
    static final int MIN_KEY_BYTES = 16;
    private static final ObjectWriter LINE = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private Sharing() {
    }

    /** One shared record: the topic it came from, its key and its value, both rewritten. */
    record Line(String topic, String key, Object value) {
    }

    /** A new key of 32 random bytes, written as hex to {@code file}, readable by its owner only; never overwrites. */
    static byte[] newKey(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        try {
            Files.writeString(file, hex + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the directory's permissions.
            }
        } catch (FileAlreadyExistsException e) {
            throw new UserError("The key file " + file + " exists already; --new-key never overwrites a key.");
        } catch (IOException e) {
            throw new UserError("Cannot write the key file " + file + " (" + e.getMessage() + ").");
        }
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    /** The key in {@code file}: its content without surrounding white space, at least {@value #MIN_KEY_BYTES} bytes. */
    static byte[] readKey(Path file) {
        byte[] key;
        try {
            key = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("There is no key file " + file + " (--new-key makes one).");
        } catch (IOException e) {
            throw new UserError("Cannot read the key file " + file + " (" + e.getMessage() + ").");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new UserError("The key file " + file + " holds " + key.length + " bytes; a key has at least "
                    + MIN_KEY_BYTES + " (--new-key makes one).");
        }
        return key;
    }

    /**
     * A session that knows every name of {@code incidents} and {@code decisions}, and has rewritten
     * all three kinds of record once, so that it can also reveal the tokens of internal addresses.
     */
    static Pseudonymizer.Session session(byte[] key, Collection<Incident> incidents, Collection<Decision> decisions,
            Collection<Investigation> investigations) {
        Pseudonymizer.Session session = Pseudonymizer.keyed(key).session();
        session.learn(incidents, decisions);
        incidents.forEach(session::incident);
        decisions.forEach(session::decision);
        investigations.forEach(session::pseudonymize);
        return session;
    }

    /** The shared lines of one snapshot of each topic, in the order given. */
    static List<Line> lines(Pseudonymizer.Session session, Map<String, Incident> incidents,
            Map<String, Decision> decisions, Map<String, Investigation> investigations, String incidentsTopic,
            String decisionsTopic, String investigationsTopic) {
        List<Line> lines = new ArrayList<>();
        // Keys are event and incident ids (hashes), never rewritten, so that records still cite each other.
        decisions.forEach((k, d) -> lines.add(new Line(decisionsTopic, k, session.decision(d))));
        incidents.forEach((k, i) -> lines.add(new Line(incidentsTopic, k, session.incident(i))));
        investigations.forEach((k, i) -> lines.add(new Line(investigationsTopic, k, session.pseudonymize(i))));
        return lines;
    }

    /** One JSON line, everything outside ASCII escaped: it may go to a terminal. */
    static String json(Object value) {
        try {
            return LINE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A shared record did not serialize: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A line of a share with every token the session knows turned back: a JSON line stays JSON (the
     * strings in it are revealed), any other text is revealed as it is.
     */
    static String reveal(Pseudonymizer.Session session, String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = Json.MAPPER.readTree(trimmed);
                return json(map(tree, session::reveal));
            } catch (JsonProcessingException e) {
                // Not JSON after all: revealed as text.
            }
        }
        return session.reveal(line);
    }

    private static JsonNode map(JsonNode node, UnaryOperator<String> text) {
        if (node.isTextual()) {
            return TextNode.valueOf(text.apply(node.textValue()));
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            array.forEach(item -> out.add(map(item, text)));
            return out;
        }
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            object.fields().forEachRemaining(f -> fields.put(text.apply(f.getKey()), map(f.getValue(), text)));
            ObjectNode out = object.objectNode();
            fields.forEach(out::set);
            return out;
        }
        return node;
    }
}
