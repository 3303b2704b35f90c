package io.socswarm.analyst;

import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Classification;
import io.socswarm.model.Investigation.Finding;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import io.socswarm.model.Investigation.Remediation;
import io.socswarm.model.Investigation.TimelineEntry;
import io.socswarm.model.Investigation.Urgency;
import io.socswarm.model.Suspect;
import io.socswarm.model.Vote;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an {@link Investigation} from the evidence alone, without a model: the report everyone
 * gets offline, when no model is configured, or when the model fails. It has the structure a model's
 * report has, and it names only what the evidence holds, so {@link Grounding} removes nothing from it.
 * Every sentence is built from the incident's and the decisions' fields; the only free text it
 * copies is the agents' own reasons and the feeds' descriptions, whole, so that nothing is cut in the
 * middle of an address or a name.
 */
public final class DeterministicAnalyst implements Analyst {
    /** Timeline entries kept: the first and last half of this many when there are more decisions. */
    static final int MAX_TIMELINE = 20;
    /** Suspects, targets and accounts named in one sentence. */
    static final int MAX_NAMED = 5;
    static final int MAX_CITATIONS = 10;
    static final int MAX_REASON_LENGTH = 300;

    private static final Set<String> GUESSING = Set.of("external_login_failure", "brute_force", "slow_brute_force",
            "account_brute_force", "password_spray");
    private static final Set<String> GUESSED_RIGHT = Set.of("login_after_guessing", "login_after_failures");
    private static final Set<String> ACCOUNT_TAKEOVER = Set.of("login_after_guessing", "login_after_failures",
            "impossible_travel", "new_country_login", "explicit_credentials");
    private static final Set<String> RECONNAISSANCE = Set.of("port_scan", "host_sweep", "unsolicited_inbound");
    private static final Set<String> CREDENTIAL_THEFT = Set.of("credential_dumping", "credential_tooling",
            "kerberoasting", "overpass_the_hash");
    private static final Set<String> REMOTE_EXECUTION = Set.of("suspicious_service", "service_installed",
            "remote_wmi_execution");
    private static final Set<String> ACCOUNT_CHANGE = Set.of("account_created", "user_account_created",
            "admin_group_change", "group_change", "account_manipulation", "password_reset");
    private static final Set<String> COMMAND_AND_CONTROL = Set.of("beaconing", "backdoor_port", "bad_port",
            "exfiltration");

    private final Clock clock;

    public DeterministicAnalyst(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return Investigation.DETERMINISTIC;
    }

    /** The report on {@code evidence} alone: the deterministic analyst looks nothing up. */
    @Override
    public Investigation investigate(Evidence evidence, Lookups lookups) {
        return investigate(evidence);
    }

    public Investigation investigate(Evidence evidence) {
        Incident incident = evidence.incident();
        List<InjectionScreen.Flag> flags = InjectionScreen.screen(evidence);
        return new Investigation(incident.id(), incident.version(), Investigation.DETERMINISTIC,
                summary(evidence), findings(evidence), iocs(evidence), timeline(evidence), classes(incident),
                remediation(evidence), Math.max(0, Math.min(1, incident.confidence())),
                openQuestions(evidence, flags), List.of(), !flags.isEmpty(), clock.instant());
    }

    private static String summary(Evidence evidence) {
        Incident i = evidence.incident();
        List<String> sentences = new ArrayList<>();
        sentences.add((i.campaign() ? "Campaign incident " : "Incident ") + i.id() + " (version " + i.version() + ", "
                + i.status() + ") has " + i.suspectCount() + (i.suspectCount() == 1 ? " suspect: " : " suspects: ")
                + named(i.suspects().stream().map(Suspect::key).toList(), i.suspectCount()) + ".");
        if (!i.classes().isEmpty()) {
            sentences.add("Classes seen: " + String.join(", ", i.classes()) + ".");
        }
        if (!i.targets().isEmpty()) {
            sentences.add("Targets: " + named(i.targets(), i.targets().size()) + ".");
        }
        sentences.add(i.decisions() + (i.decisions() == 1 ? " alerting decision" : " alerting decisions")
                + ", severity " + i.severity()
                + (i.firstSeen() != null ? ", first seen " + i.firstSeen() : "")
                + (i.lastSeen() != null ? ", last seen " + i.lastSeen() : "") + ".");
        if (i.action() != null) {
            sentences.add("Recommended action: " + i.action() + "; the swarm recommends and carries out nothing.");
        }
        return String.join(" ", sentences);
    }

