package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SightingTest {

    @Test
    void shouldGiveTheStagesOfOneAttackOneCampaignKey() {
        assertThat(Sighting.campaignKey("external_login_failure", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("password_spray", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("account_brute_force", "10.0.0.5"))
                .isEqualTo("credential_guessing|10.0.0.5");
        assertThat(Sighting.campaignKey("unsolicited_inbound", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("port_scan", "10.0.0.5"))
                .isEqualTo(Sighting.campaignKey("bad_source", "10.0.0.5"))
                .isEqualTo("reconnaissance|10.0.0.5");
        assertThat(Sighting.campaignKey("beaconing", "203.0.113.9")).isEqualTo("beaconing|203.0.113.9");
        assertThat(Sighting.campaignKey("port_scan", "10.0.0.5")).isNotEqualTo(Sighting.campaignKey("port_scan", "10.0.0.6"));
    }
}
