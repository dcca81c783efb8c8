package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;

/**
 * IMAGE_POST: two calls. The text model, in the persona's voice, plans the post (title, caption,
 * tags) and describes the picture; the image model draws it. The post is published with the image
 * and the caption as its body. A refused image fails the task at once; the attempt is charged with
 * both calls.
 */
public final class ImagePostHandler extends PersonaAction {

    static final int MAX_OUTPUT_TOKENS = 2_048;
    static final String ASPECT_RATIO = "4:3";
    static final String IMAGE_RULES = "\n\nNo text, letters, logos or watermarks in the picture, and no real people.";

    private final int maxImageBytes;

    public ImagePostHandler(ForumReader forum, ContentGenerator generator) {
        this(forum, generator, PublishableImage.MAX_BYTES);
    }

    ImagePostHandler(ForumReader forum, ContentGenerator generator, int maxImageBytes) {
        super(forum, generator);
        if (maxImageBytes <= 0) {
            throw new IllegalArgumentException("maxImageBytes must be positive: " + maxImageBytes);
        }
        this.maxImageBytes = maxImageBytes;
    }

    @Override
    Outcome act(ClaimedTask task, Persona persona) {
        Target<Board> board = board(task);
        if (!board.found()) {
            return board.failure();
        }
        long boardId = board.get().id();
        GeneratedText answer = generator().generateJson(prompt(persona, board.get()));
        Validated<ImagePlan> plan = JsonAnswer.object(answer.text()).flatMap(ImagePlan::from);
        if (!plan.isValid()) {
            return plan.rejection(answer.usage());
        }
        return illustrate(boardId, requireNonNull(plan.value()), answer.usage());
    }

    private Outcome illustrate(long boardId, ImagePlan plan, Usage planned) {
        GeneratedImage image;
        try {
            image = generator().generateImage(new ImagePrompt(plan.imagePrompt() + IMAGE_RULES, ASPECT_RATIO));
        } catch (ContentException e) {
            return Outcome.of(e.withEarlierUsage(planned));
        }
        PostDraft post = plan.post();
        return PublishableImage.check(image, plan.imagePrompt(), maxImageBytes)
                .outcome(picture -> new Effect.PublishPost(boardId, post.title(), post.body(), post.tags(), picture),
                        planned.plus(image.usage()));
    }

    static JsonPrompt prompt(Persona persona, Board board) {
        DataMarkers markers = DataMarkers.fresh();
        String task = """
                Plan an image post for the forum board below: a picture about something you care about \
                that fits the board, and the words that go with it. Answer in JSON: "title" is the post \
                title (at most 120 characters), "caption" is 2 to 4 sentences in your voice that go under \
                the picture, "tags" are 1 to 5 single-word topics, and "imagePrompt" is one paragraph \
                describing the picture for an illustrator: subject, composition, colours and style, with \
                no text in the picture.

                %s""".formatted(ForumData.board(markers, board));
        return new JsonPrompt(PersonaVoice.systemInstruction(persona, markers), task, ImagePlan.SCHEMA, MAX_OUTPUT_TOKENS);
    }
}
