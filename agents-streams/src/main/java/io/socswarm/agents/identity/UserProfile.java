package io.socswarm.agents.identity;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the identity agent remembers about one user, in the store {@code identity-user-profiles}:
 * the latest successful login (when, from where) and every country the user logged in from.
 */
public record UserProfile(Instant lastLogin, String lastIp, Double lastLat, Double lastLon, String lastCountry,
        String lastCity, Set<String> countries, long logins) {

    public UserProfile {
        countries = countries == null ? Set.of() : Set.copyOf(countries);
    }

    static UserProfile first() {
        return new UserProfile(null, null, null, null, null, null, Set.of(), 0);
    }

    boolean hasLocation() {
        return lastLogin != null && lastLat != null && lastLon != null;
    }

    /** The profile after one more successful login; an older login than the last one never moves the user. */
    UserProfile after(Instant at, String ip, Double lat, Double lon, String country, String city) {
        Set<String> seen = new TreeSet<>(countries);
        if (country != null) {
            seen.add(country);
        }
        if (lastLogin != null && at.isBefore(lastLogin)) {
            return new UserProfile(lastLogin, lastIp, lastLat, lastLon, lastCountry, lastCity, seen, logins + 1);
        }
        return new UserProfile(at, ip, lat, lon, country, city, seen, logins + 1);
    }
}
