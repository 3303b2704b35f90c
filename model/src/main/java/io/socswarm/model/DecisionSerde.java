package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The serde of {@code decisions}: plain JSON, as {@link Topics#DECISION_SERDE}, and on the way out a
 * header {@value #SEVERITY_HEADER} with the decision's severity ({@code SAFE}, {@code WARNING},
 * {@code CRITICAL}), so that a reader that wants only alerting decisions (the incident builder)
 * passes the SAFE ones over without parsing them. A record without the header is read in full.
 */
public final class DecisionSerde extends HeaderedJsonSerde<Decision> {
    public static final String SEVERITY_HEADER = "swarm.severity";
    private static final byte[] SAFE = Decision.Severity.SAFE.name().getBytes(StandardCharsets.UTF_8);

    public DecisionSerde(JsonSerde<Decision> json) {
        super(json, SEVERITY_HEADER);
    }

    /** Whether the record's header says its decision is SAFE; false when it has no such header. */
    public static boolean saidSafe(Headers headers) {
        Header severity = headers == null ? null : headers.lastHeader(SEVERITY_HEADER);
        return severity != null && Arrays.equals(severity.value(), SAFE);
    }

    @Override
    String headerValue(Decision data) {
        return data.verdict().name();
    }
}
