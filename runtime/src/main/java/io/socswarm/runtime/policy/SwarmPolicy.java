package io.socswarm.runtime.policy;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The operator's policy, one versioned YAML file ({@code --policy FILE}, {@code SWARM_POLICY_FILE}):
 * how votes are scored, whom the swarm must never act against, how critical assets are, how
 * decisions group into incidents, and how much autonomy each action type has. Its name and version
 * go into every decision and incident. {@link #defaults()} is the prototype's scoring with a human
 * deciding every action.
 *
 * @param neverBlock suspects no action is ever proposed against automatically, and never {@code auto}-approved
 * @param assets     criticality by CIDR or host name; a {@code critical} target is never acted on by policy
 */
public record SwarmPolicy(
        String name,
        String version,
        Scoring scoring,
        Allowlist neverBlock,
        List<Asset> assets,
        Incidents incidents,
        Map<ActionRequest.Type, Autonomy> autonomy) {

    public static final String DEFAULT_NAME = "default";
    public static final String DEFAULT_VERSION = "1";

    /** The setting naming the policy file ({@code SWARM_POLICY_FILE}, {@code --policy}). */
    public static final String FILE = "swarm.policy.file";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(FILE, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH,
                    "policy file (YAML: scoring, never-block allowlists, assets, incidents, autonomy; see"
                            + " docs/policy.md); unset: the default policy, the prototype's scoring");

    public SwarmPolicy {
        assets = List.copyOf(assets);
        Map<ActionRequest.Type, Autonomy> all = new EnumMap<>(ActionRequest.Type.class);
        for (ActionRequest.Type type : ActionRequest.Type.values()) {
            all.put(type, autonomy.getOrDefault(type, Autonomy.RECOMMEND));
        }
        autonomy = Map.copyOf(all);
    }

    public static SwarmPolicy defaults() {
        return new SwarmPolicy(DEFAULT_NAME, DEFAULT_VERSION, Scoring.PROTOTYPE, Allowlist.NONE, List.of(),
                Incidents.DEFAULTS, Map.of());
    }

    /**
     * The policy {@value #FILE} names, or {@link #defaults()} when it names none; an invalid file is a
     * {@link PolicyException}, so an app refuses to start with it.
     */
    public static SwarmPolicy from(SwarmConfig config) {
        String file = Settings.read(DEFINITION, config).getString(FILE);
        return file == null || file.isBlank() ? defaults() : load(Path.of(file.strip()));
    }

    /** Reads a policy file (format: docs/policy.md); every key is optional. */
    public static SwarmPolicy load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return PolicyReader.read(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new PolicyException(file.toString(), 0, "there is no such policy file");
        } catch (MalformedInputException e) {
            throw new PolicyException(file.toString(), 0, "the policy file is not UTF-8 text");
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "the policy file cannot be read (" + e + ")");
        }
    }

    /** Reads a policy from YAML text; {@code source} names it in error messages. */
    public static SwarmPolicy parse(String yaml, String source) {
        try {
            return PolicyReader.read(source, new StringReader(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string failed", e);
        }
    }

    /** What decisions and incidents name. */
    public Decision.Policy id() {
        return new Decision.Policy(name, version);
    }

    public Autonomy autonomy(ActionRequest.Type type) {
        return autonomy.get(type);
    }

    /** Whether the allowlist protects this suspect (an address in its CIDRs, an account in its list). */
    public boolean isAllowlisted(Suspect suspect) {
        return neverBlock.covers(suspect);
    }

    /** The highest criticality of an asset entry matching this address or host name; {@code normal} when none. */
    public Criticality criticality(String addressOrHost) {
        Criticality top = Criticality.normal;
        if (addressOrHost == null) {
            return top;
        }
        for (Asset asset : assets) {
            if (asset.matches(addressOrHost) && asset.criticality().compareTo(top) > 0) {
                top = asset.criticality();
            }
        }
        return top;
    }

    /**
     * How votes become a verdict. {@code votes}: MALICIOUS counts {@code malicious}, SUSPICIOUS
     * {@code suspicious}; {@code weighted}: the same, times the agent's measured precision for the
     * vote's class (from {@code agent-precision}).
     */
    public record Scoring(Mode mode, int malicious, int suspicious, int criticalScore, int warningScore) {
        public static final Scoring PROTOTYPE = new Scoring(Mode.votes, 2, 1, 3, 1);

        public enum Mode {
            votes, weighted
        }
    }

    /** Addresses (CIDRs) and accounts that no action may target without a person. */
    public record Allowlist(List<String> cidrs, List<String> accounts) {
        public static final Allowlist NONE = new Allowlist(List.of(), List.of());

        public Allowlist {
            cidrs = List.copyOf(cidrs);
            accounts = accounts.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        }

        public boolean covers(Suspect suspect) {
            return switch (suspect.type()) {
                case ip -> !cidrs.isEmpty() && IpRanges.of(cidrs).contains(suspect.value());
                case user -> accounts.contains(suspect.value().toLowerCase(Locale.ROOT));
                default -> false;
            };
        }
    }

    public enum Criticality {
        normal, high, critical
    }

    /** An asset entry: a CIDR or an exact host name, and how critical it is. */
    public record Asset(String match, Criticality criticality) {
        public boolean matches(String addressOrHost) {
            if (match.contains("/") || IpRanges.parseAddress(match) != null) {
                return IpRanges.parseAddress(addressOrHost) != null
                        && IpRanges.of(List.of(match.contains("/") ? match : match + (match.contains(":") ? "/128" : "/32")))
                                .contains(addressOrHost);
            }
            return match.equalsIgnoreCase(addressOrHost);
        }
    }

    /**
     * How decisions group: one suspect's alerting decisions less than {@code gap} apart (event time)
     * are one incident; {@code campaignSuspects} or more suspects with the same class of finding
     * against the same target within {@code campaignWindow} are one campaign incident.
     *
     * <p>{@code precursors} are finding classes too weak to open an incident on their own: a single
     * failed login from outside, one unanswered connection. A suspect whose alerting decisions carry
     * only these (and none CRITICAL) is held back, counted but not written; its first stronger
     * decision within the gap opens the incident with the held ones folded in. A campaign is never
     * held back: many suspects doing the same thing is itself the signal. The per-event decisions
     * are untouched either way.
     */
    public record Incidents(Duration gap, Duration campaignWindow, int campaignSuspects, Set<String> precursors) {
        public static final Set<String> DEFAULT_PRECURSORS = Set.of("external_login_failure", "unsolicited_inbound");
        public static final Incidents DEFAULTS = new Incidents(Duration.ofHours(1), Duration.ofHours(1), 3,
                DEFAULT_PRECURSORS);

        public Incidents {
            precursors = precursors == null ? Set.of() : Set.copyOf(precursors);
        }

        public Incidents(Duration gap, Duration campaignWindow, int campaignSuspects) {
            this(gap, campaignWindow, campaignSuspects, DEFAULT_PRECURSORS);
        }

        /** Whether every one of {@code classes} is a precursor (and there is at least one). */
        public boolean onlyPrecursors(List<String> classes) {
            return !classes.isEmpty() && precursors.containsAll(classes);
        }
    }

    /**
     * Autonomy for one action type. {@code ttl}: an unanswered proposal expires after it, and an
     * approved action lapses after it. {@code minConfidence} applies to {@code auto} only.
     */
    public record Autonomy(ActionRequest.Mode mode, double minConfidence, Duration ttl) {
        public static final Autonomy RECOMMEND = new Autonomy(ActionRequest.Mode.recommend, 1.0, Duration.ofHours(24));
    }
}
