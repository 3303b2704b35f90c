package io.socswarm.ingest.replay.formats;

import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects one event's fields while a reader maps a record, then builds the immutable
 * {@link SecurityEvent}. Setters ignore absent values (null, blank, Zeek's and Windows' {@code -}),
 * so a mapping can pass whatever the record holds without checking each field.
 */
public final class EventBuilder {
    /** Longest {@code message} kept, in UTF-8 bytes: the original line, cut. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024;

    private final String id;
    private final SecurityEvent.Origin origin;
    private Instant timestamp;
    private String category;
    private String action;
    private String outcome = "unknown";
    private String sourceIp;
    private Integer sourcePort;
    private String sourceDomain;
    private String destinationIp;
    private Integer destinationPort;
    private String destinationDomain;
    private String userName;
    private String userDomain;
    private String hostName;
    private String protocol;
    private Long bytesIn;
    private Long bytesOut;
    private Long packets;
    private String state;
    private String message;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private int originals;

    public EventBuilder(String id, SecurityEvent.Origin origin) {
        this.id = id;
        this.origin = origin;
    }

    /** True when a value carries nothing: null, blank, or one of the placeholders logs write for "none". */
    public static boolean absent(String value) {
        return value == null || value.isBlank() || value.equals("-") || value.equals("(empty)");
    }

    private static String clean(String value) {
        return absent(value) ? null : value.strip();
    }

    public EventBuilder timestamp(Instant value) {
        this.timestamp = value;
        return this;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public EventBuilder category(String value) {
        this.category = value;
        return this;
    }

    public EventBuilder action(String value) {
        this.action = value;
        return this;
    }

    public EventBuilder outcome(String value) {
        this.outcome = value == null ? "unknown" : value;
        return this;
    }

    /** Success or failure from a yes/no value, unknown when there is none. */
    public EventBuilder outcome(Boolean success) {
        return outcome(success == null ? "unknown" : success ? "success" : "failure");
    }

    public String outcome() {
        return outcome;
    }

    /** The source's address: an IP goes to {@code source.ip}, a name to {@code source.domain}. */
    public EventBuilder source(String address, Integer port) {
        String a = clean(address);
        if (a != null) {
            if (Values.isIp(a)) {
                sourceIp = Values.stripIpv4Mapped(a);
            } else {
                sourceDomain = a;
            }
        }
        if (port != null) {
            sourcePort = port;
        }
        return this;
    }

    public EventBuilder sourceDomain(String value) {
        String v = clean(value);
        if (v != null) {
            sourceDomain = v;
        }
        return this;
    }

    public EventBuilder destination(String address, Integer port) {
        String a = clean(address);
        if (a != null) {
            if (Values.isIp(a)) {
                destinationIp = Values.stripIpv4Mapped(a);
            } else {
                destinationDomain = a;
            }
        }
        if (port != null) {
            destinationPort = port;
        }
        return this;
    }

    public EventBuilder destinationDomain(String value) {
        String v = clean(value);
        if (v != null) {
            destinationDomain = v;
        }
        return this;
    }

    public EventBuilder user(String name, String domain) {
        String n = clean(name);
        if (n != null) {
            userName = n;
            userDomain = clean(domain);
        }
        return this;
    }

    public String userName() {
        return userName;
    }

    public EventBuilder host(String name) {
        String n = clean(name);
        if (n != null) {
            hostName = n;
        }
        return this;
    }

    public EventBuilder network(String protocol, Long bytesIn, Long bytesOut, Long packets, String state) {
        this.protocol = clean(protocol) == null ? null : protocol.strip().toLowerCase(java.util.Locale.ROOT);
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.packets = packets;
        this.state = clean(state);
        return this;
    }

    /** The original text, cut to {@value #MAX_MESSAGE_BYTES} UTF-8 bytes. */
    public EventBuilder message(String text) {
        this.message = cut(text);
        return this;
    }

    public EventBuilder label(String key, String value) {
        String v = clean(value);
        if (v != null) {
            labels.put(key, v);
        }
        return this;
    }

    public EventBuilder attribute(String name, String value) {
        String v = clean(value);
        if (v != null) {
            attributes.put(name, v);
        }
        return this;
    }

    public EventBuilder attribute(String name, Number value) {
        if (value != null) {
            attributes.put(name, value.toString());
        }
        return this;
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    /**
     * One of the record's own fields, kept as written under {@link Attributes#ORIGINAL_PREFIX} +
     * {@code name} (see there for why). Unlike {@link #attribute(String, String)} the value is not
     * cleaned: {@code -} or an empty string is what a rule may test. Null values are left out; the
     * first value of a name wins; the bounds of {@link Attributes} apply.
     */
    public EventBuilder original(String name, String value) {
        if (value == null || name == null || name.isEmpty() || name.length() > Attributes.MAX_ORIGINAL_NAME_CHARS
                || originalsFull()) {
            return this;
        }
        String key = Attributes.ORIGINAL_PREFIX + name;
        if (!attributes.containsKey(key)) {
            attributes.put(key, cutOriginal(value));
            originals++;
        }
        return this;
    }

    /** True when no further original field fits, so a reader can stop walking a large record. */
    public boolean originalsFull() {
        return originals >= Attributes.MAX_ORIGINAL_FIELDS;
    }

    static String cutOriginal(String value) {
        int max = Attributes.MAX_ORIGINAL_VALUE_CHARS;
        if (value.length() <= max) {
            return value;
        }
        // Never end on half a surrogate pair.
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    public SecurityEvent build() {
        SecurityEvent.Endpoint source = sourceIp == null && sourcePort == null && sourceDomain == null ? null
                : new SecurityEvent.Endpoint(sourceIp, sourcePort, sourceDomain, null);
        SecurityEvent.Endpoint destination =
                destinationIp == null && destinationPort == null && destinationDomain == null ? null
                        : new SecurityEvent.Endpoint(destinationIp, destinationPort, destinationDomain, null);
        SecurityEvent.User user = userName == null ? null : new SecurityEvent.User(userName, userDomain);
        SecurityEvent.Host host = hostName == null ? null : new SecurityEvent.Host(hostName);
        SecurityEvent.Network network = protocol == null && bytesIn == null && bytesOut == null && packets == null
                && state == null ? null : new SecurityEvent.Network(protocol, bytesIn, bytesOut, packets, state);
        return new SecurityEvent(id, timestamp, category, action, outcome, source, destination, user, host, network,
                message, origin, labels, attributes);
    }

    static String cut(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() * 3 <= MAX_MESSAGE_BYTES) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_MESSAGE_BYTES) {
            return text;
        }
        int end = MAX_MESSAGE_BYTES;
        // Back off to the start of a UTF-8 sequence so the cut never splits a character.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }
}
