package io.socswarm.analyst.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void shouldNeverCommitPastAnInvestigationStillRunning() {
        PartitionProgress p = new PartitionProgress();
        assertThat(p.committable()).as("nothing read").isEqualTo(-1);
        p.read(10);
        p.read(11);
        p.read(12);
        p.done(12);
        p.done(11);
        assertThat(p.committable()).as("10 still running").isEqualTo(10);
        p.done(10);
        assertThat(p.committable()).isEqualTo(13);
        assertThat(p.open()).isZero();
    }
}
