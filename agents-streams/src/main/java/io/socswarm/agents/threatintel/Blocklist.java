package io.socswarm.agents.threatintel;

import io.socswarm.model.IpRanges;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Known-bad infrastructure the threat-intel agent matches against: CIDRs and addresses from
 * {@code swarm.intel.blocklist} (default: the demo list 203.0.113.0/24, TEST-NET-3) and from a file
 * in Spamhaus DROP style ({@code swarm.intel.blocklist.file}: one CIDR per line, {@code ;} or
 * {@code #} comments), plus known-bad domains ({@code swarm.intel.domains}, each also covering its
 * subdomains). The feeds of {@code intel-indicators} ({@link IndicatorTable}) come on top of these.
 */
public record Blocklist(String name, IpRanges ranges, Set<String> domains) {
    public static final String BLOCKLIST = "swarm.intel.blocklist";
    public static final String BLOCKLIST_FILE = "swarm.intel.blocklist.file";
    public static final String DOMAINS = "swarm.intel.domains";
    public static final List<String> DEMO_BLOCKLIST = List.of("203.0.113.0/24");

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BLOCKLIST, Type.LIST, DEMO_BLOCKLIST, Importance.HIGH,
                    "CIDRs and addresses of known-bad infrastructure (the default is a demo: TEST-NET-3)")
            .define(BLOCKLIST_FILE, Type.STRING, null, Importance.MEDIUM,
                    "a file of CIDRs and addresses (Spamhaus DROP format works)")
            .define(DOMAINS, Type.LIST, List.of(), Importance.MEDIUM, "known-bad domains (and their subdomains)");

    public static Blocklist from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        List<String> entries = new ArrayList<>(v.getList(BLOCKLIST));
        String name = config.get(BLOCKLIST) == null ? "demo-blocklist (TEST-NET-3)" : BLOCKLIST;
        String file = v.getString(BLOCKLIST_FILE);
        if (file != null) {
            entries.addAll(readFile(Path.of(file)));
            name = name + " + " + Path.of(file).getFileName();
        }
        Set<String> domains = v.getList(DOMAINS).stream()
                .map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new Blocklist(name, IpRanges.of(entries), domains);
    }

    static List<String> readFile(Path file) {
        try {
            List<String> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String entry = line.replaceAll("[;#].*$", "").trim();
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the blocklist " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<IpRanges.Range> match(String ip) {
        return ranges.match(ip);
    }

    /** The listed domain that is {@code domain} or one of its parents, if any. */
    public Optional<String> knownBadDomain(String domain) {
        if (domain == null || domains.isEmpty()) {
            return Optional.empty();
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        while (!d.isEmpty()) {
            if (domains.contains(d)) {
                return Optional.of(d);
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return Optional.empty();
    }
}
