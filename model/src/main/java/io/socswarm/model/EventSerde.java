package io.socswarm.model;

import org.apache.kafka.common.header.Headers;

/**
 * The serde of {@code raw-events}: plain JSON, as {@link Topics#EVENT_SERDE}, and on the way out a
 * header {@value #CATEGORY_HEADER} with the event's category ({@code network}, {@code authentication},
 * …), so that an agent passes the events outside its scope over without parsing them. A record
 * without the header (written by another tool) is read in full, and an event without a category gets
 * none. The header is a hint for skipping, not evidence: whoever can write {@code raw-events} can
 * write any event, so it is only ever compared with a scope.
 */
public final class EventSerde extends HeaderedJsonSerde<SecurityEvent> {
    public static final String CATEGORY_HEADER = "swarm.category";

    public EventSerde(JsonSerde<SecurityEvent> json) {
        super(json, CATEGORY_HEADER);
    }

    /** The category the record's header names, or null when it has none. */
    public static String category(Headers headers) {
        return read(headers, CATEGORY_HEADER);
    }

    @Override
    String headerValue(SecurityEvent data) {
        return data.category();
    }
}
