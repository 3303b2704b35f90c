package io.socswarm.analyst.llm;

import io.socswarm.analyst.Evidence;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Finding;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Remediation;
import io.socswarm.model.Investigation.RemovedClaim;
import io.socswarm.model.Investigation.TimelineEntry;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import io.socswarm.model.Vote;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps who and where out of what is sent to a remote model: user names, host names and internal
 * addresses (RFC 1918, loopback, link-local, shared CGNAT space, IPv6 unique-local) become tokens
 * such as {@code user-1a2b3c4d}, {@code host-…} and {@code ip-…}, the first 8 hex digits of an
 * HMAC-SHA256 under a key, so the same name gives the same token in every prompt of a process (and
 * across processes that share the key) while the model cannot reverse it. Public addresses,
 * domains and hashes stay: they are what threat intelligence is about.
 *
 * <p>{@code ./swarm share} uses a session too, to give decisions, incidents and investigations
 * to people outside the SOC, and {@code ./swarm reveal} to turn tokens back for holders of the key
 * (they recompute the tokens of the names and addresses in their own topics).
 *
 * <p>A {@link Session} serves one investigation: it learns the names of the evidence, rewrites the
 * evidence and every tool result before they are rendered, turns the model's tool arguments back
 * into real values, and writes the real values back into the model's report before it is grounded.
 * Identifiers (event ids, the incident id) and classes are never rewritten, so citations still match.
 * Names are matched whole (not inside a longer word) and without regard to case.
 */
