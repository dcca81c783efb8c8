package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator against the simulator: structured output, images, and the refusals it can inject. */
class SimulatedContentTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final JsonPrompt VOTE = new JsonPrompt("You are Ada, a cook.", "Title: Cast iron care\nVote.",
            "{\"type\":\"object\",\"properties\":{\"vote\":{\"type\":\"string\",\"enum\":[\"up\",\"down\"]},"
                    + "\"reason\":{\"type\":\"string\"}},\"required\":[\"vote\",\"reason\"]}", 512);
    private static final ImagePrompt RAMEN = new ImagePrompt("A bowl of ramen, flat illustration", "1:1");

    private GeminiSimulator simulator;
    private GeminiClient client;
    private GeminiContentGenerator generator;

    @BeforeEach
    void start() {
        simulator = GeminiSimulator.builder().build().start();
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
        generator = new GeminiContentGenerator(client, "gemini-3.5-flash-lite", "gemini-3.1-flash-image");
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void aStructuredAnswerFitsTheSchema() throws Exception {
        GeneratedText answer = generator.generateJson(VOTE);

        JsonNode json = GeminiJson.readTree(answer.text().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("vote").asText()).isIn("up", "down");
        assertThat(json.path("reason").asText()).isNotBlank();
        assertThat(answer.usage().model()).isEqualTo("gemini-3.5-flash-lite");
    }

    @Test
    void anImageComesFromTheImageModelAsAPng() {
        GeneratedImage image = generator.generateImage(RAMEN);

        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(Arrays.copyOf(image.bytes(), 8)).isEqualTo(PNG_SIGNATURE);
        assertThat(image.usage().model()).isEqualTo("gemini-3.1-flash-image");
        // the simulator itemizes its 1,290 image tokens as Gemini does; only the caption's stay output tokens
        assertThat(image.usage().images()).isEqualTo(1);
        assertThat(image.usage().outputTokens()).isPositive().isLessThan(1290);
        assertThat(simulator.generateRequests()).singleElement()
                .satisfies(r -> assertThat(r.model()).isEqualTo("gemini-3.1-flash-image"));
    }

    @Test
    void malformedStructuredOutputIsAnInvalidAnswer() {
        simulator.failNext(1, Failure.malformedJson());

        ContentException e = catchThrowableOfType(ContentException.class, () -> generator.generateJson(VOTE));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void everyInjectedImageRefusalIsBlockedWithAReason() {
        simulator.failNext(1, Failure.imageSafety());
        simulator.failNext(1, Failure.noImage());
        simulator.failNext(1, Failure.textInsteadOfImage());

        assertThat(refusal()).contains("IMAGE_SAFETY", "Prohibited Use policy");
        assertThat(refusal()).contains("NO_IMAGE", "only describe this scene");
        assertThat(refusal()).contains("without an image", "unable to create images");
    }

    private String refusal() {
        ContentException e = catchThrowableOfType(ContentException.class, () -> generator.generateImage(RAMEN));
        assertThat(e.kind()).isEqualTo(Kind.BLOCKED);
        assertThat(e.usage().calls()).isEqualTo(1);
        return e.getMessage();
    }
}
