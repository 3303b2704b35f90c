package io.socswarm.agents.identity;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Site;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
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

/**
 * The identity analyst: failed logins from outside (brute force, spraying), and successful logins
 * that are impossible given the user's previous one (speed over {@code swarm.identity.max.speed.kmh})
 * or that come from a country the user never logged in from. Stateful: events are repartitioned
 * by user so one task sees all of a user's logins, and each user's profile lives in the named store
 * {@value #STORE}.
 */
public final class IdentityDetector implements Detector {
    public static final String NAME = "identity";
    public static final String STORE = "identity-user-profiles";
    public static final String MAX_SPEED = "swarm.identity.max.speed.kmh";
    public static final String MIN_DISTANCE = "swarm.identity.min.distance.km";
    public static final double DEFAULT_MAX_SPEED_KMH = 1000;
    public static final double DEFAULT_MIN_DISTANCE_KM = 500;
    /** Account names that only guessers use against a server. */
    static final Set<String> GUESSED_NAMES = Set.of("root", "admin", "administrator", "test", "oracle", "ubuntu",
            "guest", "user", "postgres", "ftp", "pi", "git", "deploy", "support", "www", "mysql");
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
        String user = event.userName();
        return "authentication".equals(event.category()) && user != null && !user.isBlank()
                ? user.trim().toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        return List.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new JsonSerde<>(UserProfile.class)));
    }

    @Override
    public Judge open(SwarmConfig config, Stores stores) {
        KeyValueStore<String, UserProfile> profiles = stores.get(STORE);
        Site site = Site.from(config);
        double maxSpeed = config.getDouble(MAX_SPEED, DEFAULT_MAX_SPEED_KMH);
        double minDistance = config.getDouble(MIN_DISTANCE, DEFAULT_MIN_DISTANCE_KM);
        return event -> {
            String user = partitionKey(event);
            if (user == null) {
                return Judgement.safe(0.3, "Not a login (" + event.category() + "/" + event.action() + "); nothing for identity to judge.");
            }
            if (event.failed()) {
                return failedLogin(event, user, site);
            }
            if (!event.succeeded()) {
                return Judgement.safe(0.4, "Login of " + user + " with outcome " + event.outcome() + ".");
            }
            UserProfile before = profiles.get(user);
            if (before == null) {
                before = UserProfile.first();
            }
            SecurityEvent.Geo geo = event.source() != null ? event.source().geo() : null;
            profiles.put(user, before.after(event.timestamp(), event.sourceIp(), geo == null ? null : geo.lat(),
                    geo == null ? null : geo.lon(), geo == null ? null : geo.countryIsoCode(),
                    geo == null ? null : geo.cityName()));
            return successfulLogin(event, user, before, geo, site, maxSpeed, minDistance);
        };
    }

    private static Judgement failedLogin(SecurityEvent event, String user, Site site) {
        String src = event.sourceIp();
        if (src != null && site.isExternal(src)) {
            boolean guessed = GUESSED_NAMES.contains(user);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("user", user);
            evidence.put("source_ip", src);
            evidence.put("guessed_account_name", guessed);
            return Judgement.of(guessed ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, guessed ? 0.8 : 0.65,
                    "Failed login for " + (guessed ? "the commonly guessed account " : "") + user
                            + " from external " + src + (guessed ? ": password guessing." : "."), evidence);
        }
        return Judgement.safe(0.6, "Failed login of " + user + (src != null ? " from internal " + src : "")
                + "; a single internal failure is usually a typo.");
    }

    private static Judgement successfulLogin(SecurityEvent event, String user, UserProfile before,
            SecurityEvent.Geo geo, Site site, double maxSpeed, double minDistance) {
        String src = event.sourceIp();
        if (geo != null && geo.lat() != null && geo.lon() != null && before.hasLocation()) {
            double km = distanceKm(before.lastLat(), before.lastLon(), geo.lat(), geo.lon());
            double hours = Math.abs(Duration.between(before.lastLogin(), event.timestamp()).toMillis()) / 3_600_000.0;
            double speed = hours > 0 ? km / hours : Double.POSITIVE_INFINITY;
            if (km >= minDistance && speed > maxSpeed) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("distance_km", Math.round(km));
                evidence.put("minutes_between", Math.round(hours * 60));
                evidence.put("speed_kmh", Double.isInfinite(speed) ? "infinite" : Math.round(speed));
                evidence.put("previous", place(before.lastCity(), before.lastCountry()));
                evidence.put("now", place(geo.cityName(), geo.countryIsoCode()));
                return Judgement.of(Verdict.MALICIOUS, 0.9, String.format(Locale.ROOT,
                        "%s logged in from %s, %,d km from %s %d minutes after the previous login: impossible travel.",
                        user, place(geo.cityName(), geo.countryIsoCode()), Math.round(km),
                        place(before.lastCity(), before.lastCountry()), Math.round(hours * 60)), evidence);
            }
        }
        String country = geo != null ? geo.countryIsoCode() : null;
        if (src != null && site.isExternal(src) && country != null && before.logins() > 0
                && !before.countries().contains(country)) {
            return Judgement.of(Verdict.SUSPICIOUS, 0.6, user + " logged in from external " + src + " in " + country
                    + " for the first time; seen before: " + String.join(", ", before.countries()) + ".",
                    Map.of("country", country, "known_countries", List.copyOf(before.countries())));
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
