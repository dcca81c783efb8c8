package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.personaengine.gemini.GeminiException.Kind;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerationConfig;
import java.io.InterruptedIOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiClientErrorTest {

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;

    private GeminiException failureFor(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
        return failure();
    }

    private GeminiException failure() {
        client = new GeminiClient(GeminiClientConfig.defaults()
                .withBaseUrl(server.url("/").toString())
                .withApiKey("test-key")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5)));
        GenerateContentRequest request = GenerateContentRequest.of("persona", "topic", GenerationConfig.EMPTY);
        return catchThrowableOfType(GeminiException.class, () -> client.generateContent("gemini-3.8-flash", request));
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void a429WithRetryInfoIsRateLimitedWithTheServersDelay() {
        GeminiException e = failureFor(429, GeminiBodies.RATE_LIMITED_PER_MINUTE);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.status()).contains("RESOURCE_EXHAUSTED");
        assertThat(e.retryDelay()).contains(Duration.ofSeconds(26));
        assertThat(e.dailyQuota()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 429 RESOURCE_EXHAUSTED", "You exceeded your current quota");
    }

    @Test
    void a429OnAPerDayQuotaSaysTheDailyQuotaIsSpent() {
        GeminiException e = failureFor(429, GeminiBodies.RATE_LIMITED_PER_DAY);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.dailyQuota()).isTrue();
        assertThat(e.retryDelay()).contains(Duration.ofMillis(1500));
        assertThat(e.getMessage()).contains("daily quota");
    }

    @Test
    void a429WithoutDetailsIsRateLimitedWithoutADelay() {
        GeminiException e = failureFor(429, GeminiBodies.RATE_LIMITED_NO_DETAILS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryDelay()).isEmpty();
        assertThat(e.dailyQuota()).isFalse();
        assertThat(e.getMessage()).contains("Resource has been exhausted");
    }

    @Test
    void theOlderErrorInfoShapeOfA429IsUnderstood() {
        GeminiException e = failureFor(429, GeminiBodies.RATE_LIMITED_OLD_ERROR_INFO);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.reason()).contains("RATE_LIMIT_EXCEEDED");
        assertThat(e.dailyQuota()).isTrue();
    }

    @Test
    void anOverloadedModelIsARetryableServerError() {
        GeminiException e = failureFor(503, GeminiBodies.OVERLOADED);

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).contains("UNAVAILABLE");
        assertThat(e.getMessage()).contains("The model is overloaded");
    }

    @Test
    void anInternalErrorIsARetryableServerError() {
        GeminiException e = failureFor(500, GeminiBodies.INTERNAL);

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.status()).contains("INTERNAL");
    }

    @Test
    void aDeadlineExceededIsARetryableServerError() {
        GeminiException e = failureFor(504,
                "{\"error\":{\"code\":504,\"message\":\"Deadline expired\",\"status\":\"DEADLINE_EXCEEDED\"}}");

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.status()).contains("DEADLINE_EXCEEDED");
    }

    @Test
    void anInvalidArgumentIsAClientErrorThatIsNotRetried() {
        GeminiException e = failureFor(400, GeminiBodies.INVALID_ARGUMENT);

        assertThat(e.kind()).isEqualTo(Kind.CLIENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).contains("INVALID_ARGUMENT");
        assertThat(e.getMessage()).contains("Unknown name \"foo\"");
    }

    @Test
    void aBadKeyIsAClientErrorNamingTheReason() {
        GeminiException e = failureFor(400, GeminiBodies.API_KEY_INVALID);

        assertThat(e.kind()).isEqualTo(Kind.CLIENT);
        assertThat(e.reason()).contains("API_KEY_INVALID");
        assertThat(e.getMessage()).contains("(API_KEY_INVALID)");
    }

    @ParameterizedTest
    @CsvSource({"403, PERMISSION_DENIED", "404, NOT_FOUND"})
    void permissionAndUnknownModelAreClientErrors(int code, String status) {
        String body = code == 403 ? GeminiBodies.PERMISSION_DENIED : GeminiBodies.NOT_FOUND;

        GeminiException e = failureFor(code, body);

        assertThat(e.kind()).isEqualTo(Kind.CLIENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.httpStatus()).isEqualTo(code);
        assertThat(e.status()).contains(status);
    }

    @Test
    void anHtmlPageFromAProxyGivesAShortReadableMessage() {
        GeminiException e = failureFor(502, GeminiBodies.BAD_GATEWAY_HTML);

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.status()).isEmpty();
        assertThat(e.getMessage())
                .contains("HTTP 502", "502 Bad Gateway", "nginx")
                .doesNotContain("<html>", "\r", "\n")
                .hasSizeLessThan(300);
    }

    @Test
    void anEmptyErrorBodyStillGivesAMessage() {
        GeminiException e = failureFor(503, "");

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.getMessage()).contains("HTTP 503", "(empty body)");
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyNeverLeavesForAnotherHost() {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "http://example.invalid/").build());

        GeminiException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.CLIENT);
        assertThat(e.httpStatus()).isEqualTo(302);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void malformedJsonOnA200IsATransportError() {
        GeminiException e = failureFor(200, "{\"candidates\": [ {\"content\": ");

        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.getMessage()).contains("unreadable response body", "{\"candidates\"");
    }

    @Test
    void aBlockedPromptIsBlockedAndKeepsItsUsage() {
        GeminiException e = failureFor(200, GeminiBodies.BLOCKED_PROMPT);

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("prompt blocked", "PROHIBITED_CONTENT");
        assertThat(e.response()).hasValueSatisfying(response -> {
            assertThat(response.usage().promptTokenCount()).isEqualTo(13);
            assertThat(response.modelVersion()).isEqualTo("gemini-3.8-flash");
        });
    }

    @Test
    void aCandidateStoppedForSafetyIsBlockedNamingTheCategory() {
        GeminiException e = failureFor(200, GeminiBodies.BLOCKED_ANSWER);

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("answer blocked", "SAFETY", "HARM_CATEGORY_HARASSMENT")
                .doesNotContain("HATE_SPEECH");
        assertThat(e.response()).map(r -> r.usage().promptTokenCount()).contains(40);
    }

    @Test
    void aStalledServerIsATransportErrorAfterTheReadTimeout() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

        GeminiException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
        assertThat(e.getMessage()).startsWith("Gemini gemini-3.8-flash: ").contains("Timeout");
    }

    @Test
    void aDroppedConnectionIsATransportError() {
        server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.ShutdownConnection.INSTANCE).build());

        GeminiException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aPooledConnectionDroppedAfterTheRequestIsNotResentBehindTheCallersBack() {
        server.enqueue(new MockResponse.Builder().code(200).body(GeminiBodies.TEXT_ANSWER).build());
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().code(200).body(GeminiBodies.TEXT_ANSWER).build());
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        GenerateContentRequest request = GenerateContentRequest.of("persona", "topic", GenerationConfig.EMPTY);
        client.generateContent("gemini-3.8-flash", request);

        GeminiException e = catchThrowableOfType(GeminiException.class,
                () -> client.generateContent("gemini-3.8-flash", request));

        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(server.getRequestCount()).as("one permit, one request").isEqualTo(2);
    }

    @Test
    void aBodyLargerThanTheCapIsRefusedUnread() {
        okio.Buffer huge = new okio.Buffer();
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (long written = 0; written <= GeminiClient.MAX_BODY_BYTES; written += chunk.length) {
            huge.write(chunk);
        }
        server.enqueue(new MockResponse.Builder().code(200).body(huge).build());

        GeminiException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("larger than " + GeminiClient.MAX_BODY_BYTES + " bytes");
    }
}
