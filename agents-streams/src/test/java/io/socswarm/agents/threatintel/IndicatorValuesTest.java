package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.threatintel.IndicatorValues.Typed;
import io.socswarm.model.Indicator.Type;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndicatorValuesTest {

    @Test
    void shouldMaskHostBitsOfACidrAndTreatAFullPrefixAsAnAddress() {
        assertThat(IndicatorValues.address("5.188.10.180/23")).contains(new Typed(Type.CIDR, "5.188.10.0/23"));
        assertThat(IndicatorValues.address("5.188.10.180/32")).contains(new Typed(Type.IPV4, "5.188.10.180"));
        assertThat(IndicatorValues.address("2A12:2640:0:0::7/29")).contains(new Typed(Type.CIDR, "2a12:2640::/29"));
        assertThat(IndicatorValues.address("0.0.0.0/0")).isEmpty();
        assertThat(IndicatorValues.address("10.0.0.0/33")).isEmpty();
    }

    @Test
    void shouldWriteIpv6InItsShortestCanonicalForm() {
        assertThat(IndicatorValues.address("2001:0db8:0000:0000:0000:0000:0000:0001")).contains(new Typed(Type.IPV6, "2001:db8::1"));
        assertThat(IndicatorValues.address("2001:db8:0:1:0:0:0:1")).contains(new Typed(Type.IPV6, "2001:db8:0:1::1"));
        assertThat(IndicatorValues.address("::1")).contains(new Typed(Type.IPV6, "::1"));
    }

    @Test
    void shouldLowerCaseDomainsAndUndoDefangingButRefuseAddressesAndSpaces() {
        assertThat(IndicatorValues.domain("C2.Evil[.]Example.")).contains("c2.evil.example");
        assertThat(IndicatorValues.domain("*.evil.example")).contains("evil.example");
        assertThat(IndicatorValues.domain("198.51.100.1")).isEmpty();
        assertThat(IndicatorValues.domain("domain autuo.xicp.net")).isEmpty();
        assertThat(IndicatorValues.domain("localhost")).isEmpty();
    }

    @Test
    void shouldKeyUrlsWithoutSchemeDefaultPortOrFragment() {
        assertThat(IndicatorValues.url("HTTP://Evil.Example:80/a/B.php?x=1#top")).contains("evil.example/a/B.php?x=1");
        assertThat(IndicatorValues.url("https://evil.example:443")).contains("evil.example/");
        assertThat(IndicatorValues.url("http://evil.example:8080/x")).contains("evil.example:8080/x");
        assertThat(IndicatorValues.url("evil.example/x")).isEqualTo(IndicatorValues.url("hxxps://evil.example/x"));
        assertThat(IndicatorValues.url("http:// spaced.example/")).isEmpty();
    }

    @Test
    void shouldTellHashTypesByLengthAndRefuseAHashOfTheWrongType() {
        assertThat(IndicatorValues.hash("0123456789ABCDEF0123456789ABCDEF")).contains(new Typed(Type.MD5, "0123456789abcdef0123456789abcdef"));
        assertThat(IndicatorValues.normalise(Type.SHA256, "0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(IndicatorValues.hash("xyz")).isEqualTo(Optional.empty());
        assertThat(IndicatorValues.asn("AS64500")).contains("64500");
    }
}
