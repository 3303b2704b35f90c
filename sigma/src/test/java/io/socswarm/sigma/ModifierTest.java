package io.socswarm.sigma;

import static io.socswarm.sigma.Rules.compile;
import static io.socswarm.sigma.Rules.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModifierTest {

    @Test
    void shouldMatchPlainValuesCaseInsensitivelyAndWholly() {
        String rule = """
                selection:
                    Image: 'C:\\Windows\\System32\\whoami.exe'
                condition: selection
                """;
        assertThat(matches(rule, Map.of("Image", "c:\\windows\\system32\\WHOAMI.EXE"))).isTrue();
        assertThat(matches(rule, Map.of("Image", "c:\\windows\\system32\\whoami.exe.bak"))).isFalse();
        assertThat(matches(rule, Map.of("Other", "C:\\Windows\\System32\\whoami.exe"))).isFalse();
    }

    @Test
    void shouldMatchContainsStartswithEndswith() {
        assertThat(matches("""
                s:
                    CommandLine|contains: 'mimikatz'
                condition: s
                """, Map.of("CommandLine", "run MimiKatz.exe now"))).isTrue();
        assertThat(matches("""
                s:
                    CommandLine|contains: 'mimikatz'
                condition: s
                """, Map.of("CommandLine", "mimi katz"))).isFalse();
        assertThat(matches("""
                s:
                    Image|startswith: 'C:\\Temp\\'
                condition: s
                """, Map.of("Image", "c:\\temp\\x.exe"))).isTrue();
        assertThat(matches("""
                s:
                    Image|startswith: 'C:\\Temp\\'
                condition: s
                """, Map.of("Image", "d:\\c:\\temp\\x.exe"))).isFalse();
        assertThat(matches("""
                s:
                    Image|endswith: '\\cmd.exe'
                condition: s
                """, Map.of("Image", "C:\\Windows\\CMD.exe"))).isTrue();
        assertThat(matches("""
                s:
                    Image|endswith: '\\cmd.exe'
                condition: s
                """, Map.of("Image", "C:\\Windows\\xcmd.exe"))).isFalse();
    }

    @Test
    void shouldOrValueListsAndAndThemWithAll() {
        String any = """
                s:
                    CommandLine|contains:
                        - ' -enc '
                        - ' -nop '
                condition: s
                """;
        String all = any.replace("|contains:", "|contains|all:");
        assertThat(matches(any, Map.of("CommandLine", "powershell -nop x"))).isTrue();
        assertThat(matches(all, Map.of("CommandLine", "powershell -nop x"))).isFalse();
        assertThat(matches(all, Map.of("CommandLine", "powershell -nop -enc x"))).isTrue();
    }

    @Test
    void shouldMatchWindashVariantsOfFlagDashesOnly() {
        String rule = """
                s:
                    CommandLine|contains|windash: ' -decode '
                condition: s
                """;
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            assertThat(matches(rule, Map.of("CommandLine", "certutil " + dash + "decode a b"))).as(dash).isTrue();
        }
        assertThat(matches(rule, Map.of("CommandLine", "certutil decode a b"))).isFalse();
        assertThat(matches(rule, Map.of("CommandLine", "certutil \\decode a b"))).isFalse();
    }

    @Test
    void shouldMatchWindashWithManyDashesThroughACharacterClass() {
        String rule = """
                s:
                    CommandLine|contains|windash: '-a -b -c'
                condition: s
                """;
        assertThat(matches(rule, Map.of("CommandLine", "x /a \u2013b -c y"))).isTrue();
        assertThat(matches(rule, Map.of("CommandLine", "x /a +b -c y"))).isFalse();
        // a dash inside a word is not a flag dash and stays literal
        String inWord = """
                s:
                    CommandLine|contains|windash: 'Set-Item'
                condition: s
                """;
        assertThat(matches(inWord, Map.of("CommandLine", "set-item x"))).isTrue();
        assertThat(matches(inWord, Map.of("CommandLine", "set/item x"))).isFalse();
    }

    @Test
    void shouldMatchRegexCaseSensitivelyUnlessIFlag() {
        String rule = """
                s:
                    CommandLine|re: 'Invoke-[A-Z]\\w+'
                condition: s
                """;
        assertThat(matches(rule, Map.of("CommandLine", "x Invoke-Mimikatz"))).isTrue();
        assertThat(matches(rule, Map.of("CommandLine", "x invoke-mimikatz"))).isFalse();
        assertThat(matches(rule.replace("|re:", "|re|i:"), Map.of("CommandLine", "x invoke-mimikatz"))).isTrue();
    }

    @Test
    void shouldAbandonARegexThatBacktracksWithoutEndOnAHostileValueAndStillMatchLongOrdinaryOnes() {
        String rule = """
                selection:
                    CommandLine|re: '^(a+)+\\1$'
                condition: selection
                """;
        // A back-reference turns off the JDK's memoisation: every way to split the a's is tried (8 s unbounded).
        String hostile = "a".repeat(28) + "!";
        long before = BoundedText.abandoned();

        boolean hostileMatched = matches(rule, Map.of("CommandLine", hostile));
        boolean ordinary = matches(rule, Map.of("CommandLine", "a".repeat(28)));
        // A glob with ? is a regex too; on a 4,096-character value it backtracks quadratically, within budget.
        boolean glob = matches("""
                selection:
                    CommandLine: '*a?b*c*d*'
                condition: selection
                """, Map.of("CommandLine", "x".repeat(4_000) + "a-bxcxd"));

        assertThat(hostileMatched).isFalse();
        assertThat(BoundedText.abandoned()).isEqualTo(before + 1);
        assertThat(ordinary).isTrue();
        assertThat(glob).isTrue();
    }

    @Test
    void shouldApplyRegexMultilineAndDotallFlags() {
        String anchored = """
                s:
                    Data|re: '^second$'
                condition: s
                """;
        assertThat(matches(anchored, Map.of("Data", "first\nsecond\nthird"))).isFalse();
        assertThat(matches(anchored.replace("|re:", "|re|m:"), Map.of("Data", "first\nsecond\nthird"))).isTrue();
        String dot = """
                s:
                    Data|re: 'a.b'
                condition: s
                """;
        assertThat(matches(dot, Map.of("Data", "a\nb"))).isFalse();
        assertThat(matches(dot.replace("|re:", "|re|s:"), Map.of("Data", "a\nb"))).isTrue();
    }

    @Test
    void shouldMatchCidrForIpv4AndIpv6() {
        String rule = """
                s:
                    DestinationIp|cidr:
                        - '10.0.0.0/8'
                        - 'fe80::/10'
                condition: s
                """;
        assertThat(matches(rule, Map.of("DestinationIp", "10.200.3.4"))).isTrue();
        assertThat(matches(rule, Map.of("DestinationIp", "11.0.0.1"))).isFalse();
        assertThat(matches(rule, Map.of("DestinationIp", "fe80::1ff:fe23:4567:890a"))).isTrue();
        assertThat(matches(rule, Map.of("DestinationIp", "fec0::1"))).isFalse();
        assertThat(matches(rule, Map.of("DestinationIp", "not-an-ip"))).isFalse();
        assertThat(matches("""
                s:
                    DestinationIp|cidr: '192.168.1.128/25'
                condition: s
                """, Map.of("DestinationIp", "192.168.1.127"))).isFalse();
    }

    @Test
    void shouldMatchBase64EncodedValue() {
        String encoded = Base64.getEncoder().encodeToString("http://evil".getBytes(StandardCharsets.UTF_8));
        String rule = """
                s:
                    CommandLine|base64|contains: 'http://evil'
                condition: s
                """;
        assertThat(matches(rule, Map.of("CommandLine", "x " + encoded + " y"))).isTrue();
        // base64 is case-sensitive: a lower-cased encoding is different data
        assertThat(matches(rule, Map.of("CommandLine", "x " + encoded.toLowerCase() + " y"))).isFalse();
    }

    @Test
    void shouldMatchBase64offsetAtEveryAlignment() {
        String rule = """
                s:
                    CommandLine|base64offset|contains: 'Invoke-Expression'
                condition: s
                """;
        for (String prefix : List.of("", "a", "ab", "abc")) {
            String encoded = Base64.getEncoder().encodeToString(
                    (prefix + "Invoke-Expression (x)").getBytes(StandardCharsets.UTF_8));
            assertThat(matches(rule, Map.of("CommandLine", "powershell -e " + encoded))).as(prefix).isTrue();
        }
        String other = Base64.getEncoder().encodeToString("Invoke-Command".getBytes(StandardCharsets.UTF_8));
        assertThat(matches(rule, Map.of("CommandLine", "powershell -e " + other))).isFalse();
    }

    @Test
    void shouldMatchUtf16EncodingsUnderBase64() {
        String le = Base64.getEncoder().encodeToString("cmd".getBytes(StandardCharsets.UTF_16LE));
        String be = Base64.getEncoder().encodeToString("cmd".getBytes(StandardCharsets.UTF_16BE));
        byte[] bom = new byte[] {(byte) 0xff, (byte) 0xfe, 'c', 0, 'm', 0, 'd', 0};
        String withBom = Base64.getEncoder().encodeToString(bom);
        assertThat(matches("s:\n    F|utf16le|base64: cmd\ncondition: s\n", Map.of("F", le))).isTrue();
        assertThat(matches("s:\n    F|wide|base64: cmd\ncondition: s\n", Map.of("F", le))).isTrue();
        assertThat(matches("s:\n    F|utf16be|base64: cmd\ncondition: s\n", Map.of("F", be))).isTrue();
        assertThat(matches("s:\n    F|utf16be|base64: cmd\ncondition: s\n", Map.of("F", le))).isFalse();
        assertThat(matches("s:\n    F|utf16|base64: cmd\ncondition: s\n", Map.of("F", withBom))).isTrue();
        assertThat(matches("s:\n    F|utf16|base64: cmd\ncondition: s\n", Map.of("F", le))).isFalse();
        String wideOffset = Base64.getEncoder().encodeToString("xIEX".getBytes(StandardCharsets.UTF_16LE));
        assertThat(matches("s:\n    F|wide|base64offset|contains: IEX\ncondition: s\n", Map.of("F", wideOffset))).isTrue();
    }

    @Test
    void shouldCompareNumbersWithGtGteLtLte() {
        assertThat(matches("s:\n    Port|gt: 1024\ncondition: s\n", Map.of("Port", 1025))).isTrue();
        assertThat(matches("s:\n    Port|gt: 1024\ncondition: s\n", Map.of("Port", 1024))).isFalse();
        assertThat(matches("s:\n    Port|gte: 1024\ncondition: s\n", Map.of("Port", "1024"))).isTrue();
        assertThat(matches("s:\n    Port|lt: 1024\ncondition: s\n", Map.of("Port", 1024))).isFalse();
        assertThat(matches("s:\n    Port|lte: 1024\ncondition: s\n", Map.of("Port", 1024L))).isTrue();
        assertThat(matches("s:\n    Port|lte: 1024\ncondition: s\n", Map.of("Port", "high"))).isFalse();
    }

    @Test
    void shouldCompareFieldsWithFieldref() {
        String rule = """
                s:
                    User|fieldref: ParentUser
                condition: s
                """;
        assertThat(matches(rule, Map.of("User", "CORP\\Alice", "ParentUser", "corp\\alice"))).isTrue();
        assertThat(matches(rule, Map.of("User", "CORP\\Alice", "ParentUser", "corp\\bob"))).isFalse();
        assertThat(matches(rule, Map.of("User", "CORP\\Alice"))).isFalse();
        assertThat(matches("s:\n    TargetFilename|endswith|fieldref: Image\ncondition: s\n",
                Map.of("TargetFilename", "C:\\x\\a.exe", "Image", "a.exe"))).isTrue();
    }

    @Test
    void shouldMatchCasedValuesCaseSensitively() {
        String rule = "s:\n    F|cased: 'AbC'\ncondition: s\n";
        assertThat(matches(rule, Map.of("F", "AbC"))).isTrue();
        assertThat(matches(rule, Map.of("F", "abc"))).isFalse();
    }

    @Test
    void shouldMatchNeqOnlyWhenPresentAndDifferent() {
        String rule = "s:\n    F|neq: 'a'\ncondition: s\n";
        assertThat(matches(rule, Map.of("F", "b"))).isTrue();
        assertThat(matches(rule, Map.of("F", "A"))).isFalse();
        assertThat(matches(rule, Map.of("G", "b"))).isFalse();
    }

    @Test
    void shouldExpandPlaceholdersOnlyWhenValuesAreGiven() {
        String yaml = Rules.yaml("""
                s:
                    Attributes|contains|expand: '%known_cdcs%'
                condition: s
                """);
        SigmaRule rule = SigmaParser.parseRule(yaml);
        assertThatThrownBy(() -> CompiledRule.compile(rule))
                .isInstanceOfSatisfying(SigmaRuleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SigmaRuleException.Kind.UNSUPPORTED);
                    assertThat(e.construct()).contains("|expand").contains("%known_cdcs%");
                });
        CompiledRule compiled = CompiledRule.compile(rule,
                new CompileOptions(Map.of("known_cdcs", List.of("dc01", "dc02"))));
        assertThat(compiled.matches(MapSigmaEvent.of(Map.of("Attributes", "cdc:DC02.corp")))).isTrue();
        assertThat(compiled.matches(MapSigmaEvent.of(Map.of("Attributes", "cdc:dc03.corp")))).isFalse();
    }

    @Test
    void shouldTestFieldExistenceEvenForNullValues() {
        String exists = "s:\n    F|exists: true\ncondition: s\n";
        String missing = "s:\n    F|exists: false\ncondition: s\n";
        java.util.HashMap<String, Object> nullValued = new java.util.HashMap<>();
        nullValued.put("F", null);
        assertThat(matches(exists, Map.of("F", ""))).isTrue();
        assertThat(matches(exists, nullValued)).isTrue();
        assertThat(matches(exists, Map.of("G", "x"))).isFalse();
        assertThat(matches(missing, Map.of("G", "x"))).isTrue();
        assertThat(matches(missing, Map.of("F", "x"))).isFalse();
    }

    @Test
    void shouldMatchNullValueWhenFieldAbsentOrNull() {
        String rule = "s:\n    F: null\ncondition: s\n";
        java.util.HashMap<String, Object> nullValued = new java.util.HashMap<>();
        nullValued.put("F", null);
        assertThat(matches(rule, Map.of("G", "x"))).isTrue();
        assertThat(matches(rule, nullValued)).isTrue();
        assertThat(matches(rule, Map.of("F", ""))).isFalse();
        assertThat(matches("s:\n    F: ''\ncondition: s\n", Map.of("F", ""))).isTrue();
        assertThat(matches("s:\n    F: ''\ncondition: s\n", Map.of("G", ""))).isFalse();
    }

    @Test
    void shouldMatchNumbersAsWrittenAndAgainstNumericEventValues() {
        String rule = "s:\n    EventID: 4688\n    TicketEncryption: 0x17\ncondition: s\n";
        assertThat(matches(rule, Map.of("EventID", 4688, "TicketEncryption", "0x17"))).isTrue();
        assertThat(matches(rule, Map.of("EventID", 4688.0, "TicketEncryption", "0x17"))).isTrue();
        assertThat(matches(rule, Map.of("EventID", "4688", "TicketEncryption", "23"))).isFalse();
    }

    @Test
    void shouldMatchAnyElementOfAListValuedField() {
        String rule = "s:\n    Tags|contains: evil\ncondition: s\n";
        assertThat(matches(rule, Map.of("Tags", List.of("good", "very-EVIL")))).isTrue();
        assertThat(matches(rule, Map.of("Tags", List.of("good", "fine")))).isFalse();
    }

    @Test
    void shouldRejectUnknownAndTimeModifiersAsUnsupported() {
        assertThatThrownBy(() -> compile("s:\n    F|foo: x\ncondition: s\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class, e -> {
                    assertThat(e.construct()).isEqualTo("modifier |foo");
                    assertThat(e.kind()).isEqualTo(SigmaRuleException.Kind.UNSUPPORTED);
                });
        assertThatThrownBy(() -> compile("s:\n    F|hour: 3\ncondition: s\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class, e -> assertThat(e.construct()).contains("|hour"));
        assertThatThrownBy(() -> compile("s:\n    F|re: '(unclosed'\ncondition: s\n"))
                .isInstanceOfSatisfying(SigmaRuleException.class,
                        e -> assertThat(e.kind()).isEqualTo(SigmaRuleException.Kind.INVALID));
        assertThatThrownBy(() -> compile("s:\n    F|cidr: '10.0.0.0/33'\ncondition: s\n"))
                .isInstanceOf(SigmaRuleException.class);
    }
}
