package io.socswarm.agents.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoLocationsTest {
    @TempDir
    Path dir;

    private Path table(String text) throws IOException {
        return Files.writeString(dir.resolve("geo-" + text.hashCode() + ".csv"), text);
    }

    @Test
    void shouldLocateAddressesInsideTheirRangesIpv4AndIpv6Alike() throws IOException {
        GeoLocations geo = GeoLocations.load(table("""
                # DB-IP layout: ip_start,ip_end,continent,country,stateprov,city,latitude,longitude
                45.0.0.0,45.0.255.255,SA,BR,São Paulo,"São Paulo",-23.55,-46.63
                103.1.2.0,103.1.2.255,OC,AU,New South Wales,Sydney,-33.87,151.21

                2001:db8::,2001:db8::ffff,EU,DE,Berlin,"Berlin, Mitte",52.52,13.40
                """));

        assertThat(geo.locate("45.0.17.9")).isEqualTo(new Geo("BR", "São Paulo", -23.55, -46.63));
        assertThat(geo.locate("103.1.2.255").cityName()).isEqualTo("Sydney");
        assertThat(geo.locate("2001:db8::1:0")).isNull();
        assertThat(geo.locate("2001:db8::beef").cityName()).isEqualTo("Berlin, Mitte");
        // Just outside a range, between ranges, before the first, an IPv4-mapped form, not an address.
        assertThat(geo.locate("45.1.0.0")).isNull();
        assertThat(geo.locate("10.0.0.1")).isNull();
        assertThat(geo.locate("1.1.1.1")).isNull();
        assertThat(geo.locate("::ffff:45.0.0.1").countryIsoCode()).isEqualTo("BR");
        assertThat(geo.locate("not-an-address")).isNull();
        assertThat(geo.locate(null)).isNull();
        assertThat(geo.size()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAMalformedTableNamingTheLine() throws IOException {
        Path bad = table("45.0.0.0,45.0.255.255,SA,BR,,São Paulo,-23.55,-46.63\n9.9.9.9,1.1.1.1,EU,DE,,X,1,2\n");
        assertThatThrownBy(() -> GeoLocations.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2").hasMessageContaining("ip_start comes after ip_end");
        Path shortLine = table("45.0.0.0,45.0.255.255,BR\n");
        assertThatThrownBy(() -> GeoLocations.load(shortLine)).hasMessageContaining("line 1")
                .hasMessageContaining("3 fields");
        Path badNumber = table("45.0.0.0,45.0.255.255,SA,BR,,X,south,1\n");
        assertThatThrownBy(() -> GeoLocations.load(badNumber)).hasMessageContaining("numbers");
    }

    @Test
    void shouldMakeTheIdentityAgentSeeImpossibleTravelInRecordsThatNameNoPlace() throws IOException {
        Path file = table("91.20.0.0,91.20.255.255,SA,BR,,São Paulo,-23.55,-46.63\n"
                + "10.0.1.0,10.0.1.255,EU,DE,,Berlin,52.52,13.40\n");
        Instant t = AgentDriver.T0;
        try (AgentDriver agent = new AgentDriver(new IdentityDetector(),
                Map.of(IdentitySettings.GEOIP_FILE, file.toString()))) {
            Vote office = agent.judge(agent.login(t, "alice", "10.0.1.10", null, "success"));
            Vote far = agent.judge(agent.login(t.plus(Duration.ofMinutes(12)), "alice", "91.20.30.40", null, "success"));

            assertThat(office.verdict()).isEqualTo(Verdict.SAFE);
            assertThat(far.verdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(far.reasons().get(0)).contains("São Paulo, BR", "Berlin, DE", "impossible travel");
        }
        // Without the table the same records name no place: nothing to compare.
        try (AgentDriver agent = new AgentDriver(new IdentityDetector(), Map.of())) {
            agent.judge(agent.login(t, "alice", "10.0.1.10", null, "success"));
            Vote far = agent.judge(agent.login(t.plus(Duration.ofMinutes(12)), "alice", "91.20.30.40", null, "success"));
            assertThat(far.reasons()).noneSatisfy(r -> assertThat(r).contains("impossible travel"));
        }
    }
}
