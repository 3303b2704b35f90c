package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void shouldListenOnLoopbackWithoutTokensByDefault() {
        ApiSettings settings = ApiSettings.from(SwarmConfig.of(Map.of()));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(settings.token()).isNull();
        assertThat(settings.readToken()).isNull();
        assertThat(settings.decisionsRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.healthApps()).contains("soc-coordinator", "soc-incidents", "soc-analyst");
    }

    @Test
    void shouldReadTokensButNeverPrintThem() {
        ApiSettings settings = ApiSettings.from(SwarmConfig.of(Map.of(ApiSettings.TOKEN, "s3cret-w",
                ApiSettings.READ_TOKEN, "s3cret-r", ApiSettings.ADVERTISED_HOST, "api-1.internal",
                ApiSettings.DECISIONS_RETENTION, "PT1H")));

        assertThat(settings.token()).isEqualTo("s3cret-w");
        assertThat(settings.readToken()).isEqualTo("s3cret-r");
        assertThat(settings.advertisedHost()).isEqualTo("api-1.internal");
        assertThat(settings.decisionsRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> ApiSettings.from(SwarmConfig.of(Map.of(ApiSettings.PORT, "70000"))))
                .isInstanceOf(SwarmConfig.ConfigException.class).hasMessageContaining(ApiSettings.PORT);
        assertThatThrownBy(() -> ApiSettings.from(SwarmConfig.of(Map.of(ApiSettings.TOKEN, "same",
                ApiSettings.READ_TOKEN, "same")))).isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessageContaining(ApiSettings.READ_TOKEN);
        assertThatThrownBy(() -> ApiSettings.from(SwarmConfig.of(Map.of(ApiSettings.DECISIONS_RETENTION, "0"))))
                .isInstanceOf(SwarmConfig.ConfigException.class).hasMessageContaining(ApiSettings.DECISIONS_RETENTION);
    }
}
