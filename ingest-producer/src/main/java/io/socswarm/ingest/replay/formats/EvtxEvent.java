package io.socswarm.ingest.replay.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Windows event as EVTX renderers write it (evtx_dump, SigmaHQ's regression data, many export
 * tools): the event's XML turned into JSON, {@code {"Event": {"System": {"Provider":
 * {"#attributes": {"Name": …}}, "EventID": 4625, "TimeCreated": {"#attributes": {"SystemTime": …}},
 * "Channel": …, "Computer": …, …}, "EventData": {…}}}}. It is turned into the flat record NXLog
 * writes for the same event (System facts and event data side by side at the top), so
 * {@link WindowsReader} maps both layouts by one set of rules into the same event.
 *
 * <p>Event data comes in the shapes renderers use: named fields ({@code "Image": "C:\\…"}),
 * XML-like {@code "Data": [{"#attributes": {"Name": "X"}, "#text": "v"}]} (or {@code "@Name"}),
 * unnamed {@code Data} values (kept as {@code Data}), and {@code UserData} with one element of
 * named fields. XML attributes of the {@code EventData} element itself are no data.
 *
 * <p>The originals are the System fields under the names Sigma's Windows rules use (a scalar by
 * its element name, an XML attribute as {@code Element_Attribute}: {@code Provider_Name},
 * {@code TimeCreated_SystemTime}, {@code Security_UserID}; the provider's name also as
 * {@code Provider}), then each event data field by its name. The {@code Event} element's own
 * attributes (its XML namespace) and anything outside {@code Event} are not the event's fields.
 */
record EvtxEvent(JsonRecord record, Map<String, JsonNode> originals) {
    private static final String ATTRIBUTES = "#attributes";
    private static final String TEXT = "#text";
    /** Audit keyword bits of an event's Keywords mask. */
    private static final long AUDIT_SUCCESS = 0x20000000000000L;
    private static final long AUDIT_FAILURE = 0x10000000000000L;

    /**
     * Names the reader takes as the event's own facts (its time, id, channel, host, provider,
     * audit type): event data of these names stays out of the flat record, so a field written
     * by whoever raised the event cannot pose as one of them.
     */
    private static final Set<String> SYSTEM_NAMES = Set.of("@timestamp", "TimeCreated", "TimeGenerated",
            "EventTime", "timestamp", "EventID", "EventId", "Id", "Channel", "Hostname", "Computer", "computer_name",
            "SourceName", "EventType", "Keywords", "winlog", "event", "host");

    /** True for a document shaped {@code {"Event": {…}}}. */
    static boolean is(JsonNode root) {
        JsonNode event = root.get("Event");
        return event != null && event.isObject();
    }

    /** The flat record and the originals of an {@code {"Event": …}} document; why not, when it has no System. */
    static EvtxEvent of(JsonNode root) {
        JsonNode event = root.get("Event");
        JsonNode system = event.get("System");
        if (system == null || !system.isObject()) {
            throw new IllegalArgumentException("an EVTX Event without a System object");
        }
        Map<String, JsonNode> originals = new LinkedHashMap<>();
        system(system, originals);

        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        copy(originals, "EventID", flat, "EventID");
        copy(originals, "Channel", flat, "Channel");
        copy(originals, "Computer", flat, "Computer");
        copy(originals, "Provider_Name", flat, "SourceName");
        copy(originals, "Keywords", flat, "Keywords");
        copy(originals, originals.containsKey("TimeCreated_SystemTime") ? "TimeCreated_SystemTime" : "TimeCreated",
                flat, "TimeCreated");
        String audit = auditType(originals.get("Keywords"));
        if (audit != null) {
            flat.put("EventType", audit);
        }

        Map<String, JsonNode> data = new LinkedHashMap<>();
        data(event.get("EventData"), data);
        JsonNode userData = event.get("UserData");
        if (userData != null && userData.isObject()) {
            // <UserData><LogFileCleared …><SubjectUserName>…: the one element holds the fields.
            userData.fields().forEachRemaining(element -> {
                if (!element.getKey().equals(ATTRIBUTES)) {
                    data(element.getValue(), data);
                }
            });
        }
        data.forEach((name, value) -> {
            if (!SYSTEM_NAMES.contains(name) && name.indexOf('.') < 0 && !flat.has(name)) {
                flat.set(name, value);
            }
            originals.putIfAbsent(name, value);
        });
        return new EvtxEvent(new JsonRecord(flat), originals);
    }

