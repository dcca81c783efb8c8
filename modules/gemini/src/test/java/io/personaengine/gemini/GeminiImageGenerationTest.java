package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.ImagePrompt;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Image generation against the response shapes of the real image models. */
class GeminiImageGenerationTest {

    private static final String IMAGE_MODEL = "gemini-3.1-flash-image";
    private static final ImagePrompt PROMPT = new ImagePrompt("A steaming bowl of ramen, warm colours", "4:3");
    /** "final" and "draft" in base64. */
    private static final String FINAL = "ZmluYWw=";
    private static final String DRAFT = "ZHJhZnQ=";

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;
    private GeminiContentGenerator generator;

    @BeforeEach
    void createClient() {
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()));
        generator = new GeminiContentGenerator(client, "gemini-3.5-flash-lite", IMAGE_MODEL);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void answer(String parts, String finishReason) {
        answerWith("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts + "]},"
                + "\"finishReason\":\"" + finishReason + "\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":14,\"candidatesTokenCount\":1290,\"thoughtsTokenCount\":60,"
                + "\"totalTokenCount\":1364},\"modelVersion\":\"gemini-3.1-flash-image-001\"}");
    }

    private void answerWith(String body) {
        server.enqueue(new MockResponse.Builder().code(200).body(body).build());
    }

    private static String image(String mimeType, String base64, boolean thought) {
        return "{\"inlineData\":{\"mimeType\":\"" + mimeType + "\",\"data\":\"" + base64 + "\"}"
                + (thought ? ",\"thought\":true}" : "}");
    }

    private ContentException refusal() {
        return catchThrowableOfType(ContentException.class, () -> generator.generateImage(PROMPT));
    }

    @Test
    void asksTheImageModelForTextAndImageAtTheRequestedAspectRatio() throws Exception {
        answer("{\"text\":\"Here is a bowl of ramen.\"}," + image("image/png", FINAL, false), "STOP");

        GeneratedImage generated = generator.generateImage(PROMPT);

        assertThat(generated.mimeType()).isEqualTo("image/png");
        assertThat(new String(generated.bytes(), StandardCharsets.US_ASCII)).isEqualTo("final");
        assertThat(generated.caption()).isEqualTo("Here is a bowl of ramen.");
        // the image is billed per image: its 1,290 tokens leave the output, the 60 thinking tokens stay
        assertThat(generated.usage()).isEqualTo(new Usage(1, 14, 60, 1, "gemini-3.1-flash-image-001"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1beta/models/gemini-3.1-flash-image:generateContent");
        JsonNode body = GeminiJson.readTree(request.getBody().toByteArray());
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo(PROMPT.description());
        assertThat(body.at("/generationConfig/responseModalities").toString()).isEqualTo("[\"TEXT\",\"IMAGE\"]");
        assertThat(body.at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("4:3");
        assertThat(body.path("generationConfig").has("thinkingConfig")).isFalse();
        assertThat(body.path("generationConfig").has("maxOutputTokens")).isFalse();
    }

    @Test
    void takesTheLastNonThoughtImageSkippingDrafts() {
        answer(image("image/png", DRAFT, true) + "," + image("image/jpeg", DRAFT, false) + ","
                + image("image/png", FINAL, false) + "," + image("image/png", DRAFT, true), "STOP");

        GeneratedImage generated = generator.generateImage(PROMPT);

        assertThat(new String(generated.bytes(), StandardCharsets.US_ASCII)).isEqualTo("final");
        assertThat(generated.mimeType()).isEqualTo("image/png");
        assertThat(generated.caption()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER"})
    void anImageWithheldByAFilterIsARefusal(String finishReason) {
        answerWith("{\"candidates\":[{\"finishReason\":\"" + finishReason + "\",\"finishMessage\":\"Unable to show "
                + "the generated image.\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":14}}");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains(finishReason, "Unable to show the generated image");
        assertThat(e.usage()).isEqualTo(new Usage(1, 14, 0, IMAGE_MODEL));
    }

    @Test
    void noImageIsARefusalThatQuotesTheModel() {
        answer("{\"text\":\"I can only describe this scene.\"}", "NO_IMAGE");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("NO_IMAGE", "I can only describe this scene.");
    }

    @Test
    void aPromptBlockedForImageSafetyIsARefusal() {
        answerWith("{\"promptFeedback\":{\"blockReason\":\"IMAGE_SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":9}}");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("prompt blocked", "IMAGE_SAFETY");
        assertThat(e.usage().promptTokens()).isEqualTo(9);
    }

    @Test
    void aTextOnlyAnswerIsARefusalThatQuotesTheModel() {
        answer("{\"text\":\"I'm unable to create images of that.\"}", "STOP");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("without an image", "unable to create images of that");
    }

    @Test
    void onlyThoughtDraftsAreNoImage() {
        answer(image("image/png", DRAFT, true), "STOP");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.getMessage()).contains("only thought drafts");
    }

    @Test
    void anImageCutOffAtMaxTokensIsNotUsable() {
        answer("{\"text\":\"Here is\"}", "MAX_TOKENS");

        assertThat(refusal().kind()).isEqualTo(Kind.INVALID_ANSWER);
    }

    @Test
    void undecodableImageDataIsNotUsable() {
        answer(image("image/png", "not base64!", false), "STOP");

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("base64");
    }

    @Test
    void aRateLimitOnTheImageModelIsChargedToIt() {
        server.enqueue(new MockResponse.Builder().code(429).body(GeminiBodies.RATE_LIMITED_PER_MINUTE).build());

        ContentException e = refusal();

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.usage()).isEqualTo(new Usage(1, 0, 0, IMAGE_MODEL));
    }
}
