package io.socswarm.agents.network;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One connection a source made, as the network agent's rules read it: where it went, whether
 * anyone answered, and how much the source sent. Its source's summary ({@link SourceActivity})
 * keeps only where it went, when, and whether it was answered.
 */
record Contact(
        @JsonProperty("d") String destination,
        @JsonProperty("p") Integer port,
        @JsonProperty("t") String protocol,
        @JsonProperty("u") boolean unanswered,
        @JsonProperty("b") long bytesOut) {

    /** ICMP "ports" are message types; only TCP and UDP ports say which service was tried. */
    boolean hasServicePort() {
        return port != null && !"icmp".equalsIgnoreCase(protocol) && !"icmp6".equalsIgnoreCase(protocol);
    }
}
