package io.socswarm.analyst;

import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Finding;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Remediation;
import io.socswarm.model.Investigation.RemovedClaim;
import io.socswarm.model.Investigation.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The validator every model answer passes before anyone sees it: what the evidence does not
 * support is taken out, and recorded in {@code removedClaims} with where it stood and why.
 * <ul>
 * <li>A finding that cites nothing, or cites an id that is not among {@link Evidence#citableIds()}, goes.</li>
 * <li>A timeline entry whose event is not one of the evidence's goes.</li>
 * <li>An IOC the evidence does not {@linkplain Evidence#contains contain} goes.</li>
 * <li>Any item of text — a summary sentence, a finding, a timeline text, a remediation step or its
 * rationale, an open question — that names an address, domain, URL, hash, CVE id, e-mail address,
 * account or host ({@link Mentions}) the evidence does not contain goes. Of the summary only the
 * offending sentence goes: sentences end at {@code .}, {@code !} or {@code ?} followed by white space,
 * or at a line break, so the dots inside an address or a domain never split one.</li>
 * </ul>
 * Classes are kept: they name no observable. The incident id and version are the evidence's, whatever
 * the answer says, and {@code injectionSuspected} is set when {@link InjectionScreen} flags the
 * evidence even if the answer says otherwise: a model that obeyed an injection would not report it.
 * Grounding checks what a report names, not what it concludes: a sentence such as "the activity is
 * benign" names nothing and stays, which is why the screen's flag is carried beside it.
 */
public final class Grounding {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*[\\r\\n]+\\s*");

    private Grounding() {
    }

    /** {@code answer} without what {@code evidence} does not support. */
    public static Investigation ground(Investigation answer, Evidence evidence) {
        Check check = new Check(evidence);
        List<RemovedClaim> removed = new ArrayList<>(answer.removedClaims());

        List<String> kept = new ArrayList<>();
        for (String sentence : sentences(answer.summary())) {
            Optional<String> why = check.names(sentence);
            if (why.isPresent()) {
                removed.add(new RemovedClaim("summary", sentence, why.get()));
            } else {
                kept.add(sentence);
            }
        }

        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < answer.findings().size(); i++) {
            Finding f = answer.findings().get(i);
            Optional<String> why = f.citations().isEmpty()
                    ? Optional.of("It cites nothing from the evidence.")
                    : f.citations().stream().filter(id -> !evidence.cites(id)).findFirst()
                            .map(id -> "It cites " + id + ", which is not in the evidence.")
                            .or(() -> check.names(f.text()));
            keepOrRemove(f, why, "findings[" + i + "]", f.text(), findings, removed);
        }

        List<Ioc> iocs = new ArrayList<>();
        for (int i = 0; i < answer.iocs().size(); i++) {
            Ioc ioc = answer.iocs().get(i);
            Optional<String> why = evidence.contains(ioc) ? Optional.empty()
                    : Optional.of("The evidence does not contain " + ioc.key() + ".");
            keepOrRemove(ioc, why, "iocs[" + i + "]", ioc.key(), iocs, removed);
        }

        List<TimelineEntry> timeline = new ArrayList<>();
        for (int i = 0; i < answer.timeline().size(); i++) {
            TimelineEntry t = answer.timeline().get(i);
            Optional<String> why = evidence.isEvent(t.eventId())
                    ? check.names(t.text())
                    : Optional.of("It cites event " + t.eventId() + ", which is not in the evidence.");
            keepOrRemove(t, why, "timeline[" + i + "]", t.text(), timeline, removed);
        }

        List<Remediation> remediation = new ArrayList<>();
        for (int i = 0; i < answer.remediation().size(); i++) {
            Remediation r = answer.remediation().get(i);
            Optional<String> why = check.names(r.step()).or(() -> check.names(r.rationale())
                    .map(reason -> "Its rationale: " + reason));
            keepOrRemove(r, why, "remediation[" + i + "]", r.step(), remediation, removed);
        }

        List<String> questions = new ArrayList<>();
        for (int i = 0; i < answer.openQuestions().size(); i++) {
            String q = answer.openQuestions().get(i);
            keepOrRemove(q, check.names(q), "openQuestions[" + i + "]", q, questions, removed);
        }

        boolean injection = answer.injectionSuspected() || !InjectionScreen.screen(evidence).isEmpty();
        return new Investigation(evidence.incident().id(), evidence.incident().version(), answer.analyst(),
                String.join(" ", kept), findings, iocs, timeline, answer.classes(), remediation, answer.confidence(),
                questions, removed, injection, answer.writtenAt());
    }

    /** The summary's sentences, as this class splits them. */
    static List<String> sentences(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static <T> void keepOrRemove(T item, Optional<String> why, String where, String claim, List<T> kept,
            List<RemovedClaim> removed) {
        if (why.isPresent()) {
            removed.add(new RemovedClaim(where, claim, why.get()));
        } else {
            kept.add(item);
        }
    }

    /** What a text names that the evidence lacks. */
    private static final class Check {
        private final Evidence evidence;
        private final Set<String> ids;

        Check(Evidence evidence) {
            this.evidence = evidence;
            this.ids = evidence.citableIds().stream().map(id -> id.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
        }

        /** The reason to remove {@code text}, or empty when all it names is in the evidence. */
        Optional<String> names(String text) {
            for (Ioc named : Mentions.in(text)) {
                // An event id can look like a hash or a name; citing one is not naming an observable.
                if (ids.contains(named.value().toLowerCase(Locale.ROOT)) || evidence.contains(named)) {
                    continue;
                }
                return Optional.of("It names the " + kind(named) + " " + named.value()
                        + ", which the evidence does not contain.");
            }
            return Optional.empty();
        }

        private static String kind(Ioc ioc) {
            return switch (ioc.type()) {
                case ip -> "address";
                case domain -> "domain";
                case url -> "URL";
                case email -> "e-mail address";
                case md5, sha1, sha256 -> "hash";
                case cve -> "CVE id";
                case user -> "account";
                case host -> "host";
            };
        }
    }
}