    /** At most {@link #MAX_NAMED} of {@code values}, and how many more there are. */
    private static String named(List<String> values, int total) {
        List<String> shown = values.subList(0, Math.min(MAX_NAMED, values.size()));
        int more = Math.max(total, values.size()) - shown.size();
        return shown.isEmpty() ? "none named" : String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
    }

    private static List<Finding> findings(Evidence evidence) {
        List<Finding> findings = new ArrayList<>();
        for (String cls : evidence.incident().classes()) {
            List<String> cited = new ArrayList<>();
            Vote strongest = null;
            for (Decision d : evidence.decisions()) {
                for (Vote v : d.votes()) {
                    if (cls.equals(v.finding())) {
                        if (!cited.contains(d.eventId())) {
                            cited.add(d.eventId());
                        }
                        if (strongest == null || v.confidence() > strongest.confidence()) {
                            strongest = v;
                        }
                    }
                }
            }
            if (cited.isEmpty()) {
                continue;
            }
            String agent = strongest.agent();
            String reason = strongest.reasons().stream().filter(r -> !r.isBlank()).findFirst()
                    .map(r -> " The strongest reason (" + agent + "): " + whole(r)).orElse("");
            findings.add(new Finding(cls + " is shown by " + cited.size() + " of the " + evidence.decisions().size()
                    + " decisions given." + reason, cited.subList(0, Math.min(MAX_CITATIONS, cited.size()))));
        }
        for (Indicator indicator : evidence.indicators()) {
            String about = indicator.description() != null ? ": " + whole(indicator.description()) : ".";
            findings.add(new Finding("The feed " + indicator.feed() + " lists " + indicator.key()
                    + (indicator.malwareFamily() != null ? " (" + indicator.malwareFamily() + ")" : "") + about,
                    List.of(indicator.key())));
        }
        return findings;
    }

    /** A reason up to {@link #MAX_REASON_LENGTH} characters, cut only between words. */
    private static String whole(String text) {
        String t = text.strip();
        if (t.length() <= MAX_REASON_LENGTH) {
            return t;
        }
        int cut = t.lastIndexOf(' ', MAX_REASON_LENGTH);
        return (cut > 0 ? t.substring(0, cut) : t.substring(0, MAX_REASON_LENGTH)) + " …";
    }

    private static List<Ioc> iocs(Evidence evidence) {
        Map<Ioc, Ioc> iocs = new LinkedHashMap<>();
        for (Suspect s : evidence.incident().suspects()) {
            add(iocs, new Ioc(Type.valueOf(s.type().name()), s.value()));
        }
        for (String target : evidence.incident().targets()) {
            if (Observables.ip(target).isPresent()) {
                add(iocs, new Ioc(Type.ip, target));
            } else if (IocExtractor.isDomain(Observables.domain(target))) {
                add(iocs, new Ioc(Type.domain, target));
            } else {
                boolean account = evidence.decisions().stream()
                        .anyMatch(d -> d.event() != null && target.equals(d.event().user()));
                add(iocs, new Ioc(account ? Type.user : Type.host, target));
            }
        }
        for (Indicator indicator : evidence.indicators()) {
            Optional<Type> type = switch (indicator.type()) {
                case IPV4, IPV6 -> Optional.of(Type.ip);
                case DOMAIN -> Optional.of(Type.domain);
                case URL -> Optional.of(Type.url);
                case MD5 -> Optional.of(Type.md5);
                case SHA1 -> Optional.of(Type.sha1);
                case SHA256 -> Optional.of(Type.sha256);
                case CIDR, ASN -> Optional.empty();
            };
            type.ifPresent(t -> add(iocs, new Ioc(t, indicator.value())));
        }
        return List.copyOf(iocs.values());
    }

