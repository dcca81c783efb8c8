package io.personaengine.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Actions against exact Gemini response shapes (text, JSON, images, errors), served by MockWebServer. */
class ActionsOnMockWebServerTest {

    private static final String PLAN = "{\\\"title\\\":\\\"Sunday loaf\\\",\\\"caption\\\":\\\"My Sunday loaf, "
            + "straight from the oven.\\\",\\\"tags\\\":[\\\"bread\\\"],\\\"imagePrompt\\\":\\\"A rustic loaf on a "
            + "wooden board\\\"}";

    @StartStop
    public final MockWebServer server = new MockWebServer();

    private final FakeForum forum = new FakeForum();
    private GeminiClient client;
    private GeminiContentGenerator generator;

    @BeforeEach
    void setUp() {
        client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(server.url("/").toString()));
        generator = new GeminiContentGenerator(client, "gemini-3.5-flash-lite", "gemini-3.1-flash-image");
        forum.post(9, "Best pan for eggs?", "Cast iron or non-stick?");
        forum.board(2, "The Kitchen", List.of("cooking"));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void respond(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
    }

    private void answer(String parts, String finishReason, String modelVersion) {
        respond(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts + "]},"
                + "\"finishReason\":\"" + finishReason + "\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":20,\"thoughtsTokenCount\":10,"
                + "\"totalTokenCount\":80},\"modelVersion\":\"" + modelVersion + "\"}");
    }

    private static String inline(String mimeType, byte[] bytes, boolean thought) {
        return "{\"inlineData\":{\"mimeType\":\"" + mimeType + "\",\"data\":\""
                + Base64.getEncoder().encodeToString(bytes) + "\"}" + (thought ? ",\"thought\":true}" : "}");
    }

    private Outcome imagePost() {
        return new ImagePostHandler(forum, generator).handle(Tasks.imagePost(2));
    }

    @Test
    void anImagePostPublishesTheFinalImageNotTheThoughtDraftAndSumsBothCalls() {
        byte[] draft = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1};
        answer("{\"text\":\"" + PLAN + "\"}", "STOP", "gemini-3.5-flash-lite-002");
        answer(inline("image/jpeg", draft, true) + ",{\"text\":\"Here it is.\"}," + inline("image/png",
                ImagePostHandlerTest.PNG, false), "STOP", "gemini-3.1-flash-image-001");

        Outcome outcome = imagePost();

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Done.class, done -> {
            Effect.PublishPost post = (Effect.PublishPost) done.effect();
            assertThat(post.image().mimeType()).isEqualTo("image/png");
            assertThat(post.image().data()).isEqualTo(ImagePostHandlerTest.PNG);
            assertThat(post.image().prompt()).isEqualTo("A rustic loaf on a wooden board");
            assertThat(post.body()).isEqualTo("My Sunday loaf, straight from the oven.");
            // the image's own tokens are billed per image, not as output
            assertThat(done.usage()).isEqualTo(new Usage(2, 100, 40, 1, "gemini-3.1-flash-image-001"));
        });
    }

    @Test
    void anImageOfAnotherTypeIsNotPublished() {
        answer("{\"text\":\"" + PLAN + "\"}", "STOP", "m");
        answer(inline("application/pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII), false),
                "STOP", "m");

        assertThat(imagePost()).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("'application/pdf', not one of"));
    }

    @Test
    void aTextOnlyImageAnswerFailsTheImagePost() {
        answer("{\"text\":\"" + PLAN + "\"}", "STOP", "m");
        answer("{\"text\":\"I can't draw that, but here is a description.\"}", "STOP", "m");

        assertThat(imagePost()).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).contains("without an image", "I can't draw that"));
    }

    @Test
    void anImageSafetyVerdictFailsTheImagePost() {
        answer("{\"text\":\"" + PLAN + "\"}", "STOP", "m");
        respond(200, "{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\",\"finishMessage\":\"Unable to show the "
                + "generated image.\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":14}}");

        assertThat(imagePost()).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).contains("IMAGE_SAFETY", "Unable to show the generated image"));
    }

    @Test
    void theEmptyMaxTokensTrapIsRetried() {
        respond(200, "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":52,\"thoughtsTokenCount\":1024,\"totalTokenCount\":1076},"
                + "\"modelVersion\":\"gemini-3.5-flash-lite\"}");

        Outcome outcome = new CommentHandler(forum, generator).handle(Tasks.comment(9));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
            assertThat(r.reason()).contains("empty at MAX_TOKENS", "thinking used 1024");
            assertThat(r.usage()).isEqualTo(new Usage(1, 52, 1024, "gemini-3.5-flash-lite"));
        });
    }

    @Test
    void aThoughtOnlyAnswerIsRetried() {
        answer("{\"text\":\"Let me think about pans.\",\"thought\":true}", "STOP", "m");

        assertThat(new CommentHandler(forum, generator).handle(Tasks.comment(9)))
                .isInstanceOfSatisfying(Outcome.Retry.class,
                        r -> assertThat(r.reason()).contains("only thought parts"));
    }

    @Test
    void aPromptBlockedForSafetyFailsTheVote() {
        respond(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
                + "\"HARM_CATEGORY_HATE_SPEECH\",\"probability\":\"HIGH\",\"blocked\":true}]},"
                + "\"usageMetadata\":{\"promptTokenCount\":13,\"totalTokenCount\":13}}");

        assertThat(new VoteHandler(forum, generator).handle(Tasks.vote(9)))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).contains("prompt blocked: SAFETY", "HARM_CATEGORY_HATE_SPEECH"));
    }

    @Test
    void a429WithRetryInfoDefersForThatLong() {
        respond(429, "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"26s\"}]}}");

        assertThat(new VoteHandler(forum, generator).handle(Tasks.vote(9)))
                .isInstanceOfSatisfying(Outcome.Defer.class, d -> {
                    assertThat(d.delay()).contains(Duration.ofSeconds(26));
                    assertThat(d.usage().calls()).isEqualTo(1);
                });
    }

    @Test
    void a400FailsThePostAtOnce() {
        respond(400, "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received. Unknown name \\\"foo\\\"\","
                + "\"status\":\"INVALID_ARGUMENT\"}}");

        assertThat(new PostHandler(forum, generator).handle(Tasks.post(2)))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).contains("HTTP 400 INVALID_ARGUMENT", "Unknown name"));
    }

    @Test
    void aModelRetiredMidRunIsAnOutageThatDefersTheTaskWithoutARetry() {
        respond(404, "{\"error\":{\"code\":404,\"message\":\"models/gemini-2.0-flash is not found for API version "
                + "v1beta\",\"status\":\"NOT_FOUND\"}}");

        assertThat(new ReplyHandler(forum, generator).handle(Tasks.reply(9, 31)))
                .as("the comment does not exist, so no call").isInstanceOf(Outcome.Failed.class);
        forum.comment(31, 9, null, 21, "bob", "@chef_ana thoughts?");
        assertThat(new ReplyHandler(forum, generator).handle(Tasks.reply(9, 31)))
                .isInstanceOfSatisfying(Outcome.Defer.class,
                        d -> assertThat(d.reason()).contains("OUTAGE", "HTTP 404 NOT_FOUND"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