public final class Pseudonymizer {
    /** Internal address space, which names the organisation's own machines. */
    static final IpRanges INTERNAL = IpRanges.of(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "::1/128", "fe80::/10", "fc00::/7"));

    private static final Pattern IPV4 = Pattern.compile("(?<!\\d)(?<!\\d\\.)\\d{1,3}(?:\\.\\d{1,3}){3}(?!\\d)(?!\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
            + "(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?(?![0-9A-Za-z:])");
    private static final Pattern TOKEN = Pattern.compile("\\b(?:user|host|ip)-[0-9a-f]{8}\\b");
    private static final int MIN_NAME_LENGTH = 2;

    enum Kind {
        USER("user"), HOST("host"), IP("ip");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    private final byte[] key;
    private final boolean enabled;

    private Pseudonymizer(byte[] key, boolean enabled) {
        this.key = key;
        this.enabled = enabled;
    }

    /** Tokens keyed by {@code key}. */
    public static Pseudonymizer keyed(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("the pseudonymisation key must not be empty");
        }
        return new Pseudonymizer(key.clone(), true);
    }

    public static Pseudonymizer keyed(String key) {
        return keyed(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Tokens under a random key of this process: stable while it runs, unlinkable afterwards. */
    public static Pseudonymizer randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Pseudonymizer(key, true);
    }

    /** Everything passes unchanged: for a model on this machine. */
    public static Pseudonymizer off() {
        return new Pseudonymizer(new byte[0], false);
    }

    public boolean enabled() {
        return enabled;
    }

    public Session session() {
        return new Session();
    }

    /** {@code user-1a2b3c4d}: the kind and the first 8 hex digits of HMAC-SHA256(key, kind:normal form). */
    String token(Kind kind, String normal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((kind.prefix + ":" + normal).getBytes(StandardCharsets.UTF_8));
            return kind.prefix + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** One investigation's mapping between real values and tokens. */
    public final class Session {
        /** Normal form of a name → its token; normal form of an address → its token. */
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, String> addresses = new HashMap<>();
        /** Token → the value as first seen. */
        private final Map<String, String> real = new HashMap<>();
        private Pattern namePattern;

        private Session() {
        }

        /** The evidence with every name and internal address replaced; the same evidence when off. */
        public Evidence pseudonymize(Evidence evidence) {
            if (!enabled) {
                return evidence;
            }
            learn(evidence.incident(), evidence.decisions());
            return Evidence.of(incident(evidence.incident()),
                    evidence.decisions().stream().map(this::decision).toList(),
                    evidence.indicators().stream().map(this::indicator).toList());
        }

        /** A tool argument as the model wrote it, with tokens turned back into the values they stand for. */
        public String reveal(String text) {
            if (!enabled || text == null) {
                return text;
            }
            return TOKEN.matcher(text).replaceAll(m -> Matcher.quoteReplacement(real.getOrDefault(m.group(), m.group())));
        }

        /** The model's report with real values in place of the tokens, ready to be grounded. */
        public Investigation reveal(Investigation report) {
            return enabled ? rewrite(report, this::reveal) : report;
        }

        /** A report with every known name and internal address replaced, for sharing it outside the SOC. */
        public Investigation pseudonymize(Investigation report) {
            return enabled ? rewrite(report, this::pseudonymize) : report;
        }

        private static Investigation rewrite(Investigation report, UnaryOperator<String> text) {
            return new Investigation(report.incidentId(), report.incidentVersion(), report.analyst(),
                    text.apply(report.summary()),
                    report.findings().stream().map(f -> new Finding(text.apply(f.text()),
                            f.citations().stream().map(text).toList())).toList(),
                    report.iocs().stream().map(i -> new Ioc(i.type(), text.apply(i.value()))).toList(),
                    report.timeline().stream().map(t -> new TimelineEntry(t.time(), text.apply(t.eventId()),
                            text.apply(t.text()))).toList(),
                    report.classes(),
                    report.remediation().stream().map(r -> new Remediation(text.apply(r.step()), r.urgency(),
                            text.apply(r.rationale()))).toList(),
                    report.confidence(), report.openQuestions().stream().map(text).toList(),
                    report.removedClaims().stream().map(c -> new RemovedClaim(c.where(), text.apply(c.claim()),
                            c.reason())).toList(),
                    report.injectionSuspected(), report.writtenAt());
        }

        /** {@code text} with every known name and every internal address replaced. */
        public String pseudonymize(String text) {
            if (!enabled || text == null || text.isEmpty()) {
                return text;
            }
            String s = text;
            if (namePattern != null) {
                s = namePattern.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                        names.getOrDefault(m.group().toLowerCase(Locale.ROOT), m.group())));
            }
            s = replaceAddresses(s, IPV4);
            return replaceAddresses(s, IPV6);
        }

        private String replaceAddresses(String text, Pattern pattern) {
            return pattern.matcher(text).replaceAll(m -> {
                byte[] address = IpRanges.parseAddress(m.group());
                if (address == null || !INTERNAL.contains(m.group())) {
                    return Matcher.quoteReplacement(m.group());
                }
                String normal = IpRanges.format(address);
                String token = addresses.computeIfAbsent(normal, n -> remember(token(Kind.IP, n), m.group()));
                return Matcher.quoteReplacement(token);
            });
        }

        private String remember(String token, String value) {
            real.putIfAbsent(token, value);
            return token;
        }

        /** Learns the names of an incident and of decisions (the evidence's or a tool's). */
        void learn(Incident incident, Collection<Decision> decisions) {
            learn(List.of(incident), decisions);
        }

        /**
         * Learns the names of incidents and decisions at once (a whole topic, for sharing), so that
         * the pattern of names is built once.
         */
        public void learn(Collection<Incident> incidents, Collection<Decision> decisions) {
            Map<String, Kind> found = new LinkedHashMap<>();
            for (Incident incident : incidents) {
                for (Suspect s : incident.suspects()) {
                    suspect(s, found);
                }
            }
            for (Decision d : decisions) {
                EventSummary e = d.event();
                if (e != null) {
                    name(e.user(), Kind.USER, found);
                    name(e.host(), Kind.HOST, found);
                }
                for (Vote v : d.votes()) {
                    if (v.suspect() != null) {
                        suspect(v.suspect(), found);
                    }
                    v.evidence().forEach((k, value) -> {
                        String lower = k.toLowerCase(Locale.ROOT);
                        if (value instanceof String s && !s.contains(" ")
                                && (lower.contains("account") || lower.contains("user"))) {
                            name(s, Kind.USER, found);
                        } else if (value instanceof String s && !s.contains(" ")
                                && (lower.contains("host") || lower.contains("computer") || lower.contains("workstation"))) {
                            name(s, Kind.HOST, found);
                        }
                    });
                }
            }
            for (Incident incident : incidents) {
                for (String target : incident.targets()) {
                    // A target that is no address and no domain is an account or a host; the events said which.
                    if (target != null && !target.contains(".") && IpRanges.parseAddress(target) == null
                            && !names.containsKey(target.strip().toLowerCase(Locale.ROOT))
                            && !found.containsKey(target.strip().toLowerCase(Locale.ROOT))) {
                        name(target, Kind.HOST, found);
                    }
                }
            }
            boolean grew = false;
            Map<String, String> spellings = null;
            for (Map.Entry<String, Kind> e : found.entrySet()) {
                String normal = e.getKey();
                if (!names.containsKey(normal)) {
                    spellings = spellings != null ? spellings : spellings(incidents, decisions);
                    names.put(normal, remember(token(e.getValue(), normal), spellings.getOrDefault(normal, normal)));
                    grew = true;
                }
            }
            if (grew) {
                // Longest first, so that CORP\jsmith is replaced whole before jsmith is.
                namePattern = Pattern.compile(names.keySet().stream()
                        .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                        .map(Pattern::quote).collect(Collectors.joining("|", "(?<![\\p{L}\\p{N}_])(?:", ")(?![\\p{L}\\p{N}_])")),
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            }
        }

        /** The spellings to write back, by normal form: as the evidence first wrote each. */
        private static Map<String, String> spellings(Collection<Incident> incidents, Collection<Decision> decisions) {
            List<String> spellings = new ArrayList<>();
            incidents.forEach(i -> i.suspects().forEach(s -> spellings.add(s.value())));
            for (Decision d : decisions) {
                if (d.event() != null) {
                    spellings.add(d.event().user());
                    spellings.add(d.event().host());
                }
            }
            incidents.forEach(i -> spellings.addAll(i.targets()));
            Map<String, String> first = new HashMap<>();
            spellings.stream().filter(Objects::nonNull).map(String::strip)
                    .forEach(v -> first.putIfAbsent(v.toLowerCase(Locale.ROOT), v));
            // The short forms name() learns too, in the case they were written: CORP\Alice → Alice, WS-7.corp → WS-7.
            spellings.stream().filter(Objects::nonNull).map(String::strip).forEach(v -> {
                int slash = v.lastIndexOf('\\');
                int at = v.indexOf('@');
                int dot = v.indexOf('.');
                String shortForm = slash >= 0 ? v.substring(slash + 1) : at > 0 ? v.substring(0, at)
                        : dot > 0 ? v.substring(0, dot) : null;
                if (shortForm != null) {
                    first.putIfAbsent(shortForm.toLowerCase(Locale.ROOT), shortForm);
                }
            });
            return first;
        }

        private void suspect(Suspect s, Map<String, Kind> found) {
            switch (s.type()) {
                case user -> name(s.value(), Kind.USER, found);
                case host -> name(s.value(), Kind.HOST, found);
                default -> {
                    // Addresses are rewritten where they stand; domains are not who or where.
                }
            }
        }

        /** A name, and for {@code CORP\jsmith} or {@code jsmith@corp} the bare account, for {@code ws-042.corp} the short host. */
        private void name(String value, Kind kind, Map<String, Kind> found) {
            if (value == null || value.isBlank() || IpRanges.parseAddress(value.strip()) != null) {
                return;
            }
            String normal = value.strip().toLowerCase(Locale.ROOT);
            add(normal, kind, found);
            if (kind == Kind.USER) {
                int slash = normal.lastIndexOf('\\');
                int at = normal.indexOf('@');
                if (slash >= 0) {
                    add(normal.substring(slash + 1), kind, found);
                } else if (at > 0) {
                    add(normal.substring(0, at), kind, found);
                }
            } else if (normal.indexOf('.') > 0) {
                add(normal.substring(0, normal.indexOf('.')), kind, found);
            }
        }

        private void add(String normal, Kind kind, Map<String, Kind> found) {
            if (normal.length() >= MIN_NAME_LENGTH && !names.containsKey(normal)) {
                found.putIfAbsent(normal, kind);
            }
        }

        /** The incident with its suspects, targets and reasons rewritten. */
        public Incident incident(Incident i) {
            return new Incident(i.id(), i.version(), i.status(), i.campaign(), i.severity(), i.confidence(),
                    i.suspects().stream().map(this::suspect).toList(), i.suspectCount(), texts(i.targets()),
                    i.classes(), i.firstSeen(), i.lastSeen(), i.decisions(), i.sampleEventIds(), texts(i.reasons()),
                    i.agents(), i.action(), i.suppressedBy(), i.policy(), i.updatedAt(), i.mergedInto());
        }

        /** The decision with its event, votes and evidence rewritten, and without ground-truth labels. */
        public Decision decision(Decision d) {
            EventSummary e = d.event();
            EventSummary event = e == null ? null : new EventSummary(e.timestamp(), e.category(), e.action(),
                    e.outcome(), pseudonymize(e.sourceIp()), e.sourcePort(), pseudonymize(e.destinationIp()),
                    e.destinationPort(), pseudonymize(e.destinationDomain()), pseudonymize(e.user()),
                    pseudonymize(e.host()), e.format());
            List<Vote> votes = d.votes().stream().map(v -> new Vote(v.eventId(), v.agent(), v.verdict(),
                    v.confidence(), texts(v.reasons()), evidenceMap(v.evidence()), v.votedAt(),
                    v.suspect() == null ? null : suspect(v.suspect()), v.finding())).toList();
            // Ground-truth labels are for evaluation; they never go to a model.
            return new Decision(d.eventId(), d.verdict(), d.action(), d.score(), votes, d.missingAgents(), d.policy(),
                    event, Map.of(), d.decidedAt());
        }

        Indicator indicator(Indicator i) {
            return new Indicator(i.type(), pseudonymize(i.value()), i.feed(), pseudonymize(i.malwareFamily()),
                    pseudonymize(i.description()), pseudonymize(i.reference()), i.firstSeen());
        }

        private Suspect suspect(Suspect s) {
            return new Suspect(s.type(), pseudonymize(s.value()));
        }

        private List<String> texts(List<String> values) {
            return values.stream().map(this::pseudonymize).toList();
        }

        private Map<String, Object> evidenceMap(Map<String, Object> evidence) {
            Map<String, Object> out = new LinkedHashMap<>();
            evidence.forEach((k, v) -> out.put(k, value(v)));
            return out;
        }

        private Object value(Object v) {
            if (v instanceof String s) {
                return pseudonymize(s);
            }
            if (v instanceof Collection<?> c) {
                return c.stream().map(this::value).toList();
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, value(x)));
                return out;
            }
            return v;
        }
    }
}
