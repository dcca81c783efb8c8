package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.api.GeminiJson;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiContentGeneratorTest {

    private static final String IMAGE_MODEL = "gemini-3.1-flash-image";
    private static final TextPrompt PROMPT = new TextPrompt("You are Ada, a cook.", "Best pan for eggs?", 300);

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;

    @BeforeEach
    void createClient() {
        client = new GeminiClient(
                GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()).withApiKey("k"));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private GeneratedText generate(String model, String body) {
        server.enqueue(new MockResponse.Builder().code(200).body(body).build());
        return new GeminiContentGenerator(client, model, IMAGE_MODEL).generateText(PROMPT);
    }

    private ContentException failure(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
        return catchThrowableOfType(ContentException.class,
                () -> new GeminiContentGenerator(client, "gemini-2.5-flash", IMAGE_MODEL).generateText(PROMPT));
    }

    private static String answer(String parts, String finishReason) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts + "]},\"finishReason\":\""
                + finishReason + "\"}],\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,"
                + "\"thoughtsTokenCount\":7,\"totalTokenCount\":22},\"modelVersion\":\"gemini-2.5-flash-002\"}";
    }

    @Test
    void returnsTheAnswerTextWithItsUsageThoughtsCountedAsOutput() {
        GeneratedText text = generate("gemini-3.8-flash", GeminiBodies.TEXT_ANSWER);

        assertThat(text.text()).isEqualTo("Cast iron works, but for eggs use steel.");
        assertThat(text.usage()).isEqualTo(new Usage(1, 34, 418 + 438, "gemini-3-flash-preview"));
    }

    @Test
    void reportsTheRequestedModelWhenTheServerNamesNone() {
        GeneratedText text = generate("gemini-3.8-flash",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" Hi \"}]},\"finishReason\":\"STOP\"}]}");

        assertThat(text.text()).isEqualTo("Hi");
        assertThat(text.usage()).isEqualTo(new Usage(1, 0, 0, "gemini-3.8-flash"));
    }

    @Test
    void anEmptyAnswerAtMaxTokensExplainsThatThinkingUsedTheBudget() {
        ContentException e = failure(200, GeminiBodies.MAX_TOKENS_EMPTY);

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("MAX_TOKENS", "thinking used 197", "300");
        assertThat(e.usage()).isEqualTo(new Usage(1, 52, 197, "gemini-2.5-flash"));
    }

    @Test
    void aTruncatedAnswerIsNotUsable() {
        ContentException e = failure(200, answer("{\"text\":\"I would start with a carbon st\"}", "MAX_TOKENS"));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void aThoughtOnlyAnswerIsNotUsable() {
        ContentException e = failure(200, answer("{\"text\":\"Thinking about pans\",\"thought\":true}", "STOP"));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("only thought parts");
        assertThat(e.usage().outputTokens()).isEqualTo(12);
    }

    @Test
    void aWhitespaceAnswerIsNotUsable() {
        ContentException e = failure(200, answer("{\"text\":\"  \\n \"}", "STOP"));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void anAnswerWithoutCandidatesIsNotUsable() {
        ContentException e = failure(200, "{\"usageMetadata\":{\"promptTokenCount\":3}}");

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.usage().promptTokens()).isEqualTo(3);
    }

    @Test
    void anUnexpectedFinishReasonIsNotUsable() {
        ContentException e = failure(200, answer("{\"text\":\"Bonjour\"}", "LANGUAGE"));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("LANGUAGE");
    }

    @Test
    void aBlockedPromptIsBlockedAndStillCountsItsInputTokens() {
        ContentException e = failure(200, GeminiBodies.BLOCKED_PROMPT);

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("PROHIBITED_CONTENT");
        assertThat(e.usage()).isEqualTo(new Usage(1, 13, 0, "gemini-3.8-flash"));
    }

    @Test
    void aRateLimitCarriesTheServersDelayAndTheDailyFlag() {
        ContentException e = failure(429, GeminiBodies.RATE_LIMITED_PER_DAY);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(e.dailyQuota()).isTrue();
        assertThat(e.usage().calls()).isEqualTo(1);
        assertThat(e.getCause()).isInstanceOf(GeminiException.class);
    }

    @ParameterizedTest
    @CsvSource({"503, UNAVAILABLE", "500, UNAVAILABLE", "400, REFUSED", "401, OUTAGE", "403, OUTAGE", "404, OUTAGE"})
    void httpErrorsMapToContentKinds(int code, Kind expected) {
        ContentException e = failure(code, "{\"error\":{\"code\":" + code + ",\"message\":\"m\",\"status\":\"S\"}}");

        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e.dailyQuota()).isFalse();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void anUnreadableAnswerIsUnavailableNotInvalid() {
        ContentException e = failure(200, "<html>maintenance</html>");

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @CsvSource({
        "gemini-2.5-flash,      /thinkingBudget, 0",
        "gemini-2.5-flash-lite, /thinkingBudget, 0",
        "gemini-3.8-flash,      /thinkingLevel,  low",
        "gemini-3-pro,          /thinkingLevel,  low",
    })
    void keepsThinkingLowForEachModelFamily(String model, String field, String value) throws Exception {
        generate(model, GeminiBodies.TEXT_ANSWER);

        JsonNode config = GeminiJson.readTree(server.takeRequest().getBody().toByteArray())
                .path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(300);
        assertThat(config.path("thinkingConfig").size()).isEqualTo(1);
        assertThat(config.at("/thinkingConfig" + field).asText()).isEqualTo(value);
    }

    @Test
    void refusesAModelIdThatIsNotPlainAtConstruction() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GeminiContentGenerator(client, "gemini/../x", IMAGE_MODEL));
        assertThatIllegalArgumentException().isThrownBy(() -> new GeminiContentGenerator(client, " ", IMAGE_MODEL));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GeminiContentGenerator(client, "gemini-3.8-flash", "a b"));
    }

    @Test
    void sendsNoThinkingConfigToOtherModels() throws Exception {
        generate("gemma-3-27b-it", GeminiBodies.TEXT_ANSWER);

        JsonNode request = GeminiJson.readTree(server.takeRequest().getBody().toByteArray());
        assertThat(request.path("generationConfig").has("thinkingConfig")).isFalse();
        assertThat(request.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are Ada, a cook.");
        assertThat(request.at("/contents/0/parts/0/text").asText()).isEqualTo("Best pan for eggs?");
    }
}
