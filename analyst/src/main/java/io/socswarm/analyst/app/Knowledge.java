package io.socswarm.analyst.app;

import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import io.socswarm.model.Vote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the analyst app knows beyond an incident: the recent alerting decisions (by event id, and by
 * every address, account, host and domain they name) and the threat-intelligence indicators. One
 * reader thread fills it from {@code decisions} and {@code intel-indicators}; investigations read it
 * from their worker threads, so every method is synchronized — each is a few map operations.
 *
 * <p>Bounded: at most {@code maxDecisions} decisions, the oldest read dropped first, and at most
 * {@code perEntity} of them remembered per entity. Indicators are kept whole: the feeds' compacted
 * topic is the table, as the threat-intel agent's global store is.
 */
public final class Knowledge implements Lookups {
    private final int maxDecisions;
    private final int perEntity;
    private final LinkedHashMap<String, Decision> decisions = new LinkedHashMap<>();
    private final Map<String, Deque<String>> byEntity = new HashMap<>();
    private final Map<String, Indicator> indicators = new HashMap<>();
    private final Map<String, Indicator> cidrs = new LinkedHashMap<>();
    /** The CIDR indicators as ranges, rebuilt on the first lookup after they changed (a feed loads thousands at once). */
    private IpRanges ranges = IpRanges.of(List.of());
    private boolean rangesStale;

    public Knowledge(int maxDecisions, int perEntity) {
        this.maxDecisions = maxDecisions;
        this.perEntity = perEntity;
    }

    /** Remembers an alerting decision; a second decision with the same event id replaces nothing. */
    public synchronized void add(Decision decision) {
        if (decisions.putIfAbsent(decision.eventId(), decision) != null) {
            return;
        }
        for (String entity : entities(decision)) {
            Deque<String> ids = byEntity.computeIfAbsent(entity, e -> new ArrayDeque<>());
            ids.addFirst(decision.eventId());
            if (ids.size() > perEntity) {
                ids.removeLast();
            }
        }
        if (decisions.size() > maxDecisions) {
            Iterator<Map.Entry<String, Decision>> oldest = decisions.entrySet().iterator();
            Decision dropped = oldest.next().getValue();
            oldest.remove();
            for (String entity : entities(dropped)) {
                Deque<String> ids = byEntity.get(entity);
                if (ids != null && ids.remove(dropped.eventId()) && ids.isEmpty()) {
                    byEntity.remove(entity);
                }
            }
        }
    }

    /** The latest state of an indicator; null (a tombstone on the compacted topic) forgets it. */
    public synchronized void indicator(String key, Indicator indicator) {
        boolean cidr = key.startsWith(Indicator.Type.CIDR.code() + ":")
                || indicator != null && indicator.type() == Indicator.Type.CIDR;
        if (indicator == null) {
            indicators.remove(key);
            cidr &= cidrs.remove(key) != null;
        } else {
            indicators.put(key, indicator);
            if (cidr) {
                cidrs.put(key, indicator);
            }
        }
        rangesStale |= cidr;
    }

    public synchronized int decisionCount() {
        return decisions.size();
    }

    public synchronized int indicatorCount() {
        return indicators.size();
    }

    @Override
    public synchronized Optional<Indicator> indicator(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(indicators.get(key.strip().toLowerCase(Locale.ROOT)))
                .or(() -> Optional.ofNullable(indicators.get(key.strip())));
    }

    @Override
    public synchronized List<Decision> history(String entity, int limit) {
        Deque<String> ids = entity == null ? null : byEntity.get(normal(entity));
        if (ids == null || limit <= 0) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>(Math.min(limit, ids.size()));
        for (String id : ids) {
            if (out.size() == limit) {
                break;
            }
            Decision d = decisions.get(id);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** The decisions of {@code eventIds} that are known here, in the order asked. */
    public synchronized List<Decision> decisions(Collection<String> eventIds) {
        List<Decision> out = new ArrayList<>();
        for (String id : eventIds) {
            Decision d = decisions.get(id);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The evidence of {@code incident}: the decisions of its sample, then its suspects' recent ones
     * (enough to fill {@link Evidence#MAX_DECISIONS}), and every indicator that matches an observable
     * of those decisions — the same evidence whichever analyst writes the report.
     */
    public Evidence evidence(Incident incident) {
        Set<Decision> chosen = new LinkedHashSet<>(decisions(incident.sampleEventIds()));
        for (Suspect s : incident.suspects()) {
            if (chosen.size() >= Evidence.MAX_DECISIONS) {
                break;
            }
            chosen.addAll(history(s.value(), Evidence.MAX_DECISIONS - chosen.size()));
        }
        Evidence withoutIntel = Evidence.of(incident, chosen, List.of());
        List<Indicator> matched = new ArrayList<>();
        for (Ioc ioc : withoutIntel.observables()) {
            matched.addAll(indicators(ioc));
        }
        return matched.isEmpty() ? withoutIntel : Evidence.of(incident, chosen, matched);
    }

    /**
     * The indicators naming {@code ioc} (in its normal form): by key with the feeds' types
     * ({@code ipv4:}, {@code ipv6:}, {@code domain:}, {@code url:} without scheme, hashes), and for an
     * address every CIDR indicator that contains it.
     */
    synchronized List<Indicator> indicators(Ioc ioc) {
        String prefix = switch (ioc.type()) {
            case ip -> ioc.value().indexOf(':') >= 0 ? "ipv6" : "ipv4";
            case domain, url, md5, sha1, sha256 -> ioc.type().name();
            default -> null;
        };
        if (prefix == null) {
            return List.of();
        }
        List<Indicator> out = new ArrayList<>(1);
        Indicator exact = indicators.get(prefix + ":" + ioc.value());
        if (exact != null) {
            out.add(exact);
        }
        if (rangesStale) {
            ranges = IpRanges.of(cidrs.values().stream().map(Indicator::value).toList());
            rangesStale = false;
        }
        if (ioc.type() == Ioc.Type.ip && ranges.contains(ioc.value())) {
            for (Indicator cidr : cidrs.values()) {
                if (IpRanges.of(List.of(cidr.value())).contains(ioc.value())) {
                    out.add(cidr);
                }
            }
        }
        return out;
    }

    private static Set<String> entities(Decision d) {
        Set<String> out = new LinkedHashSet<>();
        for (Vote v : d.votes()) {
            if (v.suspect() != null) {
                addEntity(out, v.suspect().value());
            }
        }
        EventSummary e = d.event();
        if (e != null) {
            addEntity(out, e.sourceIp());
            addEntity(out, e.destinationIp());
            addEntity(out, e.destinationDomain());
            addEntity(out, e.user());
            addEntity(out, e.host());
        }
        return out;
    }

    private static void addEntity(Set<String> out, String value) {
        if (value != null && !value.isBlank()) {
            out.add(normal(value));
        }
    }

    private static String normal(String entity) {
        return entity.strip().toLowerCase(Locale.ROOT);
    }
}
