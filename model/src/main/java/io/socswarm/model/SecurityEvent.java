package io.socswarm.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One security event as it travels on {@code raw-events}. Field names follow the Elastic
 * Common Schema where one exists. {@code labels} carries optional ground truth for evaluation;
 * agents never read it. {@code attributes} holds what a format knows beyond these fields, under
 * ECS-style dotted names (see {@link Attributes}); agents may read it.
 *
 * <p>Every field is written by whoever wrote the log, an attacker included, and any producer can
 * write {@code raw-events}. So every text is bounded where an event is made, read from a topic
 * included: ids, names, addresses and domains to {@value #MAX_NAME_CHARS} characters, attribute and
 * label names to {@value #MAX_KEY_CHARS}, their values, the message and the origin's file to
 * {@value #MAX_TEXT_CHARS} (a Windows command line's limit); a longer one keeps its start and ends with
 * "…" and a hash of the whole, so that two long values stay different. And
 * an app reads no event larger than {@value #MAX_JSON_BYTES} bytes of JSON: inside an agent an event
 * travels on with its judgement, and one record of Kafka's is a megabyte by default (the producer's
 * {@code max.request.size}); a record too large to write stops an exactly-once app, which would read
 * the same event again on every restart.
 */
public record SecurityEvent(
        String id,
        Instant timestamp,
        String category,
        String action,
        String outcome,
        Endpoint source,
        Endpoint destination,
        User user,
        Host host,
        Network network,
        String message,
        Origin origin,
        Map<String, String> labels,
        Map<String, String> attributes) {

    /** The longest id, category, name, address or domain; a longer one is cut ({@link SecurityEvent}). */
    public static final int MAX_NAME_CHARS = 256;
    /** The longest attribute or label name. */
    public static final int MAX_KEY_CHARS = 512;
    /** The longest attribute or label value, message and origin file. */
    public static final int MAX_TEXT_CHARS = 32_768;
    /**
     * The latest event time: the last millisecond a Kafka record's timestamp (epoch milliseconds, a
     * long) can hold. An event's time lies between {@link Instant#EPOCH} and this, as a record's must:
     * a time before 1970 made our producer throw (one such line stopped a whole replay), and the
     * incident app refuse the decision's record; one past this could not be read as milliseconds.
     */
    public static final Instant LATEST_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);
    /** The largest event, as JSON, that an app reads from {@code raw-events} or a producer of ours writes there. */
    public static final int MAX_JSON_BYTES = 768 * 1024;

    @JsonCreator
    public SecurityEvent(
            @JsonProperty("id") String id,
            @JsonProperty("timestamp") Instant timestamp,
            @JsonProperty("category") String category,
            @JsonProperty("action") String action,
            @JsonProperty("outcome") String outcome,
            @JsonProperty("source") Endpoint source,
            @JsonProperty("destination") Endpoint destination,
            @JsonProperty("user") User user,
            @JsonProperty("host") Host host,
            @JsonProperty("network") Network network,
            @JsonProperty("message") String message,
            @JsonProperty("origin") Origin origin,
            @JsonProperty("labels") Map<String, String> labels,
            @JsonProperty("attributes") Map<String, String> attributes) {
        Validation.requireText(id, "SecurityEvent.id");
        Validation.requireNonNull(timestamp, "SecurityEvent.timestamp");
        if (timestamp.isBefore(Instant.EPOCH) || timestamp.isAfter(LATEST_TIME)) {
            throw new IllegalArgumentException("SecurityEvent.timestamp must lie between " + Instant.EPOCH + " and "
                    + LATEST_TIME + " (a Kafka record's time), not " + timestamp);
        }
        this.id = name(id);
        this.timestamp = timestamp;
        this.category = name(category);
        this.action = name(action);
        this.outcome = name(outcome);
        this.source = source;
        this.destination = destination;
        this.user = user;
        this.host = host;
        this.network = network;
        this.message = Validation.bounded(message, MAX_TEXT_CHARS);
        this.origin = origin;
        this.labels = Validation.bounded(labels, MAX_KEY_CHARS, MAX_TEXT_CHARS);
        this.attributes = Validation.bounded(attributes, MAX_KEY_CHARS, MAX_TEXT_CHARS);
    }

    /** An event with nothing beyond the common fields. */
    public SecurityEvent(String id, Instant timestamp, String category, String action, String outcome,
            Endpoint source, Endpoint destination, User user, Host host, Network network, String message,
            Origin origin, Map<String, String> labels) {
        this(id, timestamp, category, action, outcome, source, destination, user, host, network, message, origin,
                labels, Map.of());
    }

    private static String name(String value) {
        return Validation.bounded(value, MAX_NAME_CHARS);
    }

    /** A format-specific attribute, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** One side of a connection or login. */
    public record Endpoint(String ip, Integer port, String domain, Geo geo) {
        public Endpoint {
            ip = name(ip);
            domain = name(domain);
        }

        public static Endpoint ip(String ip) {
            return new Endpoint(ip, null, null, null);
        }

        public static Endpoint of(String ip, Integer port) {
            return new Endpoint(ip, port, null, null);
        }
    }

    /** Where an address is, when the source knows. */
    public record Geo(
            @JsonProperty("country_iso_code") String countryIsoCode,
            @JsonProperty("city_name") String cityName,
            Double lat,
            Double lon) {
        public Geo {
            countryIsoCode = name(countryIsoCode);
            cityName = name(cityName);
        }
    }

    public record User(String name, String domain) {
        public User {
            name = SecurityEvent.name(name);
            domain = SecurityEvent.name(domain);
        }

        public static User named(String name) {
            return new User(name, null);
        }
    }

    public record Host(String name) {
        public Host {
            name = SecurityEvent.name(name);
        }
    }

    public record Network(
            String protocol,
            @JsonProperty("bytes_in") Long bytesIn,
            @JsonProperty("bytes_out") Long bytesOut,
            Long packets,
            String state) {
        public Network {
            protocol = name(protocol);
            state = name(state);
        }
    }

    /** Where a replayed event came from: the reader's format, the file and the line. */
    public record Origin(String format, String file, Long line) {
        public Origin {
            format = name(format);
            file = Validation.bounded(file, MAX_TEXT_CHARS);
        }
    }

    public String sourceIp() {
        return source == null ? null : source.ip();
    }

    public String destinationIp() {
        return destination == null ? null : destination.ip();
    }

    public Integer destinationPort() {
        return destination == null ? null : destination.port();
    }

    public String userName() {
        return user == null ? null : user.name();
    }

    public boolean failed() {
        return "failure".equalsIgnoreCase(outcome);
    }

    public boolean succeeded() {
        return "success".equalsIgnoreCase(outcome);
    }
}
