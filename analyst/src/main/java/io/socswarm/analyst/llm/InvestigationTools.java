package io.socswarm.analyst.llm;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.EvidenceBlock;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Indicator;
import io.socswarm.model.IpRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the model may look up while it enriches and correlates one incident: an indicator in the
 * threat-intelligence feeds, the recent alerting decisions about an entity, and the incident's full
 * evidence. The model sees entities as pseudonyms when pseudonymisation is on; arguments are turned
 * back into real values before the lookup and results are pseudonymised again before they return.
 * A result is never loose text: it is an {@link EvidenceBlock}, fenced and marked as data like the
 * first one, because decisions found by a lookup carry attacker-written fields too.
 *
 * <p>Everything a lookup finds is remembered ({@link #evidence()}), so that the report is grounded
 * against what the model was actually shown. Lookups are bounded: at most {@link #MAX_LOOKUPS} per
 * investigation and {@link #HISTORY_LIMIT} decisions per history; past that a tool says so.
 */
final class InvestigationTools {
    static final int MAX_LOOKUPS = 6;
    static final int HISTORY_LIMIT = 10;
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

    private final Evidence evidence;
    private final Lookups lookups;
    private final Pseudonymizer.Session pseudonyms;
    private final EvidenceBlock blocks;
    private final ModelMetrics metrics;
    private final Map<String, Decision> foundDecisions = new LinkedHashMap<>();
    private final Map<String, Indicator> foundIndicators = new LinkedHashMap<>();
    private int lookupsMade;

    InvestigationTools(Evidence evidence, Lookups lookups, Pseudonymizer.Session pseudonyms, EvidenceBlock blocks,
            ModelMetrics metrics) {
        this.evidence = evidence;
        this.lookups = lookups;
        this.pseudonyms = pseudonyms;
        this.blocks = blocks;
        this.metrics = metrics;
    }

    @Tool(name = "lookup_indicator", value = "Looks an indicator up in the threat-intelligence feeds. Returns the "
            + "feeds' entry as a data block, or says the feeds do not list it.")
    String lookupIndicator(
            @P(name = "type", value = "indicator type: ipv4, ipv6, domain, url, md5, sha1 or sha256") String type,
            @P(name = "value", value = "the indicator's value, as the evidence writes it") String value) {
        Optional<String> refused = take();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Indicator> found = lookups.indicator(key(type, pseudonyms.reveal(value)));
        if (found.isEmpty()) {
            // The model's argument is not echoed: it may be attacker text copied from the evidence.
            return "The feeds do not list that indicator.";
        }
        foundIndicators.putIfAbsent(found.get().key(), found.get());
        return render(List.of(), List.of(found.get()));
    }

    @Tool(name = "recent_history", value = "The most recent alerting decisions, newest first, that name an entity "
            + "(an address, account, host or domain) as suspect, source, destination, user or host. Use it for the "
            + "incident's suspects and targets. Returns a data block.")
    String recentHistory(
            @P(name = "entity", value = "the address, account, host or domain, as the evidence writes it") String entity,
            @P(name = "limit", value = "how many decisions, 1 to 10") int limit) {
        Optional<String> refused = take();
        if (refused.isPresent()) {
            return refused.get();
        }
        List<Decision> history = lookups.history(pseudonyms.reveal(entity.strip()),
                Math.max(1, Math.min(HISTORY_LIMIT, limit)));
        if (history.isEmpty()) {
            return "No recent alerting decisions name that entity.";
        }
        // The report is grounded against one Evidence, which holds at most MAX_DECISIONS: show only what fits.
        List<Decision> shown = new ArrayList<>();
        for (Decision d : history.subList(0, Math.min(HISTORY_LIMIT, history.size()))) {
            boolean known = evidence.isEvent(d.eventId()) || foundDecisions.containsKey(d.eventId());
            if (known || evidence.decisions().size() + foundDecisions.size() < Evidence.MAX_DECISIONS) {
                foundDecisions.putIfAbsent(d.eventId(), d);
                shown.add(d);
            }
        }
        if (shown.isEmpty()) {
            return "The evidence of this incident is full: write the report from what you have.";
        }
        return render(shown, List.of());
    }

    @Tool(name = "incident_detail", value = "The incident's full evidence: every decision given to the analyst "
            + "(the first message shows only the latest), with votes, reasons and indicators. Returns a data block.")
    String incidentDetail() {
        Optional<String> refused = take();
        if (refused.isPresent()) {
            return refused.get();
        }
        return render(evidence.decisions(), evidence.indicators());
    }

    /**
     * The key the feeds file an indicator under: values are stored in normal form (lower-case domains
     * and hashes, URLs without scheme, addresses as {@link IpRanges#format} writes them).
     */
    static String key(String type, String value) {
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.strip();
        String normal = switch (t) {
            case "ipv4", "ipv6" -> {
                byte[] address = IpRanges.parseAddress(v);
                yield address == null ? v : IpRanges.format(address);
            }
            case "url" -> URL_SCHEME.matcher(v).replaceFirst("");
            case "domain" -> v.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            case "md5", "sha1", "sha256" -> v.toLowerCase(Locale.ROOT);
            default -> v;
        };
        return t + ":" + normal;
    }

    /** The incident's evidence and everything the lookups found, for grounding. */
    Evidence evidence() {
        if (foundDecisions.isEmpty() && foundIndicators.isEmpty()) {
            return evidence;
        }
        List<Decision> decisions = new ArrayList<>(evidence.decisions());
        decisions.addAll(foundDecisions.values());
        List<Indicator> indicators = new ArrayList<>(evidence.indicators());
        indicators.addAll(foundIndicators.values());
        return Evidence.of(evidence.incident(), decisions, indicators);
    }

    int lookupsMade() {
        return lookupsMade;
    }

    private Optional<String> take() {
        if (lookupsMade >= MAX_LOOKUPS) {
            return Optional.of("No more lookups for this incident: write the report from what you have.");
        }
        lookupsMade++;
        metrics.toolCall();
        return Optional.empty();
    }

    /** Found decisions and indicators as a data block beside the incident they are looked up for. */
    private String render(List<Decision> decisions, List<Indicator> indicators) {
        Evidence found = Evidence.of(evidence.incident(), decisions, indicators);
        return blocks.render(pseudonyms.pseudonymize(found)).text();
    }
}