    /** Once per normal form, written as the evidence writes it (an account keeps its domain). */
    private static void add(Map<Ioc, Ioc> iocs, Ioc ioc) {
        Observables.normalise(ioc).ifPresent(normal -> iocs.putIfAbsent(normal,
                ioc.type() == Type.user || ioc.type() == Type.host ? ioc : normal));
    }

    private static List<TimelineEntry> timeline(Evidence evidence) {
        List<Decision> decisions = evidence.decisions();
        List<Decision> shown = decisions;
        if (decisions.size() > MAX_TIMELINE) {
            shown = new ArrayList<>(decisions.subList(0, MAX_TIMELINE / 2));
            shown.addAll(decisions.subList(decisions.size() - MAX_TIMELINE / 2, decisions.size()));
        }
        List<TimelineEntry> timeline = new ArrayList<>();
        for (Decision d : shown) {
            Set<String> classes = new LinkedHashSet<>();
            d.votes().stream().map(Vote::finding).filter(Objects::nonNull).forEach(classes::add);
            String what = d.event() != null ? d.event().oneLine() : "decision";
            timeline.add(new TimelineEntry(Evidence.timeOf(d), d.eventId(), what + ": " + d.verdict()
                    + (classes.isEmpty() ? "" : " (" + String.join(", ", classes) + ")")));
        }
        return timeline;
    }

    private static List<Classification> classes(Incident incident) {
        return incident.classes().stream().map(c -> new Classification(c, AttackTechniques.of(c))).toList();
    }

    private static List<Remediation> remediation(Evidence evidence) {
        Incident i = evidence.incident();
        Urgency urgency = switch (i.severity()) {
            case CRITICAL -> Urgency.IMMEDIATE;
            case WARNING -> Urgency.SOON;
            case SAFE -> Urgency.ROUTINE;
        };
        List<Remediation> steps = new ArrayList<>();
        List<String> addresses = suspects(i, Suspect.Type.ip);
        List<String> hosts = suspects(i, Suspect.Type.host);
        List<String> accounts = accounts(evidence);
        if (i.action() != null) {
            switch (i.action()) {
                case BLOCK_IP -> addresses.forEach(ip -> steps.add(new Remediation(
                        "Block traffic from " + ip + " at the perimeter firewall.", urgency,
                        "The incident is " + i.severity() + " after " + i.decisions() + " alerting decisions and the "
                                + "policy recommends BLOCK_IP; a person approves the block, the swarm makes none.")));
                case FLAG_FOR_REVIEW -> steps.add(new Remediation(
                        "Review the decisions of incident " + i.id() + " and confirm or dismiss it.", urgency,
                        "The incident is " + i.severity() + " and the policy asks a person to review it."));
                case MONITOR -> steps.add(new Remediation("Keep watching the suspects of incident " + i.id() + ".",
                        Urgency.ROUTINE, "Nothing in it calls for more than watching yet."));
            }
        }
        if (has(i, GUESSING) && !accounts.isEmpty()) {
            steps.add(new Remediation("Check the accounts " + String.join(", ", accounts)
                    + " for successful logins, and reset the password of any that had one.", Urgency.SOON,
                    "These were the accounts the attacker guessed at; a guess that worked shows as a success."));
        }
        if (has(i, ACCOUNT_TAKEOVER) || has(i, ACCOUNT_CHANGE)) {
            for (String account : suspectsOrAccounts(i, Suspect.Type.user, accounts)) {
                steps.add(new Remediation("Confirm with the owner of account " + account
                        + " that the activity was theirs; if not, reset its password and end its sessions.", urgency,
                        "Its use or its change is among what the incident shows."));
            }
        }
        if (has(i, CREDENTIAL_THEFT)) {
            hosts.forEach(h -> steps.add(new Remediation("Isolate host " + h + " from the network.", urgency,
                    "Credentials were taken on it; everything cached there must be treated as stolen.")));
            for (String account : accounts) {
                steps.add(new Remediation("Reset the password of account " + account + ".", urgency,
                        "It was in use where the credentials were taken."));
            }
        }
        if (has(i, REMOTE_EXECUTION)) {
            hosts.forEach(h -> steps.add(new Remediation("Inspect host " + h
                    + " for the installed service or remote command and remove it if unknown.", urgency,
                    "Remote service installation and execution is how attackers move between machines.")));
        }
        if (has(i, RECONNAISSANCE) && !i.targets().isEmpty()) {
            steps.add(new Remediation("Check that the services of " + named(i.targets(), i.targets().size())
                    + " reachable by the scanners are patched and meant to be exposed.", Urgency.ROUTINE,
                    "A scan finds what is open; what it found is what an attack would use next."));
        }
        if (has(i, COMMAND_AND_CONTROL) && !i.targets().isEmpty()) {
            steps.add(new Remediation("Block connections to " + named(i.targets(), i.targets().size())
                    + " and find the process that makes them.", urgency,
                    "Regular or large outbound connections to one destination are how implants call home."));
        }
        return steps;
    }

