package io.socswarm.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * One indicator of compromise from a threat-intelligence feed, on the compacted topic
 * {@code intel-indicators} keyed by {@link #key()} ({@code cidr:5.188.10.0/23},
 * {@code domain:evil.example}). {@code value} is already in its normal form (lower-case domains
 * and hashes, masked CIDRs, URLs without scheme), so that a detector finds it by building the same
 * key from an event. A null record value under a key is a tombstone: the indicator was withdrawn.
 */
public record Indicator(
        Type type,
        String value,
        String feed,
        String malwareFamily,
        String description,
        String reference,
        Instant firstSeen) {

    @JsonCreator
    public Indicator(
            @JsonProperty("type") Type type,
            @JsonProperty("value") String value,
            @JsonProperty("feed") String feed,
            @JsonProperty("malwareFamily") String malwareFamily,
            @JsonProperty("description") String description,
            @JsonProperty("reference") String reference,
            @JsonProperty("firstSeen") Instant firstSeen) {
        Validation.requireNonNull(type, "Indicator.type");
        Validation.requireText(value, "Indicator.value");
        Validation.requireText(feed, "Indicator.feed");
        this.type = type;
        this.value = value;
        this.feed = feed;
        this.malwareFamily = blankToNull(malwareFamily);
        this.description = blankToNull(description);
        this.reference = blankToNull(reference);
        this.firstSeen = firstSeen;
    }

    /** The record key on {@code intel-indicators}: {@code type:value}. */
    @JsonIgnore
    public String key() {
        return key(type, value);
    }

    public static String key(Type type, String normalisedValue) {
        return type.code() + ":" + normalisedValue;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** What an indicator names, spelled in keys and JSON as {@link #code()}. */
    public enum Type {
        IPV4, IPV6, CIDR, DOMAIN, URL, MD5, SHA1, SHA256, ASN;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type of(String code) {
            for (Type t : values()) {
                if (t.code().equalsIgnoreCase(code)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Indicator.type '" + code + "' is not one of ipv4, ipv6, cidr, domain, "
                    + "url, md5, sha1, sha256, asn");
        }
    }
}
