package io.socswarm.api;

import io.socswarm.analyst.DeterministicAnalyst;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.IocExtractor;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import io.socswarm.model.Vote;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers {@code POST /investigate}: the indicators in a pasted alert (refanged, typed, once each),
 * the threat-intel indicators that list them, the swarm's recent alerting decisions about its
 * addresses and domains, and the deterministic analyst's report on an ad-hoc incident made of them,
 * whose id is the request id. Nothing here scores: confidence is 0, and the severity is what the
 * decisions and feeds already said.
 */
final class Investigator {
    /** Indicators taken from one alert; a paste with more is cut, and the answer says so. */
    static final int MAX_IOCS = 200;
    /** Addresses and domains whose recent decisions are looked up, each for at most {@link #HISTORY_PER_ENTITY}. */
    static final int HISTORY_ENTITIES = 10;
    static final int HISTORY_PER_ENTITY = 10;

    private final Lookups lookups;
    private final Function<List<String>, List<Indicator>> rangesHolding;
    private final DeterministicAnalyst analyst;
    private final Clock clock;

    /**
     * @param lookups       indicators by key
     * @param rangesHolding the CIDR indicators that hold any of the given addresses
     */
    Investigator(Lookups lookups, Function<List<String>, List<Indicator>> rangesHolding, Clock clock) {
        this.lookups = lookups;
        this.rangesHolding = rangesHolding;
        this.analyst = new DeterministicAnalyst(clock);
        this.clock = clock;
    }

    /**
     * @param iocs      what the alert names, in reading order
     * @param truncated whether it named more than {@link #MAX_IOCS}
     * @param matched   the feeds' indicators that list any of them
     */
    record Result(String requestId, List<Ioc> iocs, boolean truncated, List<Indicator> matched,
            Investigation investigation) {
    }

    Result investigate(String requestId, String alert) {
        List<Ioc> all = IocExtractor.extract(alert);
        List<Ioc> iocs = all.subList(0, Math.min(MAX_IOCS, all.size()));
        Map<String, Indicator> matched = new LinkedHashMap<>();
        for (Ioc ioc : iocs) {
            for (String key : indicatorKeys(ioc)) {
                lookups.indicator(key).ifPresent(i -> matched.putIfAbsent(i.key(), i));
            }
        }
        List<String> addresses = addresses(iocs);
        if (!addresses.isEmpty()) {
            rangesHolding.apply(addresses).forEach(i -> matched.putIfAbsent(i.key(), i));
        }
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (String entity : entities(iocs)) {
            lookups.history(entity, HISTORY_PER_ENTITY).forEach(d -> decisions.putIfAbsent(d.eventId(), d));
        }
        Incident incident = incident(requestId, iocs, matched.size(), List.copyOf(decisions.values()), clock.instant());
        Investigation report = analyst.investigate(Evidence.of(incident, decisions.values(), matched.values()));
        return new Result(requestId, List.copyOf(iocs), all.size() > iocs.size(), List.copyOf(matched.values()), report);
    }

    /**
     * The {@code intel-indicators} keys that would list {@code ioc}: feeds key addresses by family,
     * URLs without their scheme, and name the host of a URL on its own too.
     */
    static List<String> indicatorKeys(Ioc ioc) {
        String v = ioc.value();
        return switch (ioc.type()) {
            case ip -> List.of(Indicator.key(v.contains(":") ? Indicator.Type.IPV6 : Indicator.Type.IPV4, v));
            case domain -> List.of(Indicator.key(Indicator.Type.DOMAIN, v));
            case md5 -> List.of(Indicator.key(Indicator.Type.MD5, v));
            case sha1 -> List.of(Indicator.key(Indicator.Type.SHA1, v));
            case sha256 -> List.of(Indicator.key(Indicator.Type.SHA256, v));
            case url -> urlKeys(v);
            default -> List.of();
        };
    }

    private static List<String> urlKeys(String url) {
        String host = urlHost(url);
        List<String> keys = new ArrayList<>();
        int scheme = url.indexOf("://");
        keys.add(Indicator.key(Indicator.Type.URL, scheme < 0 ? url : url.substring(scheme + 3)));
        if (!host.isEmpty() && !host.startsWith("[")) {
            boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            keys.add(Indicator.key(ipv4 ? Indicator.Type.IPV4 : Indicator.Type.DOMAIN, host));
        }
        return keys;
    }

