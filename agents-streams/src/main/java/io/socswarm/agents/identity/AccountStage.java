package io.socswarm.agents.identity;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Suspects;
import io.socswarm.model.Attributes;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The identity agent's second stage, keyed by account: failures against one account from anywhere,
 * a login right after them, logins that are impossible given the account's previous one (speed over
 * {@code swarm.identity.max.speed.kmh}) or that come from a new country, and Kerberoasting (RC4
 * service tickets for several services requested by one account). Processes are keyed by their host
 * here ({@link ProcessOwners}): what an account's process does is this stage's business too, and the
 * process that reads LSASS is named by whose it is, learned from the process creations before it.
 */
final class AccountStage implements Detector.Stage {
    static final String NAME = "by-account";
    static final String FAILURES_STORE = "identity-account-failures";
    static final String TICKETS_STORE = "identity-account-rc4-tickets";
    /** Ticket encryption types of RC4-HMAC, the cipher a cracker wants: {@code 0x17} and its export variant. */
    private static final Set<String> RC4 = Set.of("0x17", "0x18", "23", "24");
    private static final double EARTH_RADIUS_KM = 6371.0;

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
        if ("process_created".equals(event.action()) || "process_access".equals(event.action())) {
            return ProcessOwners.partitionKey(event);
        }
        return accountKey(event);
    }

    private static String accountKey(SecurityEvent event) {
        return Logins.isFailedAttempt(event) || Logins.isSuccessfulLogon(event) || isRc4ServiceTicket(event)
                ? Logins.account(event) : null;
    }

    @Override
    public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        IdentitySettings settings = IdentitySettings.from(config);
        return List.of(
                AttemptLog.store(FAILURES_STORE, settings),
                AttemptLog.store(TICKETS_STORE, settings),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IdentityDetector.STORE), Serdes.String(),
                        JsonSerde.compact(UserProfile.class)),
                ProcessOwners.store(settings));
    }

    @Override
    public Detector.Judge open(SwarmConfig config, Detector.TaskStores stores) {
        IdentitySettings settings = IdentitySettings.from(config);
        WindowStore<String, String> failureStore = stores.get(FAILURES_STORE);
        WindowStore<String, String> ticketStore = stores.get(TICKETS_STORE);
        KeyValueStore<String, UserProfile> profiles = stores.get(IdentityDetector.STORE);
        AttemptLog failures = new AttemptLog(failureStore, settings, settings.window());
        AttemptLog tickets = new AttemptLog(ticketStore, settings, settings.window());
        Lateness lateness = new Lateness(settings.grace(), stores::wallClockMs);
        ProcessOwners owners = new ProcessOwners(stores.get(ProcessOwners.STORE), settings);
        return event -> {
            if ("process_created".equals(event.action())) {
                // Its command line is the per-event rules' to judge; here it only teaches whose processes are whose
                // (not from the future: its time would move the owners' window store on).
                if (!lateness.ahead(event.timestamp())) {
                    owners.learn(event);
                }
                return IdentityDetector.NOT_MINE;
            }
            if ("process_access".equals(event.action())) {
                return EventRules.processAccess(event, ProcessOwners.readsLsass(event) ? owners.ownerOf(event) : null);
            }
            String account = accountKey(event);
            if (account == null) {
                return IdentityDetector.NOT_MINE;
            }
            // Lateness closes the counting windows; the profile orders logins by itself, but takes none from the future.
            Judgement late = lateness.outOfTime(event.timestamp()) ? lateness.judgement(event, "account " + account) : null;
            if (late != null && (!Logins.isSuccessfulLogon(event) || lateness.ahead(event.timestamp()))) {
                return late;
            }
            if (isRc4ServiceTicket(event)) {
                String service = Logins.value(event.attribute(Attributes.KERBEROS_SERVICE)).toLowerCase(Locale.ROOT);
                AttemptLog.Tally tally = tickets.tally(account, event.timestamp(), service);
                tickets.remember(account, event.timestamp(), service, tally);
                return kerberoasting(account, service, event, tally, settings);
            }
            String source = String.valueOf(Logins.source(event));
            if (Logins.isFailedAttempt(event)) {
                AttemptLog.Tally tally = failures.tally(account, event.timestamp(), source);
                failures.remember(account, event.timestamp(), source, tally);
                return failedLogin(account, source, event, tally, profiles, settings);
            }
            UserProfile before = profiles.get(account);
            if (before == null) {
                before = UserProfile.first();
            }
            Judgement afterFailures = late != null ? late
                    : loginAfterFailures(account, source, failures.tally(account, event.timestamp(), null), before,
                            settings);
            SecurityEvent.Geo geo = event.source() != null ? event.source().geo() : null;
            if (geo == null && settings.geo() != null) {
                geo = settings.geo().locate(event.sourceIp());
            }
            Judgement login = successfulLogin(event, account, before, geo, settings);
            boolean impossible = login.verdict() == Verdict.MALICIOUS;
            profiles.put(account, before.after(event.timestamp(), event.sourceIp(), geo == null ? null : geo.lat(),
                    geo == null ? null : geo.lon(), geo == null ? null : geo.countryIsoCode(),
                    geo == null ? null : geo.cityName(), impossible));
            return afterFailures.merge(login);
        };
    }

    /** A ticket for a user's service (not a computer's, not krbtgt) encrypted with RC4, as Kerberoasting asks for. */
    static boolean isRc4ServiceTicket(SecurityEvent e) {
        boolean serviceTicket = "kerberos_service_ticket_request".equals(e.action()) || "4769".equals(Logins.code(e));
        if (!serviceTicket || e.failed() || Logins.nonZeroStatus(e)) {
            return false;
        }
        String encryption = Logins.value(e.attribute(Attributes.TICKET_ENCRYPTION));
        String service = Logins.value(e.attribute(Attributes.KERBEROS_SERVICE));
        String account = Logins.account(e);
        return encryption != null && RC4.contains(encryption.toLowerCase(Locale.ROOT)) && service != null
                && !service.endsWith("$") && !service.equalsIgnoreCase("krbtgt") && account != null
                && !Logins.isMachine(account);
    }

    private static Judgement kerberoasting(String account, String service, SecurityEvent event, AttemptLog.Tally tally,
            IdentitySettings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("requesting_account", account);
        evidence.put("rc4_services", List.copyOf(tally.details()).subList(0, Math.min(10, tally.distinct())));
        evidence.put("rc4_tickets", tally.recent());
        evidence.put("ticket_encryption", event.attribute(Attributes.TICKET_ENCRYPTION));
        if (tally.distinct() >= s.kerberoastServices()) {
            return Judgement.of(Verdict.MALICIOUS, 0.85, String.format(Locale.ROOT,
                    "%s requested RC4-encrypted service tickets for %d services (%s) in %s: Kerberoasting.", account,
                    tally.distinct(), String.join(", ", tally.details()), Logins.span(tally.span())), evidence,
                    Suspect.user(account), "kerberoasting");
        }
        // One RC4 ticket can be a legacy service; it is still the cipher a cracker asks for.
        return Judgement.of(Verdict.SUSPICIOUS, tally.distinct() > 1 ? 0.6 : 0.45, String.format(Locale.ROOT,
                "%s requested an RC4-encrypted (%s) service ticket for %s%s; modern domains use AES, Kerberoasting asks for RC4.",
                account, event.attribute(Attributes.TICKET_ENCRYPTION), service,
                tally.distinct() > 1 ? " (" + tally.distinct() + " services within " + Logins.span(s.window()) + ")" : ""),
                evidence, Suspect.user(account), "kerberoasting");
    }

    /**
     * A failed login counted against its account. Past the threshold it is a finding against where
     * it came from (the guesser; incidents group a distributed attack on the account as a campaign),
     * except the owner's own slip: a failure from a place the account has logged in from before, while
     * others try the account, is no guess of the attacker's.
     */
    private static Judgement failedLogin(String account, String source, SecurityEvent event, AttemptLog.Tally tally,
            KeyValueStore<String, UserProfile> profiles, IdentitySettings s) {
        if (tally.recent() < s.failures()) {
            return Judgement.safe(0.6, String.format(Locale.ROOT,
                    "%d failed login(s) for %s within %s; below the threshold of %d.", tally.recent(), account,
                    Logins.span(s.window()), s.failures()));
        }
        if (tally.distinct() > 1) {
            UserProfile profile = profiles.get(account);
            if (profile != null && profile.knowsSource(source)) {
                return Judgement.safe(0.7, String.format(Locale.ROOT,
                        "%s failed to log in from %s, where the account has logged in from before; the %d failed"
                                + " logins for it in %s came from %d sources.", account, source, tally.recent(),
                        Logins.span(tally.span()), tally.distinct()));
            }
        }
        Suspect guesser = Logins.sourceIp(event) != null ? Suspects.address(source)
                : Logins.source(event) != null ? Suspects.host(source) : null;
        return Judgement.of(Verdict.SUSPICIOUS, 0.7, String.format(Locale.ROOT,
                "%d failed logins for %s from %d source%s in %s: brute force against the account.", tally.recent(),
                account, tally.distinct(), tally.distinct() == 1 ? "" : "s", Logins.span(tally.span())),
                accountEvidence(account, tally), guesser != null ? guesser : Suspect.user(account),
                "account_brute_force");
    }

    private static Judgement loginAfterFailures(String account, String source, AttemptLog.Tally tally,
            UserProfile profile, IdentitySettings s) {
        if (tally.recent() < s.failures()) {
            return Judgement.safe(0.6, account + " logged in after " + tally.recent() + " failed login(s) within "
                    + Logins.span(s.window()) + ".");
        }
        if (profile.knowsSource(source)) {
            // The owner logging in from where they always do while someone else tries the account:
            // the failures were alerted on as they came; this login is not the guess that worked.
            return Judgement.safe(0.75, String.format(Locale.ROOT,
                    "%s logged in from %s, where the account has logged in from before; the %d failed logins in %s "
                            + "came from %d source%s.", account, source, tally.recent(), Logins.span(tally.span()),
                    tally.distinct(), tally.distinct() == 1 ? "" : "s"));
        }
        Map<String, Object> evidence = accountEvidence(account, tally);
        evidence.put("logged_in_from", source);
        return Judgement.of(Verdict.SUSPICIOUS, 0.8, String.format(Locale.ROOT,
                "%s logged in from %s after %d failed logins for the account from %d source%s in %s: a guessed password?",
                account, source, tally.recent(), tally.distinct(), tally.distinct() == 1 ? "" : "s",
                Logins.span(tally.span())), evidence, Suspect.user(account), "login_after_failures");
    }

    private static Map<String, Object> accountEvidence(String account, AttemptLog.Tally tally) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("account", account);
        evidence.put("account_failures", tally.recent());
        evidence.put("account_sources", List.copyOf(tally.details()).subList(0, Math.min(10, tally.distinct())));
        return evidence;
    }

    private static Judgement successfulLogin(SecurityEvent event, String user, UserProfile before, SecurityEvent.Geo geo,
            IdentitySettings s) {
        String src = event.sourceIp();
        if (geo != null && geo.lat() != null && geo.lon() != null && before.hasLocation()) {
            double km = distanceKm(before.lastLat(), before.lastLon(), geo.lat(), geo.lon());
            double hours = Math.abs(Duration.between(before.lastLogin(), event.timestamp()).toMillis()) / 3_600_000.0;
            double speed = hours > 0 ? km / hours : Double.POSITIVE_INFINITY;
            if (km >= s.minDistanceKm() && speed > s.maxSpeedKmh() && before.hasHome()
                    && distanceKm(before.homeLat(), before.homeLon(), geo.lat(), geo.lon()) < s.minDistanceKm()) {
                // Back home after a login from far away: the hop out was the impossible one, and was judged so.
                return Judgement.safe(0.75, String.format(Locale.ROOT,
                        "%s logged in from %s, where the account logged in from before the login from %s %d minutes "
                                + "earlier; that login was the impossible hop.", user,
                        place(geo.cityName(), geo.countryIsoCode()), place(before.lastCity(), before.lastCountry()),
                        Math.round(hours * 60)));
            }
            if (km >= s.minDistanceKm() && speed > s.maxSpeedKmh()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("distance_km", Math.round(km));
                evidence.put("minutes_between", Math.round(hours * 60));
                evidence.put("speed_kmh", Double.isInfinite(speed) ? "infinite" : Math.round(speed));
                evidence.put("previous", place(before.lastCity(), before.lastCountry()));
                evidence.put("now", place(geo.cityName(), geo.countryIsoCode()));
                return Judgement.of(Verdict.MALICIOUS, 0.9, String.format(Locale.ROOT,
                        "%s logged in from %s, %,d km from %s %d minutes after the previous login: impossible travel.",
                        user, place(geo.cityName(), geo.countryIsoCode()), Math.round(km),
                        place(before.lastCity(), before.lastCountry()), Math.round(hours * 60)), evidence,
                        Suspect.user(user), "impossible_travel");
            }
        }
        String country = geo != null ? geo.countryIsoCode() : null;
        if (src != null && s.site().isExternal(src) && country != null && before.logins() > 0
                && !before.countries().contains(country)) {
            return Judgement.of(Verdict.SUSPICIOUS, 0.6, user + " logged in from external " + src + " in " + country
                    + " for the first time; seen before: " + String.join(", ", before.countries()) + ".",
                    Map.of("country", country, "known_countries", List.copyOf(before.countries())),
                    Suspect.user(user), "new_country_login");
        }
        return Judgement.safe(0.7, "Login of " + user + (country != null ? " from " + country : "")
                + " matches the user's history.");
    }

    private static String place(String city, String country) {
        return city == null ? String.valueOf(country) : city + ", " + country;
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
