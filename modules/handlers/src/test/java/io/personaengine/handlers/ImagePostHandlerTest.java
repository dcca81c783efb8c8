package io.personaengine.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePostHandlerTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    private static final String PLAN = """
            {"title": "Sunday loaf", "caption": "My Sunday loaf, straight from the oven. The crumb was worth the wait.",
             "tags": ["Bread", "sourdough"], "imagePrompt": "A rustic sourdough loaf on a wooden board, morning light"}""";
    private static final Usage BOTH = ScriptedGenerator.TEXT_USAGE.plus(ScriptedGenerator.IMAGE_USAGE);

    private final FakeForum forum = new FakeForum();
    private final ScriptedGenerator generator = new ScriptedGenerator().json(PLAN);
    private final ImagePostHandler handler = new ImagePostHandler(forum, generator);

    @BeforeEach
    void board() {
        forum.board(2, "The Kitchen", List.of("cooking", "baking"));
    }

    @Test
    void plansThePostThenDrawsItAndPublishesBothChargingBothCalls() {
        generator.image("image/png", PNG);

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Done.class, done -> {
            Effect.PublishPost post = (Effect.PublishPost) done.effect();
            assertThat(post.boardId()).isEqualTo(2);
            assertThat(post.title()).isEqualTo("Sunday loaf");
            assertThat(post.body()).startsWith("My Sunday loaf, straight from the oven.");
            assertThat(post.tags()).containsExactly("bread", "sourdough");
            assertThat(post.image()).isNotNull();
            assertThat(post.image().mimeType()).isEqualTo("image/png");
            assertThat(post.image().data()).isEqualTo(PNG);
            assertThat(post.image().prompt()).isEqualTo("A rustic sourdough loaf on a wooden board, morning light");
            assertThat(done.usage()).isEqualTo(BOTH)
                    .isEqualTo(new Usage(2, 140, 1320, "gemini-3.1-flash-image"));
        });
    }

    @Test
    void thePlanIsAskedForInThePersonasVoiceAndTheImageFromThePlan() {
        generator.image("image/png", PNG);

        handler.handle(Tasks.imagePost(2));

        JsonPrompt plan = generator.prompt(0, JsonPrompt.class);
        assertThat(Prompts.plain(plan.systemInstruction())).isEqualTo(Prompts.voice(FakeForum.ANA));
        assertThat(plan.jsonSchema()).isEqualTo(ImagePlan.SCHEMA);
        assertThat(Prompts.plain(plan.userText())).contains(UntrustedText.BEGIN + " board\nName: The Kitchen");
        ImagePrompt image = generator.prompt(1, ImagePrompt.class);
        assertThat(image.description()).startsWith("A rustic sourdough loaf on a wooden board, morning light")
                .endsWith(ImagePostHandler.IMAGE_RULES);
        assertThat(image.aspectRatio()).isEqualTo("4:3");
    }

    @Test
    void aRefusedImageFailsTheTaskAtOnceChargedWithBothCalls() {
        Usage refusedCall = new Usage(1, 40, 0, "gemini-3.1-flash-image");
        generator.image(p -> {
            throw new ContentException(ContentException.Kind.BLOCKED, "the image model made no image (NO_IMAGE)",
                    null, false, refusedCall, null);
        });

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.reason()).contains("BLOCKED", "NO_IMAGE");
            assertThat(f.usage()).isEqualTo(ScriptedGenerator.TEXT_USAGE.plus(refusedCall));
        });
    }

    @Test
    void aRateLimitedImageCallDefersChargedWithThePlan() {
        generator.image(p -> {
            throw new ContentException(ContentException.Kind.RATE_LIMITED, "429", Duration.ofSeconds(26), false,
                    new Usage(1, 0, 0, "gemini-3.1-flash-image"), null);
        });

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Defer.class, d -> {
            assertThat(d.delay()).contains(Duration.ofSeconds(26));
            assertThat(d.usage().calls()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/pdf", "image/svg+xml", "text/plain", "image/tiff"})
    void anImageOfATypeTheForumMustNotServeIsRetried(String mimeType) {
        generator.image(mimeType, PNG);

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
            assertThat(r.reason()).contains("'" + mimeType + "', not one of image/png, image/jpeg");
            assertThat(r.usage()).isEqualTo(BOTH);
        });
    }

    @Test
    void anImageOverEightMegabytesIsRetried() {
        byte[] huge = Arrays.copyOf(PNG, PublishableImage.MAX_BYTES + 1);
        generator.image("image/png", huge);

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("8388609 bytes, more than the 8388608 allowed"));
    }

    @Test
    void anImageAtTheLimitIsPublished() {
        generator.image("image/png", Arrays.copyOf(PNG, 64));

        assertThat(new ImagePostHandler(forum, generator, 64).handle(Tasks.imagePost(2))).isInstanceOf(Outcome.Done.class);
    }

    @Test
    void bytesThatAreNotTheDeclaredTypeAreRetried() {
        generator.image("image/jpeg", PNG);

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("not image/jpeg although it is labelled so"));
    }

    @Test
    void aMimeTypeIsReadWithoutCaseOrParameters() {
        byte[] webp = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
        generator.image("Image/WEBP; q=1", webp);

        Outcome outcome = handler.handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Done.class, d ->
                assertThat(((Effect.PublishPost) d.effect()).image().mimeType()).isEqualTo("image/webp"));
    }

    @Test
    void anUnusablePlanIsRetriedWithoutDrawingAnything() {
        ScriptedGenerator planner = new ScriptedGenerator().json("{\"title\": \"Loaf\", \"caption\": \"Too short\"}");

        Outcome outcome = new ImagePostHandler(forum, planner).handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
            assertThat(r.reason()).contains("the caption has 9 chars");
            assertThat(r.usage()).isEqualTo(ScriptedGenerator.TEXT_USAGE);
        });
        assertThat(planner.prompts).hasSize(1);
    }

    @Test
    void aPlanWithoutAnImagePromptIsRetried() {
        ScriptedGenerator planner = new ScriptedGenerator().json(PLAN.replace("imagePrompt", "picture"));

        Outcome outcome = new ImagePostHandler(forum, planner).handle(Tasks.imagePost(2));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("'imagePrompt' is missing"));
    }

    @Test
    void aDeletedBoardFailsWithoutAskingTheModel() {
        assertThat(handler.handle(Tasks.imagePost(404))).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("board 404 no longer exists"));
        assertThat(generator.prompts).isEmpty();
    }
}