    /** System's elements by name, their XML attributes as {@code Element_Attribute}. */
    private static void system(JsonNode system, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> it = system.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isObject()) {
                out.putIfAbsent(name, value);
                continue;
            }
            JsonNode text = value.get(TEXT);
            if (text != null && !text.isNull()) {
                out.putIfAbsent(name, text);
            }
            JsonNode attributes = value.get(ATTRIBUTES);
            if (attributes != null && attributes.isObject()) {
                if (name.equals("Provider") && attributes.hasNonNull("Name")) {
                    out.putIfAbsent("Provider_Name", attributes.get("Name"));
                    out.putIfAbsent("Provider", attributes.get("Name"));
                }
                attributes.fields().forEachRemaining(a -> {
                    if (!a.getValue().isNull()) {
                        out.putIfAbsent(name + "_" + a.getKey(), a.getValue());
                    }
                });
            }
        }
    }

    /** The event data fields under {@code node}, by name. */
    private static void data(JsonNode node, Map<String, JsonNode> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(ATTRIBUTES) || value == null || value.isNull()) {
                continue;
            }
            if (name.equals("Data") && value.isContainerNode()) {
                dataElements(value, out);
            } else {
                out.putIfAbsent(name, textOf(value));
            }
        }
    }

    /** {@code <Data Name="X">v</Data>} elements; unnamed ones are kept together as {@code Data}. */
    private static void dataElements(JsonNode value, Map<String, JsonNode> out) {
        ArrayNode unnamed = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : value.isArray() ? value : JsonNodeFactory.instance.arrayNode().add(value)) {
            String name = element.isObject() ? elementName(element) : null;
            if (name != null) {
                JsonNode text = element.get(TEXT);
                // <Data Name="X"/> holds the empty string.
                out.putIfAbsent(name, text == null || text.isNull() ? TextNode.valueOf("") : text);
            } else if (element != null && !element.isNull()) {
                unnamed.add(textOf(element));
            }
        }
        if (!unnamed.isEmpty()) {
            out.putIfAbsent("Data", unnamed.size() == 1 ? unnamed.get(0) : unnamed);
        }
    }

    private static String elementName(JsonNode element) {
        JsonNode name = element.path(ATTRIBUTES).path("Name");
        if (name.isMissingNode() || name.isNull()) {
            name = element.path("@Name");
        }
        return name.isValueNode() && !name.asText().isEmpty() ? name.asText() : null;
    }

    /** An element with attributes and text ({@code {"#attributes": …, "#text": v}}) as its text. */
    private static JsonNode textOf(JsonNode value) {
        JsonNode text = value.isObject() ? value.get(TEXT) : null;
        return text != null && !text.isNull() ? text : value;
    }

    private static void copy(Map<String, JsonNode> from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && value.isValueNode()) {
            to.set(as, value);
        }
    }

    /** {@code AUDIT_SUCCESS} / {@code AUDIT_FAILURE} from the Keywords mask ({@code 0x8010000000000000}), as NXLog writes them. */
    static String auditType(JsonNode keywords) {
        if (keywords == null || !keywords.isValueNode()) {
            return null;
        }
        String text = keywords.asText().strip();
        long mask;
        try {
            mask = text.regionMatches(true, 0, "0x", 0, 2) ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if ((mask & AUDIT_SUCCESS) != 0) {
            return "AUDIT_SUCCESS";
        }
        return (mask & AUDIT_FAILURE) != 0 ? "AUDIT_FAILURE" : null;
    }
}
