package io.socswarm.agents.identity;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The identity agent's first stage, keyed by where attempts come from: brute force (many failures
 * from one source), password spraying (failures for many accounts from one source) and a success
 * from a source that was just guessing. Failed attempts are remembered with the account tried in
 * {@value #FAILURES_STORE}.
 */
final class SourceStage implements Detector.Stage {
    static final String NAME = "by-source";
    static final String FAILURES_STORE = "identity-source-failures";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsPartitioning() {
        return true;
    }

    @Override
    public String partitionKey(SecurityEvent event) {
        return Logins.isFailedAttempt(event) || Logins.isSuccessfulLogon(event) ? Logins.source(event) : null;
    }

    @Override
    public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        return List.of(AttemptLog.store(FAILURES_STORE, IdentitySettings.from(config)));
    }

    @Override
    public Detector.Judge open(SwarmConfig config, Detector.TaskStores stores) {
        IdentitySettings settings = IdentitySettings.from(config);
        WindowStore<String, String> store = stores.get(FAILURES_STORE);
        AttemptLog failures = new AttemptLog(store, settings, settings.window());
        Lateness lateness = new Lateness(settings.grace(), stores::wallClockMs);
        return event -> {
            String source = partitionKey(event);
            if (source == null) {
                return IdentityDetector.NOT_MINE;
            }
            boolean failed = Logins.isFailedAttempt(event);
            String account = String.valueOf(Logins.account(event));
            // Who made a failed attempt, where the event says (Windows' 4625 on the machine it was made on).
            String by = failed ? Logins.person(Logins.subject(event)) : null;
            if (lateness.outOfTime(event.timestamp())) {
                // Past the grace (or ahead of the clock) the source's window is closed to it: judged alone, by the same
                // rules, and not remembered.
                Judgement late = lateness.judgement(event, "source " + source);
                AttemptLog.Tally alone = AttemptLog.Tally.single(account, by);
                Judgement judged = failed
                        ? judgeFailure(source, suspect(source, event, alone), event, alone, settings) : late;
                return judged.verdict() == Verdict.SAFE ? late : judged;
            }
            AttemptLog.Tally tally = failures.tally(source, event.timestamp(), failed ? account : null, by);
            if (failed) {
                failures.remember(source, event.timestamp(), account, by, tally);
            }
            Suspect suspect = suspect(source, event, tally);
            return failed ? judgeFailure(source, suspect, event, tally, settings)
                    : judgeSuccess(source, suspect, account, tally, settings);
        };
    }

    /**
     * Whom this stage's findings are against: the one account that made the source's recent attempts,
     * where the events name it (a spray run from a logged-on session: the machine's failed logons name
     * the session's account, the domain controller's checks of them only the machine); else where the
     * attempts come from.
     */
    private static Suspect suspect(String source, SecurityEvent event, AttemptLog.Tally tally) {
        String maker = tally.soleMaker();
        if (maker != null) {
            return Suspect.user(maker);
        }
        return Logins.sourceIp(event) != null ? Suspect.ip(source) : Suspect.host(source);
    }

    private static Judgement judgeFailure(String source, Suspect suspect, SecurityEvent event, AttemptLog.Tally tally,
            IdentitySettings s) {
        Guess guess = guessing(source, tally, s);
        if (guess != null) {
            return Judgement.of(guess.verdict(), guess.confidence(), guess.counted() + ": " + guess.kind() + ".",
                    guess.evidence(), suspect, guess.finding());
        }
        if (s.site().isExternal(source)) {
            // The per-event fallback: below the thresholds, a failure from outside is still worth a look
            // (the first attempts of a brute force or spray look exactly like this).
            return Judgement.of(Verdict.SUSPICIOUS, 0.55, String.format(Locale.ROOT,
                    "Failed login for %s from external %s (%d failure(s) from there within %s).",
                    Logins.account(event), source, tally.recent(), Logins.span(s.window())),
                    Map.of("source", source, "source_failures", tally.recent()), suspect, "external_login_failure");
        }
        return Judgement.safe(0.6, String.format(Locale.ROOT,
                "%d failed login(s) from %s within %s (%d within %s); below the thresholds of %d failures or %d accounts.",
                tally.recent(), source, Logins.span(s.window()), tally.history(), Logins.span(s.historyWindow()),
                s.failures(), s.sprayAccounts()));
    }

    private static Judgement judgeSuccess(String source, Suspect suspect, String account, AttemptLog.Tally tally,
            IdentitySettings s) {
        Guess guess = guessing(source, tally, s);
        if (guess == null) {
            return Judgement.safe(0.6, account + " logged in from " + source + (tally.history() == 0
                    ? " with no failed logins from there." : " after only " + tally.history() + " failed login(s) from there."));
        }
        boolean sure = guess.verdict() == Verdict.MALICIOUS;
        Map<String, Object> evidence = new LinkedHashMap<>(guess.evidence());
        evidence.put("logged_in", account);
        return Judgement.of(sure ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, sure ? 0.95 : 0.85, account
                + " logged in from " + source + " right after " + guess.counted() + " (" + guess.kind()
                + "): the guessing may have succeeded.", evidence, suspect, "login_after_guessing");
    }

    /** The source's failures as brute force or spraying, or null while they look like ordinary mistakes. */
    private static Guess guessing(String source, AttemptLog.Tally tally, IdentitySettings s) {
        if (tally.history() == 0) {
            return null;
        }
        boolean external = s.site().isExternal(source);
        String from = (external ? "external " : "") + source;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", source);
        evidence.put("source_failures", tally.recent());
        evidence.put("source_accounts", tally.distinct());
        evidence.put("accounts_tried", List.copyOf(tally.details()).subList(0, Math.min(10, tally.distinct())));
        evidence.put("source_span_ms", tally.span().toMillis());
        String maker = tally.soleMaker();
        if (maker != null) {
            evidence.put("made_by", maker);
        }
        String counted = String.format(Locale.ROOT, "%d failed login%s for %d account%s from %s%s in %s", tally.recent(),
                tally.recent() == 1 ? "" : "s", tally.distinct(), tally.distinct() == 1 ? "" : "s", from,
                maker == null ? "" : " made as " + maker, Logins.span(tally.span()));
        if (tally.distinct() >= s.sprayAccounts()) {
            // Many accounts from one place is never a typo; from outside or at scale it is an attack.
            boolean sure = external || tally.distinct() >= 2 * s.sprayAccounts();
            return new Guess(sure ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, sure ? 0.9 : 0.8, counted,
                    "password spraying", "password_spray", evidence);
        }
        if (tally.recent() >= s.failuresMalicious() && external) {
            return new Guess(Verdict.MALICIOUS, 0.9, counted, "brute force", "brute_force", evidence);
        }
        if (tally.recent() >= s.failures()) {
            // An internal host retrying one stale password looks the same; stay at SUSPICIOUS.
            return new Guess(Verdict.SUSPICIOUS, 0.7, counted, "brute force", "brute_force", evidence);
        }
        if (external && tally.history() >= s.historyFailures()) {
            evidence.put("source_failures_history", tally.history());
            return new Guess(Verdict.SUSPICIOUS, 0.65, String.format(Locale.ROOT, "%d failed logins from %s within %s",
                    tally.history(), from, Logins.span(s.historyWindow())), "slow password guessing", "slow_brute_force",
                    evidence);
        }
        return null;
    }

    /** What a source's failures amount to: the counts as a sentence, and the name and class of the attack. */
    private record Guess(Verdict verdict, double confidence, String counted, String kind, String finding,
            Map<String, Object> evidence) {
    }
}
