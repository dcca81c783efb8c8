package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RpcStatusTest {

    @Test
    void parsesProtobufDurations() {
        assertThat(RpcStatus.parseDuration("26s")).contains(Duration.ofSeconds(26));
        assertThat(RpcStatus.parseDuration("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(RpcStatus.parseDuration("0.000000001s")).contains(Duration.ofNanos(1));
        assertThat(RpcStatus.parseDuration("26")).isEmpty();
        assertThat(RpcStatus.parseDuration("-3s")).isEmpty();
        assertThat(RpcStatus.parseDuration("soon")).isEmpty();
    }

    @Test
    void readsAnErrorWrappedInAnArrayAsTheStreamingEndpointSendsIt() {
        RpcStatus status = RpcStatus.parse(("[" + GeminiBodies.OVERLOADED + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(status.status()).isEqualTo("UNAVAILABLE");
        assertThat(status.message()).isEqualTo("The model is overloaded. Please try again later.");
    }

    @Test
    void jsonThatIsNotAGoogleErrorIsQuotedAsAnExcerpt() {
        RpcStatus status = RpcStatus.parse("{\"oops\":true}".getBytes(StandardCharsets.UTF_8));

        assertThat(status.status()).isNull();
        assertThat(status.message()).isEqualTo("unexpected body: {\"oops\":true}");
    }

    @Test
    void ignoresARetryDelayItCannotRead() {
        String body = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":{\"seconds\":3}}]}}";

        RpcStatus status = RpcStatus.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(status.retryDelay()).isNull();
        assertThat(status.message()).isEmpty();
    }

    @Test
    void cutsLongMessages() {
        assertThat(RpcStatus.shorten("x".repeat(1000))).hasSize(RpcStatus.MAX_MESSAGE_CHARS + 1).endsWith("…");
    }
}
