package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditHashTest {
    private static final Instant AT = Instant.parse("2024-05-01T12:00:00.123456789Z");
    private static final AuditEntry APPROVAL = new AuditEntry("alice", "action.approved", "INC-1/BLOCK_IP/203.0.113.9",
            "confirmed scanner", Map.of("from", "PROPOSED", "to", "APPROVED"), AT);

    @Test
    void shouldHashTheCanonicalSerialisationWithSha256InHex() {
        // Computed outside Java from the documented recipe: a change of recipe must change the version tag.
        assertThat(AuditHash.of(APPROVAL)).isEqualTo("bc389856b56e1176daf00d9fc393952a3e4ad0af8b58da52136009ecf0467eea");
        assertThat(APPROVAL.chainedAfter(null).hash()).isEqualTo(AuditHash.of(APPROVAL));
    }

    @Test
    void shouldLinkAnEntryToTheHashBeforeIt() {
        AuditEntry first = APPROVAL.chainedAfter(null);
        AuditEntry second = APPROVAL.chainedAfter(first.hash());

        assertThat(first.previousHash()).isNull();
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(second.hash()).hasSize(64).isNotEqualTo(first.hash());
        assertThat(AuditHash.matches(first)).isTrue();
        assertThat(AuditHash.matches(second)).isTrue();
        assertThat(second.unchained()).isEqualTo(APPROVAL);
        assertThat(second.chained()).isTrue();
        assertThat(APPROVAL.chained()).isFalse();
        assertThat(AuditHash.matches(APPROVAL)).isFalse();
    }

    @Test
    void shouldChangeTheHashWhenAnyFieldChanges() {
        String hash = AuditHash.of(APPROVAL);
        Map<String, String> otherDetails = new LinkedHashMap<>(APPROVAL.details());
        otherDetails.put("to", "REJECTED");
        List<AuditEntry> altered = List.of(
                new AuditEntry("mallory", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(), APPROVAL.details(), AT),
                new AuditEntry("alice", "action.rejected", APPROVAL.subject(), APPROVAL.reason(), APPROVAL.details(), AT),
                new AuditEntry("alice", APPROVAL.act(), "INC-2", APPROVAL.reason(), APPROVAL.details(), AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), "confirmed scanner.", APPROVAL.details(), AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), null, APPROVAL.details(), AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), "", APPROVAL.details(), AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(), otherDetails, AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(), Map.of(), AT),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(), APPROVAL.details(),
                        AT.plusNanos(1)),
                new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(), APPROVAL.details(), AT,
                        "00", null));

        assertThat(altered).extracting(AuditHash::of).doesNotContain(hash).doesNotHaveDuplicates();
    }

    @Test
    void shouldNotLetTextMoveBetweenFields() {
        AuditEntry ab = new AuditEntry("a", "bc", "s", null, Map.of("k", "v1"), AT);
        AuditEntry ba = new AuditEntry("ab", "c", "s", null, Map.of("k", "v1"), AT);
        AuditEntry keyValue = new AuditEntry("a", "bc", "s", null, Map.of("kv", "1"), AT);

        assertThat(AuditHash.of(ab)).isNotEqualTo(AuditHash.of(ba)).isNotEqualTo(AuditHash.of(keyValue));
    }

    @Test
    void shouldIgnoreTheOrderDetailsWereWrittenIn() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("to", "APPROVED");
        reversed.put("from", "PROPOSED");

        assertThat(AuditHash.of(new AuditEntry("alice", APPROVAL.act(), APPROVAL.subject(), APPROVAL.reason(),
                reversed, AT))).isEqualTo(AuditHash.of(APPROVAL));
    }

    @Test
    void shouldStillMatchAfterTheTopicsJsonAndWriteNoLinksForAnUnchainedEntry() {
        AuditEntry chained = APPROVAL.chainedAfter("ab".repeat(32));

        String json = Topics.AUDIT_SERDE.toJson(chained);
        AuditEntry read = Topics.AUDIT_SERDE.deserialize("audit", Topics.AUDIT_SERDE.serialize("audit", chained));

        assertThat(json).contains("\"previousHash\":\"" + "ab".repeat(32) + "\"", "\"hash\":\"" + chained.hash() + "\"")
                .doesNotContain("chained");
        assertThat(read).isEqualTo(chained);
        assertThat(AuditHash.matches(read)).isTrue();
        assertThat(Topics.AUDIT_SERDE.toJson(APPROVAL)).doesNotContain("hash", "previousHash");
        // An entry from before chaining began reads as it always did.
        assertThat(Topics.AUDIT_SERDE.deserialize("audit", Topics.AUDIT_SERDE.serialize("audit", APPROVAL)))
                .isEqualTo(APPROVAL);
    }
}
