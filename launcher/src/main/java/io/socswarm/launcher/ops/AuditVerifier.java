package io.socswarm.launcher.ops;

import io.socswarm.model.AuditEntry;
import io.socswarm.model.AuditHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the hash chains of {@code audit}, one per partition, as the incident app's chain step
 * writes them: each chained entry's {@code hash} must be the one its content and
 * {@code previousHash} give ({@link AuditHash}), and its {@code previousHash} the hash of the
 * chained entry just before it in the partition (null for the first). Entries without a hash before
 * the first chained one were written before chaining began and are counted, not judged; after it,
 * every record must be a chained entry. Reports, per partition, the first link that fails.
 *
 * <p>What a chain can show: an entry altered (its hash no longer fits), removed (the next one links
 * to a hash no entry before it has), or inserted (an entry without a valid link, or one that the
 * next entry written by the chain step links past). What it cannot show alone: entries forged with
 * valid hashes after the last real one, until the chain step appends its next entry after them.
 */
final class AuditVerifier {

    /** What is wrong with a link. */
    enum Problem {
        ALTERED_CONTENT("altered content"),
        MISSING_PREDECESSOR("missing predecessor"),
        LINKS_PAST_ENTRIES("hash mismatch: links past the entries before it"),
        UNCHAINED_AFTER_START("unchained entry after chaining began"),
        NOT_AN_ENTRY("not an audit entry");

        final String text;

        Problem(String text) {
            this.text = text;
        }
    }

    /** One record of a partition as read: an entry, or null for a tombstone or an unreadable record. */
    record Position(int partition, long offset, AuditEntry entry, String unreadable) {
    }

    /** The first broken link of a partition; {@code entry} is null when the record was no entry. */
    record Break(int partition, long offset, Problem problem, String detail, AuditEntry entry) {
    }

    /**
     * @param entries   every record of the partition
     * @param unchained entries without a hash before the first chained one (written before chaining began)
     * @param chained   entries with a hash
     * @param broken    the first broken link, or null when the chain is intact
     */
    record PartitionReport(int partition, long entries, long unchained, long chained, Break broken) {
        boolean intact() {
            return broken == null;
        }
    }

    record Report(List<PartitionReport> partitions) {
        boolean intact() {
            return partitions.stream().allMatch(PartitionReport::intact);
        }

        /** The first broken link, by partition. */
        Optional<Break> firstBreak() {
            return partitions.stream().filter(p -> !p.intact()).map(PartitionReport::broken).findFirst();
        }

        long entries() {
            return partitions.stream().mapToLong(PartitionReport::entries).sum();
        }
    }

    private AuditVerifier() {
    }

    /** Checks each of {@code partitions} (those with no record too) over {@code positions}, in any order. */
    static Report verify(List<Integer> partitions, List<Position> positions) {
        Map<Integer, List<Position>> byPartition = new TreeMap<>();
        partitions.forEach(p -> byPartition.put(p, new ArrayList<>()));
        positions.forEach(p -> byPartition.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p));
        List<PartitionReport> reports = new ArrayList<>();
        byPartition.forEach((partition, records) -> {
            records.sort(Comparator.comparingLong(Position::offset));
            reports.add(verifyPartition(partition, records));
        });
        return new Report(reports);
    }

    private static PartitionReport verifyPartition(int partition, List<Position> records) {
        long unchained = 0;
        long chained = 0;
        Break broken = null;
        // The chain so far: the last link, and where each hash of the partition was, to name what a link skips.
        Position head = null;
        Map<String, Long> offsetOfHash = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Position at = records.get(i);
            AuditEntry e = at.entry();
            if (e != null && e.chained()) {
                chained++;
            } else if (e != null && head == null && broken == null) {
                unchained++;
            }
            if (broken != null) {
                continue;
            }
            if (e == null) {
                broken = at(at, Problem.NOT_AN_ENTRY, at.unreadable() != null
                        ? "the record cannot be read as an audit entry (" + at.unreadable() + ")"
                        : "the record has no value (a tombstone); audit entries are never deleted");
            } else if (!e.chained()) {
                if (head != null) {
                    broken = at(at, Problem.UNCHAINED_AFTER_START, "the entry has no hash, but chaining began at offset "
                            + firstChained(records) + ": it was written to audit around the chain step");
                }
            } else if (!AuditHash.matches(e)) {
                broken = at(at, Problem.ALTERED_CONTENT, "the entry's hash " + e.hash() + " is not the hash of its"
                        + " content and previousHash (" + AuditHash.of(e) + "): it was changed after it was chained,"
                        + " or forged");
            } else if (head == null && e.previousHash() != null) {
                broken = at(at, Problem.MISSING_PREDECESSOR, "the first chained entry of the partition links to "
                        + e.previousHash() + ", which no entry before it has: the entries before it were removed");
            } else if (head != null && !Objects.equals(e.previousHash(), head.entry().hash())) {
                broken = linkMismatch(at, head, offsetOfHash, records, i);
            }
            if (broken == null && e.chained()) {
                head = at;
                offsetOfHash.putIfAbsent(e.hash(), at.offset());
            }
        }
        return new PartitionReport(partition, records.size(), unchained, chained, broken);
    }

    private static Break linkMismatch(Position at, Position head, Map<String, Long> offsetOfHash, List<Position> records,
            int index) {
        AuditEntry e = at.entry();
        if (e.previousHash() == null) {
            return at(at, Problem.MISSING_PREDECESSOR, "the entry starts a new chain (no previousHash) after the"
                    + " chained entry at offset " + head.offset() + ": the chain's state was lost, or the entry forged");
        }
        Long linked = offsetOfHash.get(e.previousHash());
        if (linked == null) {
            return at(at, Problem.MISSING_PREDECESSOR, "previousHash " + e.previousHash() + " is the hash of no entry"
                    + " before it; the entry before it (offset " + head.offset() + ") has " + head.entry().hash()
                    + ": its predecessor was removed");
        }
        long firstSkipped = records.stream().mapToLong(Position::offset).filter(o -> o > linked).min().orElseThrow();
        long lastSkipped = records.get(index - 1).offset();
        String skipped = firstSkipped == lastSkipped ? "the entry at offset " + firstSkipped + " was"
                : "the entries at offsets " + firstSkipped + " to " + lastSkipped + " were";
        return at(at, Problem.LINKS_PAST_ENTRIES, "previousHash is the hash of the entry at offset " + linked
                + ", not of the entry just before it: " + skipped + " not written by the chain step (inserted),"
                + " or this entry was copied from elsewhere");
    }

    private static long firstChained(List<Position> records) {
        return records.stream().filter(p -> p.entry() != null && p.entry().chained()).mapToLong(Position::offset)
                .min().orElseThrow();
    }

    private static Break at(Position at, Problem problem, String detail) {
        return new Break(at.partition(), at.offset(), problem, detail, at.entry());
    }
}
