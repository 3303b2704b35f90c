package io.socswarm.agents.identity;

import io.socswarm.agents.CsvRecords;
import io.socswarm.model.IpRanges;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.runtime.SwarmConfig.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an address is, from a table of address ranges the operator supplies: most logs (Zeek,
 * syslog, Windows, CloudTrail) name an address but no place, and impossible travel needs the place.
 *
 * <p>The file is CSV in the layout of DB-IP's free "IP to City Lite" download, one range per line:
 * {@code ip_start,ip_end,continent,country,stateprov,city,latitude,longitude}. IPv4 and IPv6 ranges
 * may be mixed; lines starting with {@code #} and blank lines are skipped. A malformed line refuses
 * the file at start with its line number. An address no range holds, or a private one the table
 * does not list, has no place, as before.
 *
 * <p>The table is read once per file and process and shared by every task: a city-level table of a
 * few million ranges takes some hundreds of MB, the same as any GeoIP filter.
 */
public final class GeoLocations {
    private static final Map<Path, GeoLocations> LOADED = new ConcurrentHashMap<>();

    /** Range starts and ends as 128-bit numbers (IPv4 as IPv4-mapped IPv6), sorted by start. */
    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final Geo[] places;

    private GeoLocations(List<Row> rows) {
        rows.sort((a, b) -> compare(a.startHi, a.startLo, b.startHi, b.startLo));
        int n = rows.size();
        startHi = new long[n];
        startLo = new long[n];
        endHi = new long[n];
        endLo = new long[n];
        places = new Geo[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            startHi[i] = r.startHi;
            startLo[i] = r.startLo;
            endHi[i] = r.endHi;
            endLo[i] = r.endLo;
            places[i] = r.place;
        }
    }

    /** The table in {@code file}, read on first use in this process. */
    public static GeoLocations load(Path file) {
        return LOADED.computeIfAbsent(file.toAbsolutePath().normalize(), GeoLocations::read);
    }

    /** The place of {@code ip}, or null when it is not an address or no range holds it. */
    public Geo locate(String ip) {
        byte[] address = IpRanges.parseAddress(ip);
        if (address == null || places.length == 0) {
            return null;
        }
        long hi = high(address);
        long lo = low(address);
        int low = 0;
        int high = places.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && compare(hi, lo, endHi[found], endLo[found]) <= 0 ? places[found] : null;
    }

    int size() {
        return places.length;
    }

    private record Row(long startHi, long startLo, long endHi, long endLo, Geo place) {
    }

    private static GeoLocations read(Path file) {
        List<Row> rows = new ArrayList<>();
        // Many ranges share a city: one Geo each.
        Map<Geo, Geo> places = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                rows.add(row(CsvRecords.split(text), file, number, places));
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read the GeoIP table " + file + ": " + e.getMessage());
        }
        return new GeoLocations(rows);
    }

    private static Row row(List<String> fields, Path file, int number, Map<Geo, Geo> places) {
        if (fields.size() < 8) {
            throw malformed(file, number, "it has " + fields.size() + " fields, not the 8 of ip_start,ip_end,"
                    + "continent,country,stateprov,city,latitude,longitude");
        }
        byte[] start = IpRanges.parseAddress(fields.get(0));
        byte[] end = IpRanges.parseAddress(fields.get(1));
        if (start == null || end == null) {
            throw malformed(file, number, "ip_start and ip_end must be IP addresses");
        }
        double lat;
        double lon;
        try {
            lat = Double.parseDouble(fields.get(6).strip());
            lon = Double.parseDouble(fields.get(7).strip());
        } catch (NumberFormatException e) {
            throw malformed(file, number, "latitude and longitude must be numbers");
        }
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            throw malformed(file, number, "latitude must lie within ±90 and longitude within ±180");
        }
        if (compare(high(start), low(start), high(end), low(end)) > 0) {
            throw malformed(file, number, "ip_start comes after ip_end");
        }
        String country = fields.get(3).strip().toUpperCase(Locale.ROOT);
        String city = fields.get(5).strip();
        Geo place = new Geo(country.isEmpty() ? null : country, city.isEmpty() ? null : city, lat, lon);
        return new Row(high(start), low(start), high(end), low(end), places.computeIfAbsent(place, p -> p));
    }

    private static ConfigException malformed(Path file, int number, String problem) {
        return new ConfigException("The GeoIP table " + file + " is malformed at line " + number + ": " + problem + ".");
    }

    /** The upper 64 bits of the address as IPv6 (an IPv4 address as ::ffff:a.b.c.d). */
    private static long high(byte[] address) {
        return address.length == 4 ? 0L : toLong(address, 0);
    }

    private static long low(byte[] address) {
        return address.length == 4 ? 0x0000_ffff_0000_0000L | (toLong(Arrays.copyOf(address, 8), 0) >>> 32)
                : toLong(address, 8);
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
