package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpRangesTest {

    @Test
    void shouldMatchIpv4RangesAtTheirEdges() {
        IpRanges ranges = IpRanges.of(List.of("10.0.0.0/8", "192.168.1.0/25", "203.0.113.9"));

        assertThat(ranges.contains("10.0.0.0")).isTrue();
        assertThat(ranges.contains("10.255.255.255")).isTrue();
        assertThat(ranges.contains("11.0.0.0")).isFalse();
        assertThat(ranges.contains("192.168.1.127")).isTrue();
        assertThat(ranges.contains("192.168.1.128")).isFalse();
        assertThat(ranges.contains("203.0.113.9")).isTrue();
        assertThat(ranges.contains("203.0.113.10")).isFalse();
        assertThat(ranges.match("10.1.2.3")).get().extracting(IpRanges.Range::text).isEqualTo("10.0.0.0/8");
    }

    @Test
    void shouldMatchIpv6AndKeepFamiliesApart() {
        IpRanges ranges = IpRanges.of(List.of("fc00::/7", "2001:db8::/32"));

        assertThat(ranges.contains("fd12:3456::1")).isTrue();
        assertThat(ranges.contains("2001:db8:ffff::1")).isTrue();
        assertThat(ranges.contains("2001:db9::1")).isFalse();
        assertThat(ranges.contains("10.0.0.1")).isFalse();
    }

    @Test
    void shouldTreatSlashZeroAsEverythingOfItsFamily() {
        IpRanges all = IpRanges.of(List.of("0.0.0.0/0"));

        assertThat(all.contains("8.8.8.8")).isTrue();
        assertThat(all.contains("::1")).isFalse();
    }

    @Test
    void shouldMatchNothingForTextThatIsNotAnAddressWithoutLookingItUp() {
        IpRanges ranges = IpRanges.of(List.of("0.0.0.0/0", "::/0"));

        for (String garbage : new String[] {null, "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "1.2.3.-4", "::g", "[::1", "12345::1::2", "\u001b[31m1.2.3.4"}) {
            assertThat(ranges.contains(garbage)).as("'%s'", garbage).isFalse();
        }
    }

    @Test
    void shouldRejectMalformedRangesByName() {
        assertThatThrownBy(() -> IpRanges.of(List.of("10.0.0.0/33"))).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> IpRanges.of(List.of("intranet"))).hasMessageContaining("'intranet'");
    }
}
