package io.socswarm.agents.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the identity agent remembers about one user, in the store {@code identity-user-profiles}:
 * the latest successful login (when, from where), the user's home (where the last login that was
 * not an impossible hop came from), every country the user logged in from, and the sources of the
 * user's most recent successful logins.
 */
public record UserProfile(Instant lastLogin, String lastIp, Double lastLat, Double lastLon, String lastCountry,
        String lastCity, Set<String> countries, long logins, Double homeLat, Double homeLon, String homeCountry,
        String homeCity, List<String> sources) {

    /** How many distinct sources of successful logins a profile remembers. */
    static final int SOURCES_KEPT = 8;

    public UserProfile {
        countries = countries == null ? Set.of() : Set.copyOf(countries);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    static UserProfile first() {
        return new UserProfile(null, null, null, null, null, null, Set.of(), 0, null, null, null, null, List.of());
    }

    boolean hasLocation() {
        return lastLogin != null && lastLat != null && lastLon != null;
    }

    boolean hasHome() {
        return homeLat != null && homeLon != null;
    }

    /** Whether the user has logged in successfully from {@code ip} before. */
    boolean knowsSource(String ip) {
        return ip != null && sources.contains(ip);
    }

    /**
     * The profile after one more successful login. An older login than the last one never moves the
     * user; an impossible hop moves the user but not the home.
     */
    UserProfile after(Instant at, String ip, Double lat, Double lon, String country, String city, boolean impossible) {
        Set<String> seen = new TreeSet<>(countries);
        if (country != null) {
            seen.add(country);
        }
        List<String> recent = new ArrayList<>(sources);
        if (ip != null) {
            recent.remove(ip);
            recent.add(ip);
            if (recent.size() > SOURCES_KEPT) {
                recent.remove(0);
            }
        }
        boolean older = lastLogin != null && at.isBefore(lastLogin);
        // The home moves to a located login that was no hop; an older login only sets a home not yet known.
        boolean movesHome = lat != null && lon != null && !impossible && !(older && hasHome());
        Double hLat = movesHome ? lat : homeLat;
        Double hLon = movesHome ? lon : homeLon;
        String hCountry = movesHome ? country : homeCountry;
        String hCity = movesHome ? city : homeCity;
        if (older) {
            return new UserProfile(lastLogin, lastIp, lastLat, lastLon, lastCountry, lastCity, seen, logins + 1,
                    hLat, hLon, hCountry, hCity, recent);
        }
        return new UserProfile(at, ip, lat, lon, country, city, seen, logins + 1, hLat, hLon, hCountry, hCity, recent);
    }
}
