package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiClientConfigTest {

    private final GeminiClientConfig defaults = GeminiClientConfig.defaults();

    @Test
    void defaultsPointAtGoogleWithoutAKey() {
        assertThat(defaults.baseUrl()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(defaults.apiKey()).isNull();
        assertThat(defaults.readTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBaseUrl("ftp://example.com"));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBaseUrl("localhost:8080"));
    }

    @Test
    void rejectsABaseUrlWithAQueryWithoutEchoingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withBaseUrl("https://generativelanguage.googleapis.com/?key=AIzaSecret"))
                .withMessageNotContaining("AIzaSecret");
    }

    @Test
    void rejectsABlankKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withApiKey(" "));
    }

    @Test
    void rejectsTimeoutsThatAreNotPositiveOrACallTimeoutShorterThanTheReadTimeout() {
        Duration second = Duration.ofSeconds(1);
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTimeouts(Duration.ZERO, second, second));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTimeouts(second, second.negated(), second));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withTimeouts(second, Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }
}
