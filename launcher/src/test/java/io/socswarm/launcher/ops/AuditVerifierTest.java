package io.socswarm.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.launcher.ops.AuditVerifier.Break;
import io.socswarm.launcher.ops.AuditVerifier.PartitionReport;
import io.socswarm.launcher.ops.AuditVerifier.Position;
import io.socswarm.launcher.ops.AuditVerifier.Problem;
import io.socswarm.launcher.ops.AuditVerifier.Report;
import io.socswarm.model.AuditEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private static AuditEntry entry(int i) {
        return new AuditEntry(i % 2 == 0 ? "alice" : "policy:default", "action.approved", "A-" + i, "reason " + i,
                Map.of("to", "APPROVED"), T0.plusSeconds(i));
    }

    /** {@code legacy} unchained entries, then {@code count} chained ones, on partition 0 from offset 0, with gaps as transactions leave. */
    private static List<Position> partition(int legacy, int count) {
        List<Position> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < legacy; i++) {
            out.add(new Position(0, offset, entry(100 + i), null));
            offset += 2;
        }
        String previous = null;
        for (int i = 0; i < count; i++) {
            AuditEntry chained = entry(i).chainedAfter(previous);
            previous = chained.hash();
            out.add(new Position(0, offset, chained, null));
            offset += 2;
        }
        return out;
    }

    private static Report verify(List<Position> positions) {
        return AuditVerifier.verify(List.of(0), positions);
    }

    private static Break onlyBreak(Report report) {
        assertThat(report.intact()).isFalse();
        return report.firstBreak().orElseThrow();
    }

    private static Position replace(Position p, AuditEntry entry) {
        return new Position(p.partition(), p.offset(), entry, null);
    }

    @Test
    void shouldFindAnIntactChainAndCountEveryPartitionAlsoEmptyOnes() {
        List<Position> positions = new ArrayList<>(partition(0, 4));
        positions.add(new Position(2, 0, entry(9).chainedAfter(null), null));

        Report report = AuditVerifier.verify(List.of(0, 1, 2), positions);

        assertThat(report.intact()).isTrue();
        assertThat(report.partitions()).containsExactly(new PartitionReport(0, 4, 0, 4, null),
                new PartitionReport(1, 0, 0, 0, null), new PartitionReport(2, 1, 0, 1, null));
    }

    @Test
    void shouldCountEntriesFromBeforeChainingBeganWithoutCallingThemBroken() {
        Report report = verify(partition(3, 2));

        assertThat(report.intact()).isTrue();
        assertThat(report.partitions()).containsExactly(new PartitionReport(0, 5, 3, 2, null));
    }

    @Test
    void shouldFindAnAlteredFieldAtItsOffset() {
        List<Position> positions = new ArrayList<>(partition(1, 5));
        Position third = positions.get(3);
        AuditEntry e = third.entry();
        positions.set(3, replace(third, new AuditEntry(e.principal(), e.act(), e.subject(), "nothing to see",
                e.details(), e.at(), e.previousHash(), e.hash())));

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(third.offset());
        assertThat(b.problem()).isEqualTo(Problem.ALTERED_CONTENT);
        assertThat(b.detail()).contains(e.hash(), "changed after it was chained");
        assertThat(b.entry().reason()).isEqualTo("nothing to see");
    }

    @Test
    void shouldFindAnAlteredHashWhoseContentIsUntouched() {
        List<Position> positions = new ArrayList<>(partition(0, 3));
        AuditEntry e = positions.get(1).entry();
        positions.set(1, replace(positions.get(1), new AuditEntry(e.principal(), e.act(), e.subject(), e.reason(),
                e.details(), e.at(), e.previousHash(), "0".repeat(64))));

        assertThat(onlyBreak(verify(positions))).extracting(Break::offset, Break::problem)
                .containsExactly(positions.get(1).offset(), Problem.ALTERED_CONTENT);
    }

    @Test
    void shouldFindARemovedEntryAtTheEntryAfterIt() {
        List<Position> positions = new ArrayList<>(partition(0, 5));
        Position removed = positions.remove(2);

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(removed.offset() + 2);
        assertThat(b.problem()).isEqualTo(Problem.MISSING_PREDECESSOR);
        assertThat(b.detail()).contains(removed.entry().hash(), "predecessor was removed");
    }

    @Test
    void shouldFindTheRemovalOfTheFirstEntries() {
        List<Position> positions = new ArrayList<>(partition(0, 4));
        positions.remove(0);

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(2);
        assertThat(b.problem()).isEqualTo(Problem.MISSING_PREDECESSOR);
        assertThat(b.detail()).contains("entries before it were removed");
    }

    @Test
    void shouldFindAnUnchainedEntryInsertedAfterChainingBegan() {
        List<Position> positions = new ArrayList<>(partition(2, 3));
        positions.add(3, new Position(0, 5, entry(50), null));

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(5);
        assertThat(b.problem()).isEqualTo(Problem.UNCHAINED_AFTER_START);
        assertThat(b.detail()).contains("chaining began at offset 4");
    }

    @Test
    void shouldFindAnInsertedEntryWithAValidHashByTheEntryThatLinksPastIt() {
        List<Position> positions = new ArrayList<>(partition(0, 4));
        // A forger who knows the recipe links a valid entry to the head; the chain step, which never saw
        // it, links its next entry to the real head.
        AuditEntry forged = entry(77).chainedAfter(positions.get(1).entry().hash());
        positions.add(2, new Position(0, 3, forged, null));

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(4);
        assertThat(b.problem()).isEqualTo(Problem.LINKS_PAST_ENTRIES);
        assertThat(b.detail()).contains("hash of the entry at offset 2", "the entry at offset 3 was not written by"
                + " the chain step");
    }

    @Test
    void shouldFindAChainThatStartsAgain() {
        List<Position> positions = new ArrayList<>(partition(0, 2));
        positions.add(new Position(0, 10, entry(5).chainedAfter(null), null));

        Break b = onlyBreak(verify(positions));

        assertThat(b.offset()).isEqualTo(10);
        assertThat(b.problem()).isEqualTo(Problem.MISSING_PREDECESSOR);
        assertThat(b.detail()).contains("starts a new chain");
    }

    @Test
    void shouldFindRecordsThatAreNoEntryAndReportOnlyTheFirstBreakOfAPartition() {
        List<Position> positions = new ArrayList<>(partition(0, 3));
        positions.add(1, new Position(0, 1, null, "Cannot read AuditEntry"));
        positions.add(new Position(0, 9, null, null));

        Report report = verify(positions);

        Break b = onlyBreak(report);
        assertThat(b.offset()).isEqualTo(1);
        assertThat(b.problem()).isEqualTo(Problem.NOT_AN_ENTRY);
        assertThat(b.detail()).contains("Cannot read AuditEntry");
        assertThat(report.partitions().get(0).entries()).isEqualTo(5);
        assertThat(report.partitions().get(0).chained()).isEqualTo(3);
    }

    @Test
    void shouldPrintCountsPerPartitionAndEscapeForgedText() {
        List<Position> broken = new ArrayList<>(partition(1, 2));
        AuditEntry e = broken.get(2).entry();
        broken.set(2, replace(broken.get(2), new AuditEntry("mallory\u001b[2J", e.act(), e.subject(), "ok\nfake line",
                e.details(), e.at(), e.previousHash(), e.hash())));
        List<Position> positions = new ArrayList<>(broken);
        positions.add(new Position(1, 0, entry(1).chainedAfter(null), null));
        StringWriter text = new StringWriter();

        AuditVerifyCommand.print(new PrintWriter(text), "audit", AuditVerifier.verify(List.of(0, 1), positions));

        assertThat(text.toString().lines()).containsExactly(
                "audit-0: 3 entries (1 unchained (before chaining began), 2 chained): BROKEN at offset 4",
                "  altered content: the entry's hash " + e.hash() + " is not the hash of its content and previousHash ("
                        + io.socswarm.model.AuditHash.of(broken.get(2).entry()) + "): it was changed after it was"
                        + " chained, or forged",
                "  entry: 2026-01-05 08:00:01Z mallory\\u001b[2J action.approved A-1 reason: ok\\nfake line",
                "audit-1: 1 entry (1 chained): chain intact",
                "The audit trail is broken in 1 of 2 partitions; first broken link: partition 0, offset 4 (altered"
                        + " content).");
    }

    @Test
    void shouldPrintChainIntact() {
        StringWriter text = new StringWriter();

        AuditVerifyCommand.print(new PrintWriter(text), "audit", verify(partition(0, 2)));

        assertThat(text.toString().lines()).containsExactly("audit-0: 2 entries (2 chained): chain intact",
                "Chain intact: 2 entries in 1 partition of audit.");
    }
}
