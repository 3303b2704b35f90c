package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CampaignStateTest {
    private static final long WINDOW = 60_000;

    @Test
    void shouldBecomeACampaignAtTheThresholdAndStayOneWhileDecisionsKeepComing() {
        CampaignState s = CampaignState.EMPTY;
        CampaignState.Step step = s.see("ip:a", 0, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
        step = step.state().see("ip:b", 10_000, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
        step = step.state().see("ip:c", 20_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();
        // This sighting made it: the suspects before it are the ones to tell.
        assertThat(step.formed()).isTrue();
        assertThat(step.state().alone()).containsExactlyInAnyOrder("ip:a", "ip:b");
        // The same one source alone, within the window of the last: still the campaign, not made again.
        step = step.state().see("ip:c", 70_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();
        assertThat(step.formed()).isFalse();
        step = step.state().see("ip:c", 125_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();
        // Quiet for longer than the window: over.
        step = step.state().see("ip:c", 190_000, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
    }

    @Test
    void shouldNotCountSuspectsOutsideTheWindowAndStayBounded() {
        CampaignState.Step step = CampaignState.EMPTY.see("ip:a", 0, WINDOW, 3);
        step = step.state().see("ip:b", 10_000, WINDOW, 3);
        step = step.state().see("ip:c", 65_000, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
        assertThat(step.state().suspects()).containsOnlyKeys("ip:b", "ip:c");
        for (int i = 0; i < 100; i++) {
            step = step.state().see("ip:x" + i, 80_000 + i, WINDOW, 3);
        }
        assertThat(step.state().suspects()).hasSize(CampaignState.bound(3));
    }

    @Test
    void shouldLeaveTheSuspectsSeenBeforeTheCampaignInTheirOwnIncidents() {
        CampaignState.Step step = CampaignState.EMPTY.see("ip:a", 0, WINDOW, 3);
        step = step.state().see("ip:b", 10_000, WINDOW, 3);
        step = step.state().see("ip:c", 20_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();

        // a and b were already being worked on their own: their runs stay whole there.
        step = step.state().see("ip:a", 25_000, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
        step = step.state().see("ip:d", 30_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();
        step = step.state().see("ip:b", 35_000, WINDOW, 3);
        assertThat(step.campaign()).isFalse();
        assertThat(step.state().alone()).containsExactlyInAnyOrder("ip:a", "ip:b");
        // Once a loner has left the window it is forgotten, and joins the campaign when it comes back.
        step = step.state().see("ip:d", 90_000, WINDOW, 3);
        step = step.state().see("ip:a", 100_000, WINDOW, 3);
        assertThat(step.campaign()).isTrue();
    }

    @Test
    void shouldBeForgottenByTheLaterOfItsOwnTimeAndTheStreamTimeWhenItWasSeen() {
        // A target of a recording three years old, seen while stream time stands at today.
        long today = 3L * 365 * 24 * 3_600_000;
        CampaignState old = CampaignState.EMPTY.see("ip:a", 0, WINDOW, 3).state().seenAt(today);
        assertThat(old.staleAt(today + WINDOW, WINDOW)).isFalse();
        assertThat(old.staleAt(today + WINDOW + 1, WINDOW)).isTrue();
        // State an earlier version stored has no stream time: its own time alone, as before.
        CampaignState stored = io.socswarm.model.JsonSerde.compact(CampaignState.class).parse("""
                {"suspects":{"ip:a":0},"latestMs":0,"activeUntilMs":-9223372036854775808,"alone":["ip:a"]}""");
        assertThat(stored.clockMs()).isZero();
        assertThat(stored.staleAt(WINDOW + 1, WINDOW)).isTrue();
    }
}
