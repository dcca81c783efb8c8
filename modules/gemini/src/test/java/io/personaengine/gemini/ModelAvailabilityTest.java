package io.personaengine.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelAvailabilityTest {

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private GeminiClient client;

    @BeforeEach
    void createClient() {
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void page(String models, String nextPageToken) {
        String next = nextPageToken == null ? "" : ",\"nextPageToken\":\"" + nextPageToken + "\"";
        server.enqueue(new MockResponse.Builder().code(200).body("{\"models\":[" + models + "]" + next + "}").build());
    }

    private static String model(String id, String... methods) {
        String listed = List.of(methods).stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","));
        return "{\"name\":\"models/" + id + "\",\"supportedGenerationMethods\":[" + listed + "]}";
    }

    private static Map<String, String> configured(String textModel, String imageModel) {
        Map<String, String> models = new LinkedHashMap<>();
        models.put("GEMINI_MODEL", textModel);
        models.put("GEMINI_IMAGE_MODEL", imageModel);
        return models;
    }

    @Test
    void modelsThatCanGenerateContentOnAnyPagePass() {
        page(model("gemini-3.5-flash-lite", "generateContent", "countTokens"), "2");
        page(model("gemini-3.1-flash-image", "generateContent"), null);

        assertThat(new ModelAvailability(client).problems(configured("gemini-3.5-flash-lite", "gemini-3.1-flash-image")))
                .isEmpty();
    }

    @Test
    void aRetiredModelIsNamedWithItsKeyAndTheModelsOnOffer() {
        page(model("gemini-3.8-flash", "generateContent") + "," + model("gemini-3.1-flash-image", "generateContent")
                + "," + model("text-embedding-004", "embedContent"), null);

        List<String> problems = new ModelAvailability(client)
                .problems(configured("gemini-2.0-flash", "gemini-3.1-flash-image"));

        assertThat(problems).containsExactly("GEMINI_MODEL=gemini-2.0-flash is not offered by " + server.url("/")
                + ": retired or unknown; models that can generateContent: gemini-3.1-flash-image, gemini-3.8-flash");
    }

    @Test
    void aModelThatCannotGenerateContentIsNamedWithWhatItSupports() {
        page(model("gemini-3.8-flash", "generateContent") + "," + model("imagen-4.0-generate-001", "predict"), null);

        List<String> problems = new ModelAvailability(client)
                .problems(configured("gemini-3.8-flash", "imagen-4.0-generate-001"));

        assertThat(problems).singleElement().asString()
                .startsWith("GEMINI_IMAGE_MODEL=imagen-4.0-generate-001 is offered by")
                .contains("cannot generateContent (it supports: predict)", "gemini-3.8-flash");
    }

    @Test
    void everyBadModelIsReportedAtOnceAndLongListsAreCut() {
        String many = IntStream.range(0, 40).mapToObj(i -> model("m-" + (100 + i), "generateContent"))
                .collect(Collectors.joining(","));
        page(many, null);

        List<String> problems = new ModelAvailability(client).problems(configured("old-text", "old-image"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("GEMINI_MODEL=old-text").contains("m-100, m-101")
                .doesNotContain("m-130").endsWith("… and 10 more");
        assertThat(problems.get(1)).startsWith("GEMINI_IMAGE_MODEL=old-image");
    }

    @Test
    void aListingThatFailsIsAGeminiException() {
        server.enqueue(new MockResponse.Builder().code(403).body(GeminiBodies.PERMISSION_DENIED).build());

        GeminiException e = catchThrowableOfType(GeminiException.class,
                () -> new ModelAvailability(client).problems(configured("a", "b")));

        assertThat(e.httpStatus()).isEqualTo(403);
    }
}
