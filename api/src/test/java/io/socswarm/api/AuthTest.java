package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthTest {
    private final Auth auth = new Auth("write-secret", "read-secret");

    @Test
    void shouldLetTheReadWriteTokenMutate() {
        assertThatCode(() -> auth.requireWriter("Bearer write-secret")).doesNotThrowAnyException();
        assertThatCode(() -> auth.requireWriter("bearer write-secret")).doesNotThrowAnyException();
    }

    @Test
    void shouldForbidTheReadOnlyToken() {
        assertThatThrownBy(() -> auth.requireWriter("Bearer read-secret"))
                .isInstanceOfSatisfying(ApiError.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void shouldRefuseMissingMalformedAndUnknownTokens() {
        for (String header : new String[] {null, "", "write-secret", "Basic d3JpdGU=", "Bearer nope", "Bearer write-secretX"}) {
            assertThatThrownBy(() -> auth.requireWriter(header)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ApiError.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void shouldRefuseEveryMutationWhenNoTokenIsConfigured() {
        Auth none = new Auth(null, null);
        assertThatThrownBy(() -> none.requireWriter("Bearer anything"))
                .isInstanceOfSatisfying(ApiError.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(401));
    }
}
