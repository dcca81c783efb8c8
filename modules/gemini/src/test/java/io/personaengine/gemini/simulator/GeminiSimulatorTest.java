package io.personaengine.gemini.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiException;
import io.personaengine.gemini.api.FinishReason;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.GenerationConfig;
import io.personaengine.gemini.api.InlineData;
import io.personaengine.gemini.api.Modality;
import io.personaengine.gemini.api.ModelInfo;
import io.personaengine.gemini.api.ThinkingConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiSimulatorTest {

    private static final String MODEL = "gemini-3.8-flash";
    private static final GenerateContentRequest COMMENT = GenerateContentRequest.of(
            "You are Ada, a retired chef who loves cast iron cookware.",
            "Thread title: Seasoning a wok\nWrite a short comment.",
            GenerationConfig.EMPTY.withMaxOutputTokens(400).withThinkingConfig(ThinkingConfig.level("low")));

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private GeminiSimulator simulator;
    private GeminiClient client;

    private GeminiClient start(SimulatorConfig config) {
        simulator = new GeminiSimulator(config.withClock(clock)).start();
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()).withApiKey("sim-key"));
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private GeminiException failureOf(GenerateContentRequest request) {
        return catchThrowableOfType(GeminiException.class, () -> client.generateContent(MODEL, request));
    }

    @Test
    void answersWithTextThatEchoesThePromptAndPlausibleUsage() {
        GenerateContentResponse response = start(SimulatorConfig.defaults()).generateContent(MODEL, COMMENT);

        assertThat(response.text()).contains("seasoning").containsAnyOf("cast", "iron", "cookware");
        assertThat(response.firstCandidate().orElseThrow().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.modelVersion()).isEqualTo(MODEL);
        assertThat(response.responseId()).isNotBlank();
        assertThat(response.usage().promptTokenCount()).isPositive();
        assertThat(response.usage().candidatesTokenCount()).isPositive();
        assertThat(response.usage().totalTokenCount()).isEqualTo(response.usage().promptTokenCount()
                + response.usage().candidatesTokenCount() + response.usage().thoughtsTokenCount());
    }

    @Test
    void answersAreDeterministicForASeedAndDifferByPrompt() {
        String first = start(SimulatorConfig.defaults().withSeed(7)).generateContent(MODEL, COMMENT).text();
        String again = client.generateContent(MODEL, COMMENT).text();
        String other = client.generateContent(MODEL, GenerateContentRequest.of(
                "You are Bo, a cyclist.", "Thread title: Tubeless tyres", GenerationConfig.EMPTY)).text();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void recordsEveryRequestBeforeAnsweringIt() {
        start(SimulatorConfig.defaults()).generateContent(MODEL, COMMENT);
        client.listModels();

        List<ReceivedRequest> requests = simulator.requests();
        assertThat(requests).hasSize(2);
        ReceivedRequest generate = requests.get(0);
        assertThat(generate.model()).isEqualTo(MODEL);
        assertThat(generate.method()).isEqualTo("POST");
        assertThat(generate.target()).isEqualTo("/v1beta/models/gemini-3.8-flash:generateContent");
        assertThat(generate.apiKeyPresent()).isTrue();
        assertThat(generate.status()).isEqualTo(200);
        assertThat(generate.receivedAt()).isEqualTo(clock.instant());
        assertThat(generate.json().at("/generationConfig/thinkingConfig/thinkingLevel").asText()).isEqualTo("low");
        assertThat(generate.json().at("/contents/0/parts/0/text").asText()).startsWith("Thread title: Seasoning a wok");
        assertThat(requests.get(1).generateContent()).isFalse();
        assertThat(simulator.generateRequests()).containsExactly(generate);
    }

    @Test
    void injectedFailuresComeInOrderThenAnswersResume() {
        start(SimulatorConfig.defaults());
        simulator.failNext(2, Failure.unavailable());
        simulator.failNext(1, Failure.rateLimited(Duration.ofSeconds(26)));

        assertThat(failureOf(COMMENT).kind()).isEqualTo(GeminiException.Kind.SERVER);
        assertThat(failureOf(COMMENT).kind()).isEqualTo(GeminiException.Kind.SERVER);
        GeminiException limited = failureOf(COMMENT);
        assertThat(limited.kind()).isEqualTo(GeminiException.Kind.RATE_LIMITED);
        assertThat(limited.retryDelay()).contains(Duration.ofSeconds(26));
        assertThat(client.generateContent(MODEL, COMMENT).text()).isNotBlank();
        assertThat(simulator.requests()).extracting(ReceivedRequest::status).containsExactly(503, 503, 429, 200);
    }

    @Test
    void eachFailureReachesTheClientAsTheMappedException() {
        start(SimulatorConfig.defaults());
        record Case(Failure failure, GeminiException.Kind kind, int status) {}
        List<Case> cases = List.of(
                new Case(Failure.rateLimited(Duration.ofMillis(1500)), GeminiException.Kind.RATE_LIMITED, 429),
                new Case(Failure.dailyQuota(Duration.ofSeconds(30)), GeminiException.Kind.RATE_LIMITED, 429),
                new Case(Failure.rateLimitedWithoutDetails(), GeminiException.Kind.RATE_LIMITED, 429),
                new Case(Failure.unavailable(), GeminiException.Kind.SERVER, 503),
                new Case(Failure.internal(), GeminiException.Kind.SERVER, 500),
                new Case(Failure.badRequest(), GeminiException.Kind.CLIENT, 400),
                new Case(Failure.permissionDenied(), GeminiException.Kind.CLIENT, 403),
                new Case(Failure.unauthenticated(), GeminiException.Kind.CLIENT, 401),
                new Case(Failure.blockedPrompt(), GeminiException.Kind.BLOCKED, 200),
                new Case(Failure.blockedAnswer(), GeminiException.Kind.BLOCKED, 200),
                new Case(Failure.disconnect(), GeminiException.Kind.TRANSPORT, 0));

        for (Case c : cases) {
            simulator.failNext(1, c.failure());
            GeminiException e = failureOf(COMMENT);
            assertThat(e.kind()).as(c.failure().toString()).isEqualTo(c.kind());
            assertThat(e.httpStatus()).as(c.failure().toString()).isEqualTo(c.status());
        }
    }

    @Test
    void failuresQueuedForOneModelComeFirstAndSpareTheOthers() {
        start(SimulatorConfig.defaults());
        String text = "gemini-3.5-flash-lite";
        String image = "gemini-3.1-flash-image";
        simulator.failNext(1, Failure.internal());
        simulator.failNext(image, 1, Failure.unavailable());

        assertThat(statusOf(image)).as("its own failure first").isEqualTo(503);
        assertThat(statusOf(text)).as("then the one queued for any model").isEqualTo(500);
        simulator.failNext(image, 1, Failure.unavailable());
        assertThat(statusOf(text)).as("another model is spared").isEqualTo(200);
        assertThat(statusOf(image)).isEqualTo(503);
        assertThat(statusOf(image)).isEqualTo(200);
    }

    private int statusOf(String model) {
        try {
            client.generateContent(model, COMMENT);
            return 200;
        } catch (GeminiException e) {
            return e.httpStatus();
        }
    }

    @Test
    void quotaFailuresCarryTheirDetails() {
        start(SimulatorConfig.defaults());
        simulator.failNext(1, Failure.rateLimited(Duration.ofMillis(1500)));
        simulator.failNext(1, Failure.dailyQuota(Duration.ofSeconds(30)));

        GeminiException perMinute = failureOf(COMMENT);
        GeminiException perDay = failureOf(COMMENT);

        assertThat(perMinute.retryDelay()).contains(Duration.ofMillis(1500));
        assertThat(perMinute.dailyQuota()).isFalse();
        assertThat(perDay.retryDelay()).contains(Duration.ofSeconds(30));
        assertThat(perDay.dailyQuota()).isTrue();
    }

    @Test
    void aBlockedPromptHasNoCandidatesButReportsItsTokens() {
        start(SimulatorConfig.defaults());
        simulator.failNext(1, Failure.blockedPrompt());

        GenerateContentResponse blocked = failureOf(COMMENT).response().orElseThrow();

        assertThat(blocked.candidates()).isEmpty();
        assertThat(blocked.usage().promptTokenCount()).isPositive();
    }

    @Test
    void theMaxTokensTrapComesBackAsAnEmptyCandidate() {
        start(SimulatorConfig.defaults());
        simulator.failNext(1, Failure.maxTokensEmpty());

        GenerateContentResponse response = client.generateContent(MODEL, COMMENT);

        assertThat(response.firstCandidate().orElseThrow().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(response.firstCandidate().orElseThrow().content()).isNull();
        assertThat(response.usage().thoughtsTokenCount()).isEqualTo(400);
    }

    @Test
    void thinkingWithoutLimitsCanSpendASmallBudgetLikeARealModel() {
        GenerateContentRequest unbounded = GenerateContentRequest.of("You are Ada.", "Say hi.",
                GenerationConfig.EMPTY.withMaxOutputTokens(40));

        GenerateContentResponse response = start(SimulatorConfig.defaults()).generateContent(MODEL, unbounded);

        assertThat(response.firstCandidate().orElseThrow().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(response.text()).isEmpty();
        assertThat(response.usage().thoughtsTokenCount()).isEqualTo(40);
    }

    @Test
    void aCallLimitAnswers429WithRetryInfoUntilTheSlidingMinuteHasRoom() {
        start(SimulatorConfig.defaults().withMaxCallsPerMinute(3));
        for (int i = 0; i < 3; i++) {
            client.generateContent(MODEL, COMMENT);
            clock.advance(Duration.ofSeconds(10));
        }

        GeminiException fourth = failureOf(COMMENT);
        assertThat(fourth.kind()).isEqualTo(GeminiException.Kind.RATE_LIMITED);
        assertThat(fourth.retryDelay()).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(client.generateContent(MODEL, COMMENT).text()).isNotBlank();
        assertThat(failureOf(COMMENT).retryDelay()).contains(Duration.ofSeconds(10));

        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        assertThat(simulator.generateCallsBetween(start, start.plusSeconds(60))).isEqualTo(4);
        assertThat(simulator.generateCallsBetween(start, start.plusSeconds(61))).isEqualTo(6);
        assertThat(simulator.generateRequests().stream().filter(r -> r.status() == 200)).hasSize(4);
    }

    @Test
    void checksTheApiKeyLikeTheRealApi() {
        start(SimulatorConfig.defaults().withExpectedApiKey("sim-key"));
        assertThat(client.generateContent(MODEL, COMMENT).text()).isNotBlank();

        try (GeminiClient wrongKey = new GeminiClient(client.config().withApiKey("other-key"));
                GeminiClient noKey = new GeminiClient(client.config().withApiKey(null))) {
            GeminiException wrong =
                    catchThrowableOfType(GeminiException.class, () -> wrongKey.generateContent(MODEL, COMMENT));
            GeminiException missing = catchThrowableOfType(GeminiException.class, () -> noKey.listModels());

            assertThat(wrong.httpStatus()).isEqualTo(400);
            assertThat(wrong.reason()).contains("API_KEY_INVALID");
            assertThat(missing.httpStatus()).isEqualTo(403);
            assertThat(missing.kind()).isEqualTo(GeminiException.Kind.CLIENT);
        }
        assertThat(simulator.requests()).extracting(ReceivedRequest::apiKeyPresent).containsExactly(true, true, false);
    }

    @Test
    void anUnknownModelIsNotFound() {
        GeminiException e = catchThrowableOfType(GeminiException.class,
                () -> start(SimulatorConfig.defaults()).generateContent("gemini-2.0-flash", COMMENT));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.status()).contains("NOT_FOUND");
    }

    @Test
    void aThinkingLevelSentToA25ModelIsRejected() {
        start(SimulatorConfig.defaults().withModels("gemini-2.5-flash"));

        GeminiException e = catchThrowableOfType(GeminiException.class,
                () -> client.generateContent("gemini-2.5-flash", COMMENT));

        assertThat(e.kind()).isEqualTo(GeminiException.Kind.CLIENT);
        assertThat(e.getMessage()).contains("Thinking level");
    }

    @Test
    void listsItsModelsAcrossPages() {
        String[] many = IntStream.range(0, 60).mapToObj(i -> "gemini-test-" + i).toArray(String[]::new);

        List<ModelInfo> models = start(SimulatorConfig.defaults().withModels(many)).listModels();

        assertThat(models).hasSize(60).allMatch(ModelInfo::supportsGenerateContent);
        assertThat(models.get(59).id()).isEqualTo("gemini-test-59");
        assertThat(simulator.requests()).extracting(ReceivedRequest::target)
                .containsExactly("/v1beta/models", "/v1beta/models?pageToken=50");
    }

    @Test
    void listsTheDefaultModels() {
        assertThat(start(SimulatorConfig.defaults()).listModels()).extracting(ModelInfo::id)
                .containsExactly("gemini-3.5-flash-lite", "gemini-3.8-flash", "gemini-3.1-flash-image");
    }

    @Test
    void answersAnImageRequestWithAValidPng() throws Exception {
        GenerateContentRequest request = GenerateContentRequest.of("", "A bowl of ramen, flat illustration",
                GenerationConfig.EMPTY.withResponseModalities(List.of(Modality.TEXT, Modality.IMAGE)));

        GenerateContentResponse response =
                start(SimulatorConfig.defaults()).generateContent("gemini-3.1-flash-image", request);

        InlineData image = response.lastInlineData().orElseThrow();
        assertThat(image.mimeType()).isEqualTo("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(16);
        assertThat(response.usage().candidatesTokenCount()).isGreaterThan(1000);
    }

    @Test
    void answersStructuredOutputThatFitsTheSchema() throws Exception {
        ObjectNode schema = (ObjectNode) GeminiJson.readTree("""
                {"type":"object","properties":{"title":{"type":"string"},"body":{"type":"string"},
                 "tags":{"type":"array","items":{"type":"string"}}},"required":["title","body"]}
                """.getBytes(StandardCharsets.UTF_8));
        GenerationConfig config =
                GenerationConfig.EMPTY.withJsonSchema(schema).withThinkingConfig(ThinkingConfig.level("minimal"));
        GenerateContentRequest request =
                GenerateContentRequest.of("You are Ada.", "Write a post about sourdough starters.", config);

        String text = start(SimulatorConfig.defaults()).generateContent(MODEL, request).text();

        JsonNode post = GeminiJson.readTree(text.getBytes(StandardCharsets.UTF_8));
        assertThat(post.path("title").asText()).containsAnyOf("Sourdough", "Starters");
        assertThat(post.path("body").asText()).isNotBlank();
        assertThat(post.path("tags").isArray()).isTrue();
    }

    @Test
    void rejectsFieldsTheRealApiDoesNotKnow() throws Exception {
        start(SimulatorConfig.defaults());
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
        okhttp3.Request request = new okhttp3.Request.Builder()
                .url(simulator.baseUrl() + "/v1beta/models/" + MODEL + ":generateContent")
                .post(okhttp3.RequestBody.create(
                        "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generation_cfg\":{}}",
                        okhttp3.MediaType.get("application/json")))
                .build();

        try (okhttp3.Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).contains("INVALID_ARGUMENT", "Unknown name \\\"generation_cfg\\\"");
        }
    }

    @Test
    void servesOnNamedDaemonThreadsAndClosesIdempotently() {
        start(SimulatorConfig.defaults()).generateContent(MODEL, COMMENT);

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().startsWith("gemini-simulator-"))
                .isNotEmpty()
                .allMatch(Thread::isDaemon);
        simulator.close();
        simulator.close();
        assertThatIllegalStateException().isThrownBy(simulator::start);
        assertThat(catchThrowableOfType(GeminiException.class, () -> client.generateContent(MODEL, COMMENT)).kind())
                .isEqualTo(GeminiException.Kind.TRANSPORT);
    }

    @Test
    void answersInTheRealShapeWithoutHelperProperties() throws Exception {
        start(SimulatorConfig.defaults());
        okhttp3.Request request = new okhttp3.Request.Builder()
                .url(simulator.baseUrl() + "/v1beta/models/" + MODEL + ":generateContent")
                .post(okhttp3.RequestBody.create(GeminiJson.write(COMMENT), okhttp3.MediaType.get("application/json")))
                .build();

        try (okhttp3.Response response = new okhttp3.OkHttpClient().newCall(request).execute()) {
            JsonNode body = GeminiJson.readTree(response.body().bytes());
            assertThat(body.at("/candidates/0/content/role").asText()).isEqualTo("model");
            assertThat(body.at("/candidates/0/content/parts/0/text").asText()).isNotBlank();
            assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
            assertThat(body.at("/usageMetadata/promptTokenCount").asInt()).isPositive();
            assertThat(body.toString())
                    .doesNotContain("null", "thoughtPart", "thoughtsOnly", "firstCandidate", "\"text\":\"\"");
        }
    }

    @Test
    void waitsAtLeastTheConfiguredLatency() {
        start(SimulatorConfig.defaults().withLatency(Duration.ofMillis(150), Duration.ofMillis(200)));

        long started = System.nanoTime();
        client.generateContent(MODEL, COMMENT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void randomFailuresFollowTheConfiguredRate() {
        start(SimulatorConfig.defaults().withFailureRate(Failure.unavailable(), 1.0));

        assertThat(failureOf(COMMENT).kind()).isEqualTo(GeminiException.Kind.SERVER);
        assertThat(failureOf(COMMENT).kind()).isEqualTo(GeminiException.Kind.SERVER);
    }
}
