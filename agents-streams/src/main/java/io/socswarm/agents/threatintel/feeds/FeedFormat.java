package io.socswarm.agents.threatintel.feeds;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The feed formats {@code ./swarm intel load} reads, by the names its {@code --format} takes. */
public enum FeedFormat {
    /** abuse.ch CSV exports: Feodo Tracker, URLhaus, ThreatFox, MalwareBazaar. */
    ABUSECH(new AbuseChCsvParser()),
    /** Spamhaus DROP, EDROP, DROPv6 ({@code CIDR ; SBLnnnn}) and their JSON-lines forms, ASN-DROP included. */
    SPAMHAUS(new SpamhausParser()),
    /** STIX 2.0 and 2.1 bundles of indicator objects. */
    STIX(new StixParser()),
    /** MISP event JSON, one event or a search response of several. */
    MISP(new MispParser());

    private final FeedParser parser;

    FeedFormat(FeedParser parser) {
        this.parser = parser;
    }

    public FeedParser parser() {
        return parser;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named on the command line; {@code null} for {@code auto}. */
    public static FeedFormat named(String name) {
        if (name == null || name.equalsIgnoreCase("auto")) {
            return null;
        }
        for (FeedFormat f : values()) {
            if (f.code().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("There is no feed format '" + name + "'; say auto, "
                + Arrays.stream(values()).map(FeedFormat::code).collect(Collectors.joining(", ")) + ".");
    }
}
