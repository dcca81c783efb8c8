package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerationConfig;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The key must never show up in URLs, messages, {@code toString()} or logs, even when a server echoes it. */
class ApiKeySecrecyTest {

    private static final String KEY = "AIzaSyD-secret-4f9a8b7c6d5e";

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger clientLogger = (Logger) LoggerFactory.getLogger(GeminiClient.class);
    private GeminiClient client;

    @BeforeEach
    void captureLogs() {
        logs.start();
        clientLogger.addAppender(logs);
        clientLogger.setLevel(Level.DEBUG);
        clientLogger.setAdditive(false);
        client = new GeminiClient(GeminiClientConfig.defaults()
                .withBaseUrl(server.url("/").toString())
                .withApiKey(KEY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopCapturing() {
        clientLogger.detachAppender(logs);
        clientLogger.setLevel(null);
        clientLogger.setAdditive(true);
        client.close();
    }

    private GeminiException failureFor(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
        GenerateContentRequest request = GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY);
        return catchThrowableOfType(GeminiException.class, () -> client.generateContent("gemini-3.8-flash", request));
    }

    @Test
    void aProxyPageThatEchoesTheKeyDoesNotLeakItIntoTheMessageOrTheLogs() {
        GeminiException e = failureFor(502, "<html><body>Upstream failed. Request headers: x-goog-api-key: " + KEY
                + "</body></html>");

        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(logs.list).isNotEmpty()
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(KEY));
    }

    @Test
    void aJsonErrorThatQuotesTheKeyDoesNotLeakIt() {
        GeminiException e = failureFor(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + KEY
                + "\",\"status\":\"INVALID_ARGUMENT\"}}");

        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void anUnreadable200ThatQuotesTheKeyDoesNotLeakIt() {
        GeminiException e = failureFor(200, "not json, but " + KEY);

        assertThat(e.kind()).isEqualTo(GeminiException.Kind.TRANSPORT);
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void theKeyIsNotInTheRequestUrl() throws Exception {
        server.enqueue(new MockResponse.Builder().body(GeminiBodies.TEXT_ANSWER).build());

        client.generateContent("gemini-3.8-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(server.takeRequest().getUrl().toString()).doesNotContain(KEY).doesNotContain("key=");
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(KEY));
    }

    @Test
    void theConfigToStringMasksTheKey() {
        assertThat(client.config().toString()).doesNotContain(KEY).contains("apiKey=****");
        assertThat(GeminiClientConfig.defaults().toString()).contains("apiKey=(none)");
    }
}
