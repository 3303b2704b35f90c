package io.socswarm.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile text: control characters and ANSI escapes, zero-width and bidirectional
 * characters, lone surrogates, huge numbers and strings, deep nesting, truncated and mutated
 * records, and bytes that are not UTF-8. A record of the target's own format is the usual base,
 * so the input gets past the first checks and reaches the mapping.
 */
final class Hostile {
    static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\u000b", "\f", "\r",
            "\u001b", "\u001c", "\u001f", "\u007f", "\u0085", "\u009b", "\u009f");
    static final List<String> ANSI = List.of("\u001b[31m", "\u001b[2J\u001b[H", "\u001b]0;pwned\u0007",
            "\u009b1;31m", "\u001b[0m");
    static final List<String> INVISIBLE = List.of("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
            "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u2028",
            "\u2029", "\u00a0", "\u3000");
    static final List<String> ODD_CHARS = List.of("\ud800", "\udfff", "\ud83d\ude00", "\uffff", "\ufffd",
            "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "e\u0301", "\u0130", "\u00df");
    static final List<String> NUMBERS = List.of("1e999999999", "-1e-999999999", "1.7976931348623157E309",
            "18446744073709551616", "-9223372036854775809", "9223372036854775807", "0x7fffffff", "NaN",
            "Infinity", "-0", "00000000000000000001", "1" + "0".repeat(400), "0." + "9".repeat(400), "1e", "-",
            "+1", "1_000", "٣", "１２", "4294967296", "65536", "-1", "99999999999999999999.999999");
    static final List<String> TIMES = List.of("2024-01-01T00:00:00Z", "1700000000.123456", "0", "-62135596800",
            "253402300800", "+999999999-12-31T23:59:59Z", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z", "2024-01-01 00:00:00", "01/01/2024 00:00:00", "Dec 31 23:59:60",
            "1e300", "1700000000" + "0".repeat(30), "T", "");
    static final List<String> PUNCTUATION = List.of("\"", "'", "\\", "\\\"", "\\u0000", "\\ud800", "\\x", "\\x0",
            "\\xZZ", "{", "}", "[", "]", ":", ",", "\t", ";", "|", "=", "#", " ", "  ", "\r", "\"\"", ",,,",
            "\\|", "\\=", "%", "%n", "%s", "${jndi:ldap://x}", "<script>", "&#0;", "null", "true", "[]", "{}");

    private Hostile() {
    }

    /** One hostile token. */
    static Arbitrary<String> token() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(CONTROLS)),
                Tuple.of(2, Arbitraries.of(ANSI)),
                Tuple.of(3, Arbitraries.of(INVISIBLE)),
                Tuple.of(2, Arbitraries.of(ODD_CHARS)),
                Tuple.of(3, Arbitraries.of(NUMBERS)),
                Tuple.of(2, Arbitraries.of(TIMES)),
                Tuple.of(4, Arbitraries.of(PUNCTUATION)),
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(3, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24)),
                Tuple.of(1, bigString()));
    }

    /** A long run of one character or a short pattern: up to 64 KiB, sometimes far more. */
    static Arbitrary<String> bigString() {
        Arbitrary<String> unit = Arbitraries.of("A", "\u00e9", "\ud83d\ude00", "\\", "\"", "{", "[", "9", "\u202e", "ab ");
        Arbitrary<Integer> times = Arbitraries.frequencyOf(
                Tuple.of(200, Arbitraries.integers().between(100, 3_000)),
                Tuple.of(10, Arbitraries.integers().between(8_000, 70_000)),
                Tuple.of(1, Arbitraries.integers().between(350_000, 400_000)));
        return Combinators.combine(unit, times).as(String::repeat);
    }

    /** Brackets nested up to thousands deep, closed or not. */
    static Arbitrary<String> nested() {
        return Combinators.combine(Arbitraries.of("[", "{\"a\":", "{\"a\":[", "{\"Records\":["),
                Arbitraries.integers().between(1, 1_500), Arbitraries.of(true, false)).as((open, depth, close) -> {
                    String close1 = open.equals("[") ? "]" : open.equals("{\"a\":") ? "}" : "]}";
                    return open.repeat(depth) + "1" + (close ? close1.repeat(depth) : "");
                });
    }

    /** {@code base} cut short, or with hostile tokens put in, or some of it replaced. */
    static Arbitrary<String> mutated(String base) {
        Arbitrary<String> cut = Arbitraries.integers().between(0, Math.max(0, base.length() - 1)).map(n -> base.substring(0, n));
        Arbitrary<String> inserted = Combinators.combine(
                token().list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, base.length()).list().ofSize(4)).as((tokens, at) -> {
                    StringBuilder s = new StringBuilder(base);
                    for (int i = tokens.size() - 1; i >= 0; i--) {
                        s.insert(Math.min(at.get(i), s.length()), tokens.get(i));
                    }
                    return s.toString();
                });
        Arbitrary<String> replaced = Combinators.combine(token(), Arbitraries.integers().between(0, base.length()),
                Arbitraries.integers().between(0, 40)).as((t, at, len) ->
                        base.substring(0, at) + t + base.substring(Math.min(base.length(), at + len)));
        return Arbitraries.frequencyOf(Tuple.of(2, cut), Tuple.of(3, inserted), Tuple.of(3, replaced),
                Tuple.of(1, Arbitraries.just(base)));
    }

    /** One line of input for a target whose good records look like {@code samples}. */
    static Arbitrary<String> line(List<String> samples) {
        Arbitrary<String> sample = Arbitraries.of(samples);
        return Arbitraries.frequencyOf(
                Tuple.of(8, sample.flatMap(Hostile::mutated)),
                Tuple.of(2, sample),
                Tuple.of(2, token().list().ofMaxSize(8).map(t -> String.join("", t))),
                Tuple.of(1, nested()));
    }

    /** A file of {@code header} lines then {@code lines}, as bytes: line breaks LF or CRLF, some bytes not UTF-8. */
    static Arbitrary<byte[]> file(List<String> header, Arbitrary<String> lines) {
        Arbitrary<List<String>> headerLines = header.isEmpty() ? Arbitraries.just(List.of())
                : Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(header)),
                        Tuple.of(3, Arbitraries.of(header).flatMap(Hostile::mutated).list().ofMaxSize(header.size())
                                .map(h -> concat(header, h))),
                        Tuple.of(1, Arbitraries.just(List.<String>of())));
        return Combinators.combine(headerLines, lines.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of("\n", "\n", "\r\n", "\n\n"), Arbitraries.of(true, false),
                invalidUtf8().injectNull(0.75)).as((h, body, newline, trailing, bad) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    List<String> all = concat(h, body);
                    for (int i = 0; i < all.size(); i++) {
                        byte[] bytes = all.get(i).getBytes(StandardCharsets.UTF_8);
                        if (bad != null && i == h.size() + bad.line() % body.size()) {
                            int at = Math.min(bytes.length, bad.at());
                            out.write(bytes, 0, at);
                            out.writeBytes(bad.bytes());
                            out.write(bytes, at, bytes.length - at);
                        } else {
                            out.writeBytes(bytes);
                        }
                        if (i < all.size() - 1 || trailing) {
                            out.writeBytes(newline.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    return out.toByteArray();
                });
    }

    /** Bytes that no UTF-8 decoder accepts, and where to put them. */
    record Bad(byte[] bytes, int line, int at) {
    }

    static Arbitrary<Bad> invalidUtf8() {
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
                        new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xfe, (byte) 0xff, 0, 0},
                        new byte[] {0x1f, (byte) 0x8b, 8, 0})),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)));
        return Combinators.combine(bytes, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 200)).as(Bad::new);
    }

    /** Raw binary: random bytes, or a gzip header with garbage after it. */
    static Arbitrary<byte[]> binary() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        return Arbitraries.frequencyOf(Tuple.of(3, random),
                Tuple.of(1, random.map(b -> {
                    byte[] out = new byte[b.length + 10];
                    out[0] = 0x1f;
                    out[1] = (byte) 0x8b;
                    out[2] = 8;
                    System.arraycopy(b, 0, out, 10, b.length);
                    return out;
                })));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** True when {@code s} holds a character a log or terminal would act on: see {@code LogEscaper}. */
    static boolean hasUnsafeChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u200e' || c == '\u200f'
                    || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069') {
                return true;
            }
        }
        return false;
    }
}
