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
        this.id = id;
        this.timestamp = timestamp;
        this.category = category;
        this.action = action;
        this.outcome = outcome;
        this.source = source;
        this.destination = destination;
        this.user = user;
        this.host = host;
        this.network = network;
        this.message = message;
        this.origin = origin;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
        this.attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An event with nothing beyond the common fields. */
    public SecurityEvent(String id, Instant timestamp, String category, String action, String outcome,
            Endpoint source, Endpoint destination, User user, Host host, Network network, String message,
            Origin origin, Map<String, String> labels) {
        this(id, timestamp, category, action, outcome, source, destination, user, host, network, message, origin,
                labels, Map.of());
    }

    /** A format-specific attribute, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** One side of a connection or login. */
    public record Endpoint(String ip, Integer port, String domain, Geo geo) {
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
    }

    public record User(String name, String domain) {
        public static User named(String name) {
            return new User(name, null);
        }
    }

    public record Host(String name) {
    }

    public record Network(
            String protocol,
            @JsonProperty("bytes_in") Long bytesIn,
            @JsonProperty("bytes_out") Long bytesOut,
            Long packets,
            String state) {
    }

    /** Where a replayed event came from: the reader's format, the file and the line. */
    public record Origin(String format, String file, Long line) {
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
