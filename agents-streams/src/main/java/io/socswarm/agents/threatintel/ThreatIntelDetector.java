package io.socswarm.agents.threatintel;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Suspects;
import io.socswarm.model.Attributes;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.Indicator;
import io.socswarm.model.IpRanges;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The threat-intelligence analyst: does the event touch known-bad infrastructure or files? It
 * looks up the event's destination and source addresses, destination domain (and its parents),
 * TLS server name, URL and file hashes in two sources: the feeds loaded into
 * {@code intel-indicators} ({@link IndicatorTable}, live) and the static lists of the
 * configuration ({@link Blocklist}). A hit is MALICIOUS, and the vote names the indicator, the feed
 * and the malware family where the feed knows it.
 *
 * <p>The suspect is the machine that reached the indicator (the event's source, else its host):
 * {@code bad_indicator} for an address, domain or URL it went to, {@code bad_file} for a file it
 * holds; a listed source address is itself the suspect ({@code bad_source}).
 */
public final class ThreatIntelDetector implements Detector {
    public static final String NAME = "threat-intel";
    private static final int SHORT_REFERENCE = 16;
    private static final String BAD_INDICATOR = "bad_indicator";

    /** One per topology: the processor that keeps the table current and the judges share its prefix counts. */
    private final IndicatorTable table = new IndicatorTable();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void addGlobalStores(StreamsBuilder builder, Topics topics, SwarmConfig config) {
        table.addTo(builder, topics.intelIndicators());
    }

    @Override
    public Judge open(SwarmConfig config, TaskStores stores) {
        Blocklist blocklist = Blocklist.from(config);
        ReadOnlyKeyValueStore<String, Indicator> store = stores.get(IndicatorTable.STORE);
        IndicatorTable.Lookup feeds = table.lookup(store);
        NoMatch noMatch = new NoMatch(blocklist);
        return event -> judge(event, feeds, blocklist, noMatch);
    }

    static Judgement judge(SecurityEvent event, IndicatorTable.Lookup feeds, Blocklist blocklist, NoMatch noMatch) {
        for (String side : new String[] {"destination", "source"}) {
            boolean source = side.equals("source");
            String ip = source ? event.sourceIp() : event.destinationIp();
            String field = side + ".ip";
            String finding = source ? "bad_source" : BAD_INDICATOR;
            Optional<IndicatorTable.Match> hit = feeds.ip(ip);
            if (hit.isPresent()) {
                Indicator i = hit.get().indicator();
                String where = i.type() == Indicator.Type.CIDR ? " is in " + i.value() + " on " : " is on ";
                return malicious(0.95, capitalised(side) + " " + ip + where + named(i) + ".", i, field, ip,
                        suspect(event, source, ip), finding);
            }
            Optional<IpRanges.Range> listed = blocklist.match(ip);
            if (listed.isPresent()) {
                return malicious(0.95, capitalised(side) + " " + ip + " is in " + listed.get().text() + " on "
                        + blocklist.name() + ".", configured(Indicator.Type.CIDR, listed.get().text(), blocklist.name()),
                        field, ip, suspect(event, source, ip), finding);
            }
        }
        String domain = event.destination() != null ? event.destination().domain() : null;
        Optional<Judgement> byDomain = domain(event, domain, "destination.domain", "Destination domain", feeds, blocklist);
        if (byDomain.isPresent()) {
            return byDomain.get();
        }
        byDomain = domain(event, event.attribute(Attributes.TLS_SERVER_NAME), Attributes.TLS_SERVER_NAME,
                "TLS server name", feeds, blocklist);
        if (byDomain.isPresent()) {
            return byDomain.get();
        }
        String url = event.attribute(Attributes.URL_FULL);
        Optional<IndicatorTable.Match> urlHit = feeds.url(url);
        if (urlHit.isPresent()) {
            Indicator i = urlHit.get().indicator();
            return malicious(0.95, "URL " + url + " is on " + named(i) + ".", i, Attributes.URL_FULL, url,
                    reachedBy(event, Suspects.address(event.destinationIp())), BAD_INDICATOR);
        }
        for (String attribute : new String[] {Attributes.HASH_SHA256, Attributes.HASH_SHA1, Attributes.HASH_MD5}) {
            String hash = event.attribute(attribute);
            Optional<IndicatorTable.Match> hashHit = feeds.hash(hash);
            if (hashHit.isPresent()) {
                Indicator i = hashHit.get().indicator();
                String algorithm = attribute.substring("hash.".length()).toUpperCase(Locale.ROOT);
                return malicious(0.95, "File " + algorithm + " " + hash + " is on " + named(i) + ".", i, attribute, hash,
                        holder(event), "bad_file");
            }
        }
        return noMatch.judgement(feeds.size());
    }

    /**
     * The vote on the many events that match nothing: one sentence per size of the feeds, built
     * once rather than formatted for every event.
     */
    static final class NoMatch {
        private final Blocklist blocklist;
        private long feedIndicators = -1;
        private Judgement judgement;

        NoMatch(Blocklist blocklist) {
            this.blocklist = blocklist;
        }

        Judgement judgement(long loaded) {
            if (loaded != feedIndicators) {
                judgement = Judgement.safe(0.5, String.format(Locale.ROOT,
                        "No indicator matched (%,d ranges, %,d domains configured; %,d feed indicators loaded).",
                        blocklist.ranges().size(), blocklist.domains().size(), loaded));
                feedIndicators = loaded;
            }
            return judgement;
        }
    }

    private static Optional<Judgement> domain(SecurityEvent event, String domain, String field, String label,
            IndicatorTable.Lookup feeds, Blocklist blocklist) {
        if (domain == null) {
            return Optional.empty();
        }
        Optional<IndicatorTable.Match> hit = feeds.domain(domain);
        if (hit.isPresent()) {
            Indicator i = hit.get().indicator();
            boolean parent = !i.value().equalsIgnoreCase(domain);
            return Optional.of(malicious(parent ? 0.85 : 0.9, label + " " + domain
                    + (parent ? " is under " + i.value() + ", on " : " is on ") + named(i) + ".", i, field, domain,
                    reachedBy(event, Suspect.domain(domain.trim())), BAD_INDICATOR));
        }
        Optional<String> listed = blocklist.knownBadDomain(domain);
        if (listed.isPresent()) {
            boolean parent = !listed.get().equalsIgnoreCase(domain);
            return Optional.of(malicious(parent ? 0.85 : 0.9, label + " " + domain
                    + (parent ? " is under " + listed.get() + ", on " : " is on ") + Blocklist.DOMAINS + ".",
                    configured(Indicator.Type.DOMAIN, listed.get(), Blocklist.DOMAINS), field, domain,
                    reachedBy(event, Suspect.domain(domain.trim())), BAD_INDICATOR));
        }
        return Optional.empty();
    }

    /**
     * {@code feodotracker (Dridex)}, {@code spamhaus-drop (SBL123456)}: the feed and the family, else
     * a reference short enough to read in a sentence (an SBL id, not a STIX id or a link, which
     * stay in the evidence).
     */
    private static String named(Indicator i) {
        String detail = i.malwareFamily();
        if (detail == null && i.reference() != null && i.reference().length() <= SHORT_REFERENCE
                && i.reference().chars().noneMatch(Character::isWhitespace)) {
            detail = i.reference();
        }
        return i.feed() + (detail != null ? " (" + detail + ")" : "");
    }

    private static Indicator configured(Indicator.Type type, String value, String list) {
        return new Indicator(type, value, list, null, null, null, null);
    }

    /** A listed source is the attacker; a listed destination was reached by the machine on the other end. */
    private static Suspect suspect(SecurityEvent event, boolean listedSource, String ip) {
        return listedSource ? Suspects.address(ip) : reachedBy(event, Suspects.address(ip));
    }

    /**
     * The machine that went to an indicator: the event's source address, else its host, else the
     * account; {@code otherwise} (the indicator itself) when the event names none of them.
     */
    private static Suspect reachedBy(SecurityEvent event, Suspect otherwise) {
        Suspect suspect = Suspects.address(event.sourceIp());
        if (suspect == null && event.host() != null) {
            suspect = Suspects.host(event.host().name());
        }
        if (suspect == null) {
            String account = EntityKeys.account(event.userName());
            suspect = account == null ? null : Suspect.user(account);
        }
        return suspect != null ? suspect : otherwise;
    }

    /** The machine a file is on: its host, else the address that fetched it. */
    private static Suspect holder(SecurityEvent event) {
        Suspect host = event.host() != null ? Suspects.host(event.host().name()) : null;
        return host != null ? host : reachedBy(event, null);
    }

    private static Judgement malicious(double confidence, String reason, Indicator i, String field, String value,
            Suspect suspect, String finding) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("indicator", i.value());
        evidence.put("indicator_type", i.type().code());
        evidence.put("feed", i.feed());
        evidence.put("malware_family", i.malwareFamily());
        evidence.put("reference", i.reference());
        evidence.put("matched_field", field);
        evidence.put("matched_value", value);
        return Judgement.of(Verdict.MALICIOUS, confidence, reason, evidence, suspect, finding);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
