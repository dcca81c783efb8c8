package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.gemini.api.BlockReason;
import io.personaengine.gemini.api.Candidate;
import io.personaengine.gemini.api.FinishReason;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.GenerationConfig;
import io.personaengine.gemini.api.HarmCategory;
import io.personaengine.gemini.api.HarmProbability;
import io.personaengine.gemini.api.ModelInfo;
import io.personaengine.gemini.api.ThinkingConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiClientTest {

    private static final String KEY = "AIzaSy-test-key-0123456789";

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;

    private GeminiClient client(String key) {
        client = new GeminiClient(
                GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()).withApiKey(key));
        return client;
    }

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void postsTheRequestToTheModelPathWithTheKeyInTheHeaderOnly() throws Exception {
        answer(GeminiBodies.TEXT_ANSWER);
        GenerationConfig config =
                GenerationConfig.EMPTY.withMaxOutputTokens(256).withThinkingConfig(ThinkingConfig.level("low"));

        client(KEY).generateContent("gemini-3.8-flash", GenerateContentRequest.of("You are Ada.", "Hello", config));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1beta/models/gemini-3.8-flash:generateContent");
        assertThat(request.getUrl().query()).isNull();
        assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = GeminiJson.readTree(request.getBody().toByteArray());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are Ada.");
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Hello");
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(256);
        assertThat(body.at("/generationConfig/thinkingConfig/thinkingLevel").asText()).isEqualTo("low");
    }

    @Test
    void omitsNullFieldsBecauseTheApiRejectsFieldsItDoesNotExpect() throws Exception {
        answer(GeminiBodies.TEXT_ANSWER);

        GenerationConfig noThinking = GenerationConfig.EMPTY.withThinkingConfig(ThinkingConfig.budget(0));
        client(KEY).generateContent("gemini-2.5-flash", GenerateContentRequest.of("s", "u", noThinking));

        String body = server.takeRequest().getBody().string(StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("null", "thinkingLevel", "safetySettings", "thoughtPart", "wantsImage")
                .contains("\"thinkingConfig\":{\"thinkingBudget\":0}");
        JsonNode json = GeminiJson.readTree(body.getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/systemInstruction").has("role")).isFalse();
    }

    @Test
    void sendsNoKeyHeaderWhenNoKeyIsConfigured() throws Exception {
        answer(GeminiBodies.TEXT_ANSWER);
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()));

        client.generateContent("gemini-3.8-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(server.takeRequest().getHeaders().get("x-goog-api-key")).isNull();
    }

    @Test
    void keepsAPathPrefixOfTheBaseUrl() throws Exception {
        answer(GeminiBodies.TEXT_ANSWER);
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/proxy/gemini").toString()));

        client.generateContent("models/gemini-3.8-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(server.takeRequest().getTarget())
                .isEqualTo("/proxy/gemini/v1beta/models/gemini-3.8-flash:generateContent");
    }

    @Test
    void refusesModelIdsThatWouldChangeThePathWithoutSendingAnything() {
        GenerateContentRequest request = GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY);

        for (String model : List.of("../tunedModels/x", "gemini?key=x", "gemini flash", "")) {
            assertThatThrownBy(() -> client(KEY).generateContent(model, request))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void readsTextUsageAndModelVersion() {
        answer(GeminiBodies.TEXT_ANSWER);

        GenerateContentResponse response = client(KEY)
                .generateContent("gemini-3.8-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(response.text()).isEqualTo("Cast iron works, but for eggs use steel.");
        assertThat(response.firstCandidate().orElseThrow().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().promptTokenCount()).isEqualTo(34);
        assertThat(response.usage().outputTokens()).isEqualTo(418 + 438);
        assertThat(response.modelVersion()).isEqualTo("gemini-3-flash-preview");
        assertThat(response.responseId()).isEqualTo("3w4Vad6yF-y1vdIP_q_zgAw");
    }

    @Test
    void toleratesUnknownFieldsAndEnumValuesAndSkipsThoughtParts() {
        answer(GeminiBodies.THOUGHTS_AND_UNKNOWNS);

        GenerateContentResponse response = client(KEY)
                .generateContent("gemini-3.8-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(response.text()).isEqualTo("Use a carbon steel pan.");
        Candidate candidate = response.firstCandidate().orElseThrow();
        assertThat(candidate.finishReason()).isEqualTo(FinishReason.UNKNOWN);
        assertThat(candidate.safetyRatings().get(0).category()).isEqualTo(HarmCategory.UNKNOWN);
        assertThat(candidate.safetyRatings().get(0).probability()).isEqualTo(HarmProbability.UNKNOWN);
        assertThat(response.blockReason()).contains(BlockReason.UNKNOWN);
        assertThat(response.lastInlineData().orElseThrow().bytes()).asString(StandardCharsets.UTF_8).isEqualTo("final");
        assertThat(response.usage().totalTokenCount()).isEqualTo(12);
    }

    @Test
    void anAnswerWithoutPartsHasEmptyText() {
        answer(GeminiBodies.MAX_TOKENS_EMPTY);

        GenerateContentResponse response = client(KEY)
                .generateContent("gemini-2.5-flash", GenerateContentRequest.of("s", "u", GenerationConfig.EMPTY));

        assertThat(response.text()).isEmpty();
        assertThat(response.firstCandidate().orElseThrow().parts()).isEmpty();
        assertThat(response.lastInlineData()).isEmpty();
    }

    @Test
    void listsModelsAcrossPages() throws Exception {
        answer("""
                {"models":[{"name":"models/gemini-3.8-flash","displayName":"Gemini 3.8 Flash","version":"001",
                  "inputTokenLimit":1048576,"supportedGenerationMethods":["generateContent","countTokens"]}],
                 "nextPageToken":"page-2"}
                """);
        answer("""
                {"models":[{"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]}]}
                """);

        List<ModelInfo> models = client(KEY).listModels();

        assertThat(models).extracting(ModelInfo::id).containsExactly("gemini-3.8-flash", "text-embedding-004");
        assertThat(models).extracting(ModelInfo::supportsGenerateContent).containsExactly(true, false);
        RecordedRequest first = server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getTarget()).isEqualTo("/v1beta/models");
        assertThat(first.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
        assertThat(server.takeRequest().getTarget()).isEqualTo("/v1beta/models?pageToken=page-2");
    }
}
