package io.socswarm.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash that links {@link AuditEntry}s into a chain: SHA-256, in lower-case hex, over a canonical
 * serialisation of the entry's content and the hash of the entry before it. The serialisation is our
 * own, not the JSON on the topic, so that no change of Jackson settings, field order or whitespace
 * can change a hash: a version tag, then principal, act, subject, reason, the details sorted by key,
 * the instant as seconds and nanoseconds, and the previous hash. Each text is its UTF-8 length and
 * bytes (length -1 for null), so that no two different entries serialise alike ({@code "a","bc"} and
 * {@code "ab","c"} differ). Changing the serialisation needs a new version tag, never an edit of this one.
 */
public final class AuditHash {
    /** The first field of the serialisation: which recipe the hash follows. */
    public static final String VERSION = "socswarm-audit-v1";

    private AuditHash() {
    }

    /** The hash {@code entry} should carry: over its content and its {@code previousHash}, ignoring its own {@code hash}. */
    public static String of(AuditEntry entry) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(entry)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code entry} carries a hash and it is the one its content and previous hash give. */
    public static boolean matches(AuditEntry entry) {
        return entry.hash() != null && MessageDigest.isEqual(
                entry.hash().getBytes(StandardCharsets.UTF_8), of(entry).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] canonical(AuditEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, VERSION);
            text(out, entry.principal());
            text(out, entry.act());
            text(out, entry.subject());
            text(out, entry.reason());
            Map<String, String> details = new TreeMap<>(entry.details());
            out.writeInt(details.size());
            for (Map.Entry<String, String> d : details.entrySet()) {
                text(out, d.getKey());
                text(out, d.getValue());
            }
            out.writeLong(entry.at().getEpochSecond());
            out.writeInt(entry.at().getNano());
            text(out, entry.previousHash());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
