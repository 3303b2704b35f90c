package io.socswarm.analyst;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an analyst — a model or the deterministic one — is given about an incident, and therefore
 * the reference every report is checked against: the incident, its recent decisions (each with its
 * event summary and votes) and the threat-intelligence indicators that match it.
 *
 * <p>A report may cite only {@link #citableIds()}: the event ids of the decisions given here (not the
 * incident's other sample ids, which nobody has read) and the indicators' {@code type:value} keys.
 * It may name only what {@link #contains(Ioc)}: the observables of the structured fields (suspects,
 * targets, event addresses, domains, accounts and hosts, indicator values) and those {@link Mentions}
 * finds in the evidence's text (reasons, vote evidence, indicator descriptions), compared in
 * {@link Observables}' normal form. The host of a URL and the domain of an e-mail address given here
 * count as given too. Ground-truth labels of decisions are never part of the evidence.
 */
public final class Evidence {
    /** The most recent decisions kept: enough to show the pattern, few enough for a prompt. */
    public static final int MAX_DECISIONS = 50;

    private final Incident incident;
    private final List<Decision> decisions;
    private final List<Indicator> indicators;
    private final Set<String> eventIds = new LinkedHashSet<>();
    private final Set<String> indicatorIds = new LinkedHashSet<>();
    private final Set<Ioc> observables = new LinkedHashSet<>();
    private final Set<String> hostShortNames = new LinkedHashSet<>();
    private final List<String> cidrs = new ArrayList<>();
    private final IpRanges ranges;
    private final List<Text> texts = new ArrayList<>();

    /**
     * One piece of text of the evidence, which may have been written by an attacker.
     *
     * @param field where it stands, e.g. {@code decisions[3].event.user} or {@code incident.reasons[0]}
     */
    public record Text(String field, String value) {
    }

    private Evidence(Incident incident, List<Decision> decisions, List<Indicator> indicators) {
        this.incident = incident;
        this.decisions = decisions;
        this.indicators = indicators;
        collect();
        this.ranges = IpRanges.of(cidrs);
    }

    /**
     * The evidence of {@code incident}: of {@code decisions}, the {@link #MAX_DECISIONS} latest by event
     * time, one per event id, in time order; {@code indicators} as given, one per key.
     */
    public static Evidence of(Incident incident, Collection<Decision> decisions, Collection<Indicator> indicators) {
        Objects.requireNonNull(incident, "incident");
        Map<String, Decision> byEvent = new LinkedHashMap<>();
        for (Decision d : decisions == null ? List.<Decision>of() : decisions) {
            byEvent.putIfAbsent(d.eventId(), d);
        }
        List<Decision> sorted = new ArrayList<>(byEvent.values());
        sorted.sort(Comparator.comparing(Evidence::timeOf, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Decision::eventId));
        List<Decision> kept = sorted.subList(Math.max(0, sorted.size() - MAX_DECISIONS), sorted.size());
        Map<String, Indicator> byKey = new LinkedHashMap<>();
        for (Indicator i : indicators == null ? List.<Indicator>of() : indicators) {
            byKey.putIfAbsent(i.key(), i);
        }
        return new Evidence(incident, List.copyOf(kept), List.copyOf(byKey.values()));
    }

    /** When the event of {@code d} happened, else when it was decided; null when neither is known. */
    static Instant timeOf(Decision d) {
        return d.event() != null && d.event().timestamp() != null ? d.event().timestamp() : d.decidedAt();
    }

    public Incident incident() {
        return incident;
    }

    /** The decisions given, in event-time order. */
    public List<Decision> decisions() {
        return decisions;
    }

    public List<Indicator> indicators() {
        return indicators;
    }

    /** Event ids of the decisions given, then indicator keys: all a report may cite. */
    public Set<String> citableIds() {
        Set<String> ids = new LinkedHashSet<>(eventIds);
        ids.addAll(indicatorIds);
        return Set.copyOf(ids);
    }

    public boolean isEvent(String id) {
        return id != null && eventIds.contains(id.strip());
    }

    public boolean cites(String id) {
        return id != null && (eventIds.contains(id.strip()) || indicatorIds.contains(id.strip()));
    }

    /** Every observable of the evidence, in normal form. */
    public Set<Ioc> observables() {
        return Set.copyOf(observables);
    }

    /** The evidence's text that may carry attacker-written content, each piece with its field. */
    public List<Text> texts() {
        return List.copyOf(texts);
    }

    /**
     * Whether the evidence contains {@code ioc}. Beyond equal normal forms: an address inside a CIDR
     * indicator is contained; a host and a domain match when one's short name is the other
     * ({@code ws-042} and {@code ws-042.corp.local}), because logs name a machine either way.
     */
    public boolean contains(Ioc ioc) {
        Optional<Ioc> normal = Observables.normalise(ioc);
        if (normal.isEmpty()) {
            return false;
        }
        Ioc n = normal.get();
        if (observables.contains(n)) {
            return true;
        }
        return switch (n.type()) {
            case ip -> ranges.contains(n.value());
            case domain -> namesHost(n.value());
            case host -> observables.contains(new Ioc(Type.domain, n.value())) || namesHost(n.value());
            default -> false;
        };
    }

    /**
     * Whether {@code name} is a host of the evidence: the same name, or the same machine with and
     * without its domain ({@code ws-042} given, {@code ws-042.corp.local} named, or the reverse).
     */
    private boolean namesHost(String name) {
        if (observables.contains(new Ioc(Type.host, name))) {
            return true;
        }
        return name.contains(".")
                ? observables.contains(new Ioc(Type.host, Observables.shortName(name)))
                : hostShortNames.contains(name);
    }

    private void collect() {
        for (int i = 0; i < incident.suspects().size(); i++) {
            Suspect s = incident.suspects().get(i);
            add(suspect(s));
            text("incident.suspects[" + i + "]", s.value());
        }
        for (int i = 0; i < incident.targets().size(); i++) {
            String target = incident.targets().get(i);
            target(target);
            text("incident.targets[" + i + "]", target);
        }
        for (int i = 0; i < incident.reasons().size(); i++) {
            text("incident.reasons[" + i + "]", incident.reasons().get(i));
        }
        for (int i = 0; i < decisions.size(); i++) {
            decision("decisions[" + i + "]", decisions.get(i));
        }
        for (int i = 0; i < indicators.size(); i++) {
            indicator("indicators[" + i + "]", indicators.get(i));
        }
        for (Text t : texts) {
            Mentions.in(t.value()).forEach(this::add);
        }
        for (Ioc ioc : List.copyOf(observables)) {
            if (ioc.type() == Type.url) {
                String host = Observables.urlHost(ioc.value());
                add(Observables.ip(host).isPresent() ? new Ioc(Type.ip, host) : new Ioc(Type.domain, host));
            } else if (ioc.type() == Type.email) {
                add(new Ioc(Type.domain, ioc.value().substring(ioc.value().indexOf('@') + 1)));
            } else if (ioc.type() == Type.host) {
                hostShortNames.add(Observables.shortName(ioc.value()));
            }
        }
    }

    private void decision(String field, Decision d) {
        eventIds.add(d.eventId());
        EventSummary e = d.event();
        if (e != null) {
            String f = field + ".event.";
            text(f + "category", e.category());
            text(f + "action", e.action());
            text(f + "outcome", e.outcome());
            ip(f + "sourceIp", e.sourceIp());
            ip(f + "destinationIp", e.destinationIp());
            if (e.destinationDomain() != null) {
                add(new Ioc(Type.domain, e.destinationDomain()));
                text(f + "destinationDomain", e.destinationDomain());
            }
            if (e.user() != null) {
                add(new Ioc(Type.user, e.user()));
                text(f + "user", e.user());
            }
            if (e.host() != null) {
                add(new Ioc(Type.host, e.host()));
                text(f + "host", e.host());
            }
            text(f + "format", e.format());
        }
        for (int j = 0; j < d.votes().size(); j++) {
            Vote v = d.votes().get(j);
            String f = field + ".votes[" + j + "].";
            if (v.suspect() != null) {
                add(suspect(v.suspect()));
                text(f + "suspect", v.suspect().value());
            }
            for (int k = 0; k < v.reasons().size(); k++) {
                text(f + "reasons[" + k + "]", v.reasons().get(k));
            }
            v.evidence().forEach((key, value) -> voteEvidence(f + "evidence." + key, key, value));
        }
    }

    /** Vote evidence holds numbers and names; a value under a key about accounts names an account. */
    private void voteEvidence(String field, String key, Object value) {
        if (value instanceof Collection<?> values) {
            int n = 0;
            for (Object v : values) {
                voteEvidence(field + "[" + n++ + "]", key, v);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> voteEvidence(field + "." + k, String.valueOf(k), v));
        } else if (value instanceof String s && !s.isBlank()) {
            String k = key.toLowerCase(Locale.ROOT);
            if ((k.contains("account") || k.contains("user")) && !s.contains(" ")) {
                add(new Ioc(Type.user, s));
            }
            text(field, s);
        }
    }

    private void indicator(String field, Indicator i) {
        indicatorIds.add(i.key());
        switch (i.type()) {
            case IPV4, IPV6 -> add(new Ioc(Type.ip, i.value()));
            case CIDR -> {
                if (Observables.ip(i.value()).isPresent()) {
                    add(new Ioc(Type.ip, i.value()));
                } else {
                    cidrs.add(i.value());
                }
            }
            case DOMAIN -> add(new Ioc(Type.domain, i.value()));
            case URL -> add(new Ioc(Type.url, i.value()));
            case MD5 -> add(new Ioc(Type.md5, i.value()));
            case SHA1 -> add(new Ioc(Type.sha1, i.value()));
            case SHA256 -> add(new Ioc(Type.sha256, i.value()));
            case ASN -> {
                // An autonomous system is no observable a report could name by value.
            }
        }
        text(field + ".malwareFamily", i.malwareFamily());
        text(field + ".description", i.description());
    }

    private static Ioc suspect(Suspect s) {
        Type type = switch (s.type()) {
            case ip -> Type.ip;
            case user -> Type.user;
            case host -> Type.host;
            case domain -> Type.domain;
        };
        return new Ioc(type, s.value());
    }

    /**
     * A target is a destination domain, else a destination address, else an account, else a host
     * (see the incident builder); when it is neither address nor domain it may be an account or a
     * host, and the incident does not say which, so it counts as both.
     */
    private void target(String target) {
        if (target == null || target.isBlank()) {
            return;
        }
        if (Observables.ip(target).isPresent()) {
            add(new Ioc(Type.ip, target));
        } else if (IocExtractor.isDomain(Observables.domain(target))) {
            add(new Ioc(Type.domain, target));
        } else {
            add(new Ioc(Type.user, target));
            add(new Ioc(Type.host, target));
        }
    }

    private void ip(String field, String address) {
        if (address != null && !address.isBlank()) {
            if (Observables.ip(address).isPresent()) {
                add(new Ioc(Type.ip, address));
            }
            text(field, address);
        }
    }

    private void add(Ioc ioc) {
        Observables.normalise(ioc).ifPresent(observables::add);
    }

    private void text(String field, String value) {
        if (value != null && !value.isBlank()) {
            texts.add(new Text(field, value));
        }
    }
}