    private static boolean has(Incident i, Set<String> classes) {
        return i.classes().stream().anyMatch(classes::contains);
    }

    private static List<String> suspects(Incident i, Suspect.Type type) {
        return i.suspects().stream().filter(s -> s.type() == type).map(Suspect::value).limit(MAX_NAMED).toList();
    }

    private static List<String> suspectsOrAccounts(Incident i, Suspect.Type type, List<String> accounts) {
        List<String> suspects = suspects(i, type);
        return suspects.isEmpty() ? accounts : suspects;
    }

    /**
     * The accounts of the decisions' events, once each, in the order first seen; a user name that reads
     * like instructions is left to the timeline and the open questions, not repeated as advice.
     */
    private static List<String> accounts(Evidence evidence) {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (Decision d : evidence.decisions()) {
            String user = d.event() == null ? null : d.event().user();
            if (user != null && !user.isBlank() && !InjectionScreen.suspicious(user)) {
                accounts.putIfAbsent(Observables.account(d.event().user()), d.event().user().strip());
            }
        }
        return accounts.values().stream().limit(MAX_NAMED).toList();
    }

    private static List<String> openQuestions(Evidence evidence, List<InjectionScreen.Flag> flags) {
        Incident i = evidence.incident();
        List<String> questions = new ArrayList<>();
        boolean anySuccess = evidence.decisions().stream()
                .anyMatch(d -> d.event() != null && "success".equals(d.event().outcome()));
        if (has(i, GUESSING) && !has(i, GUESSED_RIGHT) && !anySuccess) {
            suspects(i, Suspect.Type.ip).stream().limit(3)
                    .forEach(ip -> questions.add("Did any login from " + ip + " succeed?"));
        }
        if (has(i, RECONNAISSANCE) && !i.suspects().isEmpty() && !i.targets().isEmpty()) {
            questions.add("Did " + i.suspects().get(0).value() + " or the other scanners connect to a service they "
                    + "found open on " + i.targets().get(0) + "?");
        }
        if (has(i, CREDENTIAL_THEFT)) {
            suspects(i, Suspect.Type.host).forEach(h -> questions.add("Which accounts were used on host " + h
                    + " before the credentials were taken, and where have they been used since?"));
        }
        if (has(i, REMOTE_EXECUTION)) {
            questions.add("Where did the remote service installation or execution come from, and did it reach "
                    + "other machines?");
        }
        if (has(i, COMMAND_AND_CONTROL)) {
            questions.add("Which process makes the outbound connections, and since when?");
        }
        if (i.decisions() > evidence.decisions().size()) {
            questions.add((i.decisions() - evidence.decisions().size()) + " of the incident's " + i.decisions()
                    + " alerting decisions were not in the evidence: do they change the picture?");
        }
        flags.stream().map(f -> f.field() + " (" + f.pattern() + ")").distinct().limit(3)
                .forEach(f -> questions.add("The evidence field " + f + " reads like an instruction to an AI "
                        + "analyst: who wrote it, and what else did they send?"));
        return questions;
    }
}
