package io.socswarm.agents.sigma;

import io.socswarm.agents.Judgement;
import io.socswarm.agents.Suspects;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.IpRanges;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.sigma.FieldMatch;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.RuleMatch;
import io.socswarm.sigma.SigmaRule;
import io.socswarm.sigma.correlation.CorrelationHit;
import io.socswarm.sigma.correlation.CorrelationRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns what matched one event into a judgement: the detection rules in the rules stage, the
 * correlations that fired on it in the correlations stage (one judgement per task the event
 * visited there); the stages' judgements merge into the agent's one vote
 * ({@link Judgement#merge}). The evidence names the rules in {@code sigma_rules} and the
 * correlations in {@code sigma_correlations}. Each match is a finding whose verdict comes from its level ({@code swarm.sigma.verdict.*})
 * and whose confidence from level and status ({@link Levels}); the strongest finding (verdict,
 * then confidence, then level) decides the verdict, the confidence, the suspect and the class,
 * while the reasons name every match, strongest first, and the evidence lists the fields and
 * values that matched (at most {@value #MAX_MATCHED}, values cut at {@value #MAX_VALUE} chars).
 *
 * <p><b>Finding class.</b> {@code sigma_} and the rule's first ATT&CK tactic tag in snake_case
 * ({@code attack.credential-access} → {@code sigma_credential_access}), else its logsource
 * category ({@code sigma_process_creation}), else {@code sigma_match}; a correlation takes the
 * tactic of the first consumed rule that has one, else {@code sigma_correlation}. Tactics are the
 * few stable names ATT&CK has, so incidents group findings of many rules about one kind of
 * behaviour, and the class does not change when a rule is retitled.
 *
 * <p><b>Suspect.</b> For a rule: the user the event names (our readers put the acting user of a
 * process creation and the target of a logon in {@code user.name}), else the host, else the
 * source address, by the mapping's {@code suspect} keys. For a correlation: its group, an
 * address first (the source that sprays or guesses), then a user, then a host.
 */
final class SigmaVote {
    static final int MAX_MATCHED = 20;
    static final int MAX_VALUE = 200;
    /** ATT&CK's tactics, as Sigma tags spell them (with '-' or '_'). */
    private static final Set<String> TACTICS = Set.of("reconnaissance", "resource_development", "initial_access",
            "execution", "persistence", "privilege_escalation", "defense_evasion", "defense_impairment",
            "credential_access", "discovery", "lateral_movement", "collection", "command_and_control", "exfiltration",
            "impact");
    private static final double SAFE_CONFIDENCE = 0.5;

    /** A correlation that fired on the event, the ids of the rules it consumes, and the group it fired for. */
    record Fired(CorrelationHit hit, List<String> ruleIds, List<String> groupBy, List<String> group) {
    }

    private record Finding(Verdict verdict, double confidence, int level, String reason, Suspect suspect, String finding) {
    }

    private static final Comparator<Finding> STRONGEST = Comparator.comparing(Finding::verdict)
            .thenComparingDouble(Finding::confidence).thenComparingInt(Finding::level).reversed();

    private final SigmaSettings settings;
    private final FieldMapping mapping;

    SigmaVote(SigmaSettings settings, FieldMapping mapping) {
        this.settings = settings;
        this.mapping = mapping;
    }

    Judgement judge(MappedEvent event, List<RuleMatch> matches, List<Fired> fired, RuleBook book) {
        List<Finding> findings = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> correlations = new ArrayList<>();
        List<Map<String, Object>> matched = new ArrayList<>();
        for (RuleMatch m : matches) {
            SigmaRule r = m.rule().rule();
            findings.add(new Finding(settings.verdict(r.level()), Levels.confidence(r.level(), r.status()),
                    Levels.rank(r.level()), reason(r, m), suspect(event.event()), findingClass(r)));
            ids.add(r.label());
            for (FieldMatch f : m.evidence()) {
                if (matched.size() < MAX_MATCHED) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("rule", r.label());
                    one.put("field", f.field() == null ? "(keyword)" : f.field());
                    one.put("value", f.value() == null ? null : cut(f.value().toString()));
                    one.put("rule_value", cut(f.ruleValue()));
                    matched.add(one);
                }
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (Fired f : fired) {
            CorrelationRule c = f.hit().rule();
            findings.add(new Finding(settings.verdict(c.level()), Levels.confidence(c.level(), c.status()),
                    Levels.rank(c.level()), reason(f), groupSuspect(f, event.event()), correlationClass(f.ruleIds(), book)));
            correlations.add(c.label());
            if (!evidence.containsKey("correlation")) {
                Map<String, String> group = new LinkedHashMap<>();
                for (int i = 0; i < f.groupBy().size(); i++) {
                    group.put(f.groupBy().get(i), cut(f.group().get(i)));
                }
                evidence.put("correlation", c.label());
                evidence.put("correlation_type", c.type().yamlName());
                evidence.put("correlation_count", f.hit().count());
                evidence.put("correlation_group", group);
                evidence.put("correlation_first", Instant.ofEpochMilli(f.hit().firstMillis()).toString());
                evidence.put("correlation_last", Instant.ofEpochMilli(f.hit().lastMillis()).toString());
            }
        }
        findings.sort(STRONGEST);
        Finding top = findings.get(0);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("sigma_rules", ids.isEmpty() ? null : ids);
        all.put("sigma_correlations", correlations.isEmpty() ? null : correlations);
        all.put("logsource", describe(event.sources()));
        all.put("matched", matched.isEmpty() ? null : matched);
        all.putAll(evidence);
        List<String> reasons = findings.stream().map(Finding::reason).toList();
        if (top.verdict() == Verdict.SAFE) {
            return Judgement.safe(SAFE_CONFIDENCE, reasons, all);
        }
        return Judgement.found(top.verdict(), top.confidence(), reasons, all, top.suspect(), top.finding());
    }

    /** {@code windows/process_creation/sysmon}, {@code -} for what the event's source does not say. */
    static String describe(List<LogSource> sources) {
        LogSource s = sources.get(0);
        return dash(s.product()) + "/" + dash(s.category()) + "/" + dash(s.service());
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    private static String reason(SigmaRule r, RuleMatch m) {
        StringBuilder text = new StringBuilder("Sigma rule \"").append(r.title()).append("\" (").append(r.label())
                .append(", ").append(Levels.normal(r.level()));
        if (r.status() != null) {
            text.append(", ").append(r.status());
        }
        r.attackTags().forEach(tag -> text.append(", ").append(tag));
        text.append(") matched");
        List<String> fields = m.evidence().stream().map(f -> f.field() == null ? "a keyword" : f.field()).distinct().toList();
        if (!fields.isEmpty()) {
            text.append(" on ").append(String.join(", ", fields));
        }
        text.append('.');
        if (!r.falsePositives().isEmpty()) {
            text.append(" False positives: ").append(String.join("; ", r.falsePositives())).append('.');
        }
        return text.toString();
    }

    private static String reason(Fired f) {
        CorrelationRule c = f.hit().rule();
        StringBuilder text = new StringBuilder("Sigma correlation \"").append(c.title()).append("\" (").append(c.label())
                .append(", ").append(Levels.normal(c.level())).append(", ").append(c.type().yamlName()).append("): ")
                .append(f.hit().count()).append(switch (c.type()) {
                    case EVENT_COUNT -> " events";
                    case VALUE_COUNT -> " distinct " + c.condition().field();
                    case TEMPORAL, TEMPORAL_ORDERED -> " of its rules";
                });
        List<String> group = new ArrayList<>();
        for (int i = 0; i < f.groupBy().size(); i++) {
            group.add(f.groupBy().get(i) + "=" + cut(f.group().get(i)));
        }
        if (!group.isEmpty()) {
            text.append(" for ").append(String.join(", ", group));
        }
        text.append(" within ").append(span(Duration.ofMillis(f.hit().lastMillis() - f.hit().firstMillis())))
                .append(" (timespan ").append(span(c.timespan())).append(").");
        return text.toString();
    }

    private static String span(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private Suspect suspect(SecurityEvent e) {
        FieldMapping.SuspectKeys keys = mapping.suspect();
        String user = EntityKeys.account(FieldMapping.first(e, keys.user()));
        if (user != null) {
            return Suspect.user(user);
        }
        Suspect host = Suspects.host(FieldMapping.first(e, keys.host()));
        if (host != null) {
            return host;
        }
        return Suspects.address(FieldMapping.first(e, keys.address()));
    }

    private Suspect groupSuspect(Fired f, SecurityEvent e) {
        for (String value : f.group()) {
            if (IpRanges.parseAddress(EntityKeys.address(value)) != null) {
                return Suspects.address(value);
            }
        }
        for (int i = 0; i < f.groupBy().size(); i++) {
            String field = f.groupBy().get(i).toLowerCase(Locale.ROOT);
            if (field.contains("user") || field.contains("account")) {
                String user = EntityKeys.account(f.group().get(i));
                if (user != null) {
                    return Suspect.user(user);
                }
            }
        }
        for (int i = 0; i < f.groupBy().size(); i++) {
            String field = f.groupBy().get(i).toLowerCase(Locale.ROOT);
            if (field.contains("host") || field.contains("computer") || field.contains("workstation")) {
                Suspect host = Suspects.host(f.group().get(i));
                if (host != null) {
                    return host;
                }
            }
        }
        return suspect(e);
    }

    static String findingClass(SigmaRule r) {
        String tactic = tactic(r);
        if (tactic != null) {
            return "sigma_" + tactic;
        }
        String category = slug(r.logSource().category());
        return category != null ? "sigma_" + category : "sigma_match";
    }

    private static String correlationClass(List<String> ruleIds, RuleBook book) {
        for (String id : ruleIds) {
            var rule = book.rule(id);
            String tactic = rule == null ? null : tactic(rule.rule());
            if (tactic != null) {
                return "sigma_" + tactic;
            }
        }
        return "sigma_correlation";
    }

    private static String tactic(SigmaRule r) {
        for (String tag : r.attackTags()) {
            String name = slug(tag.substring("attack.".length()));
            if (name != null && TACTICS.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** snake_case of a tag or category; null when nothing usable is left. */
    static String slug(String text) {
        if (text == null) {
            return null;
        }
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? null : s;
    }

    static String cut(String value) {
        if (value == null) {
            return null;
        }
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value;
    }
}