    /** The host of a URL as written, lower case: a name, an IPv4 address, or a bracketed IPv6 one. */
    static String urlHost(String url) {
        int scheme = url.indexOf("://");
        String rest = scheme < 0 ? url : url.substring(scheme + 3);
        int end = 0;
        if (rest.startsWith("[")) {
            end = Math.max(rest.indexOf(']') + 1, 0);
        } else {
            while (end < rest.length() && "/?#:".indexOf(rest.charAt(end)) < 0) {
                end++;
            }
        }
        return rest.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The addresses and domains an alert names, URLs' hosts included, whose recent decisions are looked up. */
    static List<String> entities(List<Ioc> iocs) {
        Set<String> out = new LinkedHashSet<>();
        for (Ioc ioc : iocs) {
            switch (ioc.type()) {
                case ip, domain -> out.add(ioc.value());
                case url -> {
                    String host = urlHost(ioc.value());
                    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                    if (!bare.isEmpty()) {
                        out.add(bare);
                    }
                }
                default -> {
                }
            }
        }
        return out.stream().limit(HISTORY_ENTITIES).toList();
    }

    /** The addresses an alert names: its IP indicators and the hosts of its URLs that are addresses. */
    static List<String> addresses(List<Ioc> iocs) {
        List<String> out = new ArrayList<>();
        for (Ioc ioc : iocs) {
            if (ioc.type() == Ioc.Type.ip) {
                out.add(ioc.value());
            } else if (ioc.type() == Ioc.Type.url) {
                String host = urlHost(ioc.value());
                String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                if (IpRanges.parseAddress(bare) != null && !out.contains(bare)) {
                    out.add(bare);
                }
            }
        }
        return out;
    }

    /**
     * The ad-hoc incident of a request: its addresses and domains as suspects; the swarm's recent
     * decisions about them, their classes and agents. Nothing is scored here: the severity is the
     * highest of those decisions' verdicts, and WARNING at least when a feed lists an indicator.
     */
    static Incident incident(String requestId, List<Ioc> iocs, int matched, List<Decision> decisions, Instant now) {
        List<Suspect> suspects = new ArrayList<>();
        for (Ioc ioc : iocs) {
            Optional<Suspect> suspect = switch (ioc.type()) {
                case ip -> Optional.of(Suspect.ip(ioc.value()));
                case domain -> Optional.of(Suspect.domain(ioc.value()));
                default -> Optional.empty();
            };
            suspect.filter(s -> suspects.size() < Incident.MAX_SUSPECTS).ifPresent(suspects::add);
        }
        long suspectCount = iocs.stream().filter(i -> i.type() == Ioc.Type.ip || i.type() == Ioc.Type.domain).count();
        Decision.Severity severity = matched > 0 ? Decision.Severity.WARNING : Decision.Severity.SAFE;
        Set<String> classes = new LinkedHashSet<>();
        Set<String> agents = new LinkedHashSet<>();
        for (Decision d : decisions) {
            severity = d.verdict().compareTo(severity) > 0 ? d.verdict() : severity;
            for (Vote vote : d.votes()) {
                if (vote.finding() != null) {
                    classes.add(vote.finding());
                    agents.add(vote.agent());
                }
            }
        }
        List<String> eventIds = decisions.stream().map(Decision::eventId).limit(Incident.MAX_SAMPLE).toList();
        String reason = "Submitted to POST /investigate: " + iocs.size() + (iocs.size() == 1 ? " indicator" : " indicators")
                + " extracted, " + matched + " listed by threat intelligence, " + decisions.size()
                + (decisions.size() == 1 ? " recent alerting decision" : " recent alerting decisions") + " naming them.";
        return new Incident(requestId, 1, Incident.Status.OPEN, false, severity, 0.0, suspects, (int) suspectCount,
                List.of(), List.copyOf(classes), now, now, decisions.size(), eventIds, List.of(reason),
                List.copyOf(agents), null, null, null, now);
    }
}
