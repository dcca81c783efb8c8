package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.api.GeminiJson;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiStructuredOutputTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{"vote":{"type":"string","enum":["up","down"]}},"required":["vote"]}""";
    private static final JsonPrompt PROMPT = new JsonPrompt("You are Ada.", "Vote on the post.", SCHEMA, 256);

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;
    private GeminiContentGenerator generator;

    @BeforeEach
    void createClient() {
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()));
        generator = new GeminiContentGenerator(client, "gemini-3.5-flash-lite", "gemini-3.1-flash-image");
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void answer(String text, String finishReason) {
        ObjectNode body = GeminiJson.objectNode();
        ObjectNode candidate = body.putArray("candidates").addObject().put("finishReason", finishReason);
        candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
        body.putObject("usageMetadata")
                .put("promptTokenCount", 40).put("candidatesTokenCount", 9).put("thoughtsTokenCount", 21);
        server.enqueue(new MockResponse.Builder().code(200).body(body.toString()).build());
    }

    private ContentException failure() {
        return catchThrowableOfType(ContentException.class, () -> generator.generateJson(PROMPT));
    }

    @Test
    void asksTheTextModelForJsonThatFitsTheSchemaWithThinkingKeptLow() throws Exception {
        answer("{\"vote\":\"down\"}", "STOP");

        GeneratedText json = generator.generateJson(PROMPT);

        assertThat(json.text()).isEqualTo("{\"vote\":\"down\"}");
        assertThat(json.usage()).isEqualTo(new Usage(1, 40, 30, "gemini-3.5-flash-lite"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1beta/models/gemini-3.5-flash-lite:generateContent");
        JsonNode config = GeminiJson.readTree(request.getBody().toByteArray()).path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(GeminiJson.readTree(SCHEMA.getBytes(StandardCharsets.UTF_8)));
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(256);
        assertThat(config.at("/thinkingConfig/thinkingLevel").asText()).isEqualTo("low");
    }

    @Test
    void malformedJsonIsAnInvalidAnswerQuotingWhatCameBack() {
        answer("{\"vote\": \"up\", \"reason\": \"Solid adv", "STOP");

        ContentException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("not a JSON object", "Solid adv");
        assertThat(e.usage().calls()).isEqualTo(1);
    }

    @Test
    void aBareJsonValueIsNotAStructuredAnswer() {
        answer("\"up\"", "STOP");

        assertThat(failure().kind()).isEqualTo(Kind.INVALID_ANSWER);
    }

    @Test
    void jsonCutOffAtMaxTokensIsReportedAsTruncated() {
        answer("{\"vote\":", "MAX_TOKENS");

        ContentException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void aBlockedStructuredAnswerIsBlocked() {
        server.enqueue(new MockResponse.Builder().code(200).body(GeminiBodies.BLOCKED_ANSWER).build());

        ContentException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("SAFETY", "HARM_CATEGORY_HARASSMENT");
    }

    @Test
    void aSchemaThatIsNotJsonIsAProgrammingError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.generateJson(new JsonPrompt("s", "u", "{type: object", 10)))
                .withMessageContaining("jsonSchema");
    }
}
