package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ProgressClaimsTest {
    private static final Instant AT = Instant.parse("2026-01-05T08:00:00Z");

    private static AgentProgress marker(int partition, long offset, int sender, int senders) {
        return new AgentProgress("identity", partition, offset, sender, senders, AT);
    }

    @Test
    void shouldClaimAnOffsetOnlyWhenEveryWriterHasPassedIt() {
        ProgressClaims claims = new ProgressClaims();

        assertThat(claims.record(marker(2, 40, 0, 3))).isEqualTo(-1);
        assertThat(claims.record(marker(2, 35, 2, 3))).isEqualTo(-1);
        assertThat(claims.passed(2, 0)).isFalse();

        assertThat(claims.record(marker(2, 30, 1, 3))).isEqualTo(30);
        assertThat(claims.passed(2, 30)).isTrue();
        assertThat(claims.passed(2, 31)).isFalse();
        assertThat(claims.passed(1, 0)).isFalse();

        // A repeated or older marker changes nothing; the slowest writer moving on moves the claim.
        assertThat(claims.record(marker(2, 30, 1, 3))).isEqualTo(-1);
        assertThat(claims.record(marker(2, 50, 1, 3))).isEqualTo(35);
        assertThat(claims.claim(2)).isEqualTo(35);
    }

    @Test
    void shouldTakeOneWriterPerPartitionAtItsWord() {
        ProgressClaims claims = new ProgressClaims();
        assertThat(claims.record(marker(0, 7, 0, 1))).isEqualTo(7);
        assertThat(claims.passed(0, 7)).isTrue();
    }

    @Test
    void shouldTellMarkersFromVotesByTheirHeaderOnTheWayThroughTheTopic() {
        BallotSerde serde = new BallotSerde();
        RecordHeaders headers = new RecordHeaders();
        AgentProgress marker = marker(1, 9, 0, 1);
        byte[] bytes = serde.serialize("votes", headers, marker);
        assertThat(serde.deserialize("votes", headers, bytes)).isEqualTo(marker);

        Vote vote = new Vote("e1", "network", Verdict.SAFE, 0.5, java.util.List.of("ok"), java.util.Map.of(), AT);
        RecordHeaders none = new RecordHeaders();
        assertThat(serde.deserialize("votes", none, serde.serialize("votes", none, vote))).isEqualTo(vote);
        assertThat(none.lastHeader(BallotSerde.KIND_HEADER)).isNull();
    }
}
