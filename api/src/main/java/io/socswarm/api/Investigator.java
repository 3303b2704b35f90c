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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers {@code POST /investigate}: the indicators in a pasted alert (refanged, typed, once each),
 * the threat-intel indicators that list them, and the deterministic analyst's report on an ad-hoc
 * incident made of them, whose id is the request id. Nothing here scores: the incident is WARNING
 * when a feed lists one of its indicators and SAFE otherwise, with confidence 0.
 */
final class Investigator {
    /** Indicators taken from one alert; a paste with more is cut, and the answer says so. */
    static final int MAX_IOCS = 200;

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
        Incident incident = incident(requestId, iocs, matched.size(), clock.instant());
        Investigation report = analyst.investigate(Evidence.of(incident, List.<Decision>of(), matched.values()));
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

    /** The ad-hoc incident of a request: its addresses and domains as suspects, nothing scored. */
    static Incident incident(String requestId, List<Ioc> iocs, int matched, Instant now) {
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
        String reason = "Submitted to POST /investigate: " + iocs.size() + (iocs.size() == 1 ? " indicator" : " indicators")
                + " extracted, " + matched + " listed by threat intelligence.";
        return new Incident(requestId, 1, Incident.Status.OPEN, false,
                matched > 0 ? Decision.Severity.WARNING : Decision.Severity.SAFE, 0.0, suspects, (int) suspectCount,
                List.of(), List.of(), now, now, 0, List.of(), List.of(reason), List.of(), null, null, null, now);
    }
}
